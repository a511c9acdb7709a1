using FsCheck;
using FsCheck.Xunit;
using FinQuery.Charts;
using FinQuery.Charts.Rendering;

namespace FinQuery.Tests.Charts;

/// <summary>Laws the charts rely on: one mark per value, a gap per missing period, labels that fit, one zero.</summary>
public class ChartProperties
{
    private static readonly string Blue = ChartRenderer.Palette[0].ToHex();

    /// <summary>Quarters from 2015Q1: a value where <paramref name="present"/> is true, nothing otherwise.</summary>
    private static (QueryResult Result, int Values, int Runs, int Gaps) Quarterly(bool[] present, int[] raw, string unit, Aggregation aggregation)
    {
        var start = Period.OfQuarter(2015, 1);
        var points = new List<KeyValuePair<Period, double>>();
        for (int i = 0; i < present.Length; i++)
            if (present[i]) points.Add(new(start + i, 1 + Math.Abs((long)raw[i % raw.Length]) % 1000));
        var data = new DatasetBuilder().AddEntity("X").AddSeries("X", "m", unit, aggregation, points).Build();
        int first = Array.IndexOf(present, true), last = Array.LastIndexOf(present, true);
        int runs = 0, gaps = 0;
        for (int i = first; i <= last; i++)
        {
            if (present[i] && (i == first || !present[i - 1])) runs++;
            if (!present[i]) gaps++;
        }
        return (Query.Evaluate("m", data), points.Count, runs, gaps);
    }

    private static bool[] Mask(bool[] raw) => raw.Length > 0 && raw.Any(b => b) ? raw.Take(24).ToArray() : [true, false, true];

    [Property(MaxTest = 12)]
    public bool Bars_one_per_value_and_na_per_gap(bool[] mask, NonEmptyArray<int> raw)
    {
        var present = Mask(mask);
        var (result, values, _, gaps) = Quarterly(present, raw.Get, "USD", Aggregation.Sum);
        var svg = SvgChart.Parse(new Chart().Add("m", result).ToSvg());
        return svg.Bars(Blue).Count == values
            && svg.Bars(Blue).All(b => b.Height > 0)
            && svg.Texts.Count(t => t == ChartRenderer.NaText) == gaps;
    }

    [Property(MaxTest = 12)]
    public bool Lines_one_marker_per_value_and_one_path_per_run(bool[] mask, NonEmptyArray<int> raw)
    {
        var present = Mask(mask);
        var (result, values, runs, _) = Quarterly(present, raw.Get, "count", Aggregation.Last);
        var svg = SvgChart.Parse(new Chart().Add("m", result).ToSvg());
        return svg.Markers(Blue).Count == values && svg.LinePaths(Blue).Count == runs;
    }

    [Property]
    public bool Label_step_is_the_smallest_that_fits(PositiveInt slots, PositiveInt labelPixels, PositiveInt room)
    {
        int n = 1 + slots.Get % 2000;
        double label = 10 + labelPixels.Get % 90, space = 100 + room.Get % 4000;
        int step = ChartRenderer.LabelStep(n, label, space);
        int labelled = (n + step - 1) / step;
        bool fits = labelled * label <= space;
        // Either it fits, or no step does (the largest is used); and no smaller step of the list would fit.
        return (fits || step == 1920) && (step == 1 || (n + Previous(step) - 1) / Previous(step) * label > space);
    }

    private static int Previous(int step)
    {
        int[] steps = [1, 2, 3, 4, 6, 8, 12, 16, 24, 36, 48, 60, 120, 240, 480, 960, 1920];
        return steps[Array.IndexOf(steps, step) - 1];
    }

    [Property]
    public bool Aligned_axes_put_zero_at_one_height_and_keep_their_data(NormalFloat a, NormalFloat b, NormalFloat c, NormalFloat d)
    {
        var ranges = new[] { Range(a.Get, b.Get), Range(c.Get, d.Get) };
        var before = ranges.ToArray();
        if (!YRange.AlignZeros(ranges)) return ranges.SequenceEqual(before);
        double Zero(YRange r) => -r.Low / (r.High - r.Low);
        return Math.Abs(Zero(ranges[0]) - Zero(ranges[1])) < 1e-9
            && ranges.Zip(before).All(p => p.First.Low <= p.Second.Low && p.First.High == p.Second.High);
    }

    private static YRange Range(double x, double y) => new() { Low = Math.Min(Math.Min(x, y), 0), High = Math.Max(Math.Max(x, y), 0) + 1 };
}
