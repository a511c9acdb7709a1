namespace FinQuery.Charts.Rendering;

/// <summary>
/// The limits of one y axis, in the axis' scaled units. Bars start from zero, so an axis with bars always
/// holds zero and, when nothing is negative, ends there. Two axes that both hold zero put it at the same
/// height, so the chart has one zero line.
/// </summary>
internal struct YRange
{
    private const double Pad = 0.08;

    public double Low;
    public double High;

    /// <summary>Bars stand on zero; a line needs a zero line only when it crosses zero.</summary>
    public bool DrawZero;

    /// <summary>Only bars, none of them negative.</summary>
    public bool NonNegative;

    public static YRange Of(IEnumerable<ChartSeries> series, AxisScale scale)
    {
        var list = series.ToList();
        bool bars = list.Any(s => s.Bars);
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var p in list.SelectMany(s => s.Points))
        {
            double v = scale.Apply(p.Value);
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }
        bool crosses = lo < 0 && hi > 0;
        bool nonNegative = list.All(s => s.Bars) && lo >= 0;
        if (bars)
        {
            lo = Math.Min(lo, 0);
            hi = Math.Max(hi, 0);
        }
        double span = hi - lo;
        double pad = span > 0 ? span * Pad : Math.Max(Math.Abs(hi) * Pad, 1);
        double low = lo - pad, high = hi + pad;
        // Bars end at zero when all are on one side of it; a margin never reaches past zero into values the data
        // does not have (a flat 0% growth line stays on the zero line, not in the middle of an invented range).
        // A line that touches zero keeps a sliver of room, so it is not drawn on the frame.
        double sliver = bars ? 0 : pad * 0.15;
        if (lo >= 0 && low < 0) low = lo == 0 ? -sliver : 0;
        else if (hi <= 0 && high > 0) high = hi == 0 ? sliver : 0;
        if (low == high) high = low + 1;
        return new YRange
        {
            Low = low,
            High = high,
            DrawZero = bars || crosses,
            NonNegative = nonNegative,
        };
    }

    /// <summary>Lowers the bottom of an axis so that zero sits at the same height on both; false when it cannot.</summary>
    public static bool AlignZeros(YRange[] ranges)
    {
        if (ranges.Length != 2 || ranges.Any(r => r.Low > 0 || r.High < 0 || r.High <= r.Low)) return false;
        double f = ranges.Max(r => -r.Low / (r.High - r.Low));
        if (f >= 0.9) return false;
        for (int i = 0; i < ranges.Length; i++)
        {
            if (-ranges[i].Low / (ranges[i].High - ranges[i].Low) < f)
                ranges[i].Low = -f * ranges[i].High / (1 - f);
        }
        return true;
    }
}
