namespace FinQuery.Charts;

/// <summary>How a series is drawn on a <see cref="Chart"/>.</summary>
public enum ChartMark
{
    /// <summary>
    /// Bars for flows (series whose values add up over time, such as revenue), a line with a marker per
    /// point for everything else: percents, ratios, per-share figures and stocks (headcount, cash).
    /// </summary>
    Auto,
    /// <summary>One bar per period, from zero.</summary>
    Bars,
    /// <summary>A line through the periods, with a marker on each; missing periods break the line.</summary>
    Line,
}
