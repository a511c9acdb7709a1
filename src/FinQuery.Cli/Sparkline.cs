namespace FinQuery.Cli;

/// <summary>A one-line chart of a series from the eight block characters ▁▂▃▄▅▆▇█, lowest value to highest.</summary>
internal static class Sparkline
{
    private const string Blocks = "▁▂▃▄▅▆▇█";

    /// <summary>
    /// The sparkline of <paramref name="values"/>; a series longer than <paramref name="width"/> shows its last
    /// <paramref name="width"/> − 1 points after a leading <c>…</c>. Non-finite values are blanks; a flat series is
    /// a row of the middle block.
    /// </summary>
    public static string Of(IReadOnlyList<double> values, int width = 48)
    {
        if (values.Count == 0) return "";
        bool cut = values.Count > width;
        var shown = cut ? values.Skip(values.Count - (width - 1)).ToList() : values;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in shown)
        {
            if (!double.IsFinite(v)) continue;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        var chars = new char[shown.Count];
        for (int i = 0; i < shown.Count; i++)
        {
            double v = shown[i];
            if (!double.IsFinite(v)) chars[i] = ' ';
            else if (max - min <= 0 || !double.IsFinite(max - min)) chars[i] = Blocks[3];
            else chars[i] = Blocks[(int)Math.Clamp(Math.Floor((v - min) / (max - min) * Blocks.Length), 0, Blocks.Length - 1)];
        }
        return (cut ? "…" : "") + new string(chars);
    }
}
