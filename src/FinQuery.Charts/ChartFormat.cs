namespace FinQuery.Charts;

/// <summary>The file format a <see cref="Chart"/> is written in.</summary>
public enum ChartFormat
{
    /// <summary>SVG: a vector document whose text (title, axis labels, legend) stays text.</summary>
    Svg,
    /// <summary>PNG: a bitmap of <see cref="Chart.Width"/> × <see cref="Chart.Height"/> pixels.</summary>
    Png,
}
