namespace FinQuery.Charts.Rendering;

/// <summary>One series to draw: finite values in period order, one frequency.</summary>
internal sealed record ChartSeries(
    string Label,
    string Unit,
    bool Bars,
    Frequency Frequency,
    KeyValuePair<Period, double>[] Points,
    HashSet<Period>? Highlight,
    FiscalCalendar Calendar)
{
    public Period First => Points[0].Key;

    public Period Last => Points[^1].Key;
}

/// <summary>Everything the renderer needs: a snapshot of a <see cref="Chart"/>.</summary>
internal sealed record ChartSpec(string? Title, int Width, int Height, IReadOnlyList<ChartSeries> Series);
