namespace FinQuery.Charts.Rendering;

/// <summary>Bars or a line for a result drawn with <see cref="ChartMark.Auto"/>.</summary>
internal static class SeriesMarks
{
    /// <summary>
    /// True for a flow. A query result does not tell its aggregation yet, so the unit decides: an amount in a
    /// currency (three capital letters, as ISO 4217 writes them: USD, EUR) is a flow; percents, ratios,
    /// per-share figures and counts (mostly stocks: headcount, users) are lines.
    /// </summary>
    public static bool IsFlow(QueryResult result) => IsCurrency(result.Unit);

    public static bool IsCurrency(string unit) => unit.Length == 3 && unit.All(char.IsAsciiLetterUpper);
}
