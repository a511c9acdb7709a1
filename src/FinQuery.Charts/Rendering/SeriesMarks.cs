namespace FinQuery.Charts.Rendering;

/// <summary>Bars or a line for a result drawn with <see cref="ChartMark.Auto"/>.</summary>
internal static class SeriesMarks
{
    /// <summary>
    /// True for a flow: a result whose aggregation is <c>sum</c>. Only a result that does not tell its aggregation
    /// falls back to its unit: an amount in a currency (three capital letters, as ISO 4217 writes them: USD, EUR)
    /// is a flow; percents, ratios, per-share figures and counts are lines.
    /// </summary>
    public static bool IsFlow(QueryResult result) =>
        result.Aggregation is { } aggregation ? aggregation == Aggregation.Sum : IsCurrency(result.Unit);

    public static bool IsCurrency(string unit) => unit.Length == 3 && unit.All(char.IsAsciiLetterUpper);
}
