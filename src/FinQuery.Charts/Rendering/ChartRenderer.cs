using ScottPlot;
using ScottPlot.TickGenerators;
using SkiaSharp;

namespace FinQuery.Charts.Rendering;

/// <summary>
/// Draws a <see cref="ChartSpec"/> with ScottPlot. The x axis is categorical: one slot per period from the
/// chart's first period to its last, labelled with the period's text. Each unit gets a y axis (left, then right).
/// </summary>
internal static class ChartRenderer
{
    /// <summary>Colours in the order series are added: distinct in hue and lightness, readable on white.</summary>
    internal static readonly Color[] Palette =
    [
        Color.FromHex("#1F77B4"), // blue
        Color.FromHex("#FF7F0E"), // orange
        Color.FromHex("#2CA02C"), // green
        Color.FromHex("#D62728"), // red
        Color.FromHex("#9467BD"), // purple
        Color.FromHex("#8C564B"), // brown
        Color.FromHex("#E377C2"), // pink
        Color.FromHex("#7F7F7F"), // grey
        Color.FromHex("#BCBD22"), // olive
        Color.FromHex("#17BECF"), // cyan
    ];

    internal const string NaText = "n/a";
    private const float TickFontSize = 12;
    private const double GroupWidth = 0.8;
    private static readonly Color Ink = Color.FromHex("#333333");
    private static readonly Color Faint = Color.FromHex("#999999");

    public static string Svg(ChartSpec spec)
    {
        using var plot = Build(spec);
        return SvgText.Tidy(plot.GetSvgXml(spec.Width, spec.Height), spec.Title);
    }

    public static byte[] Png(ChartSpec spec)
    {
        using var plot = Build(spec);
        return plot.GetImageBytes(spec.Width, spec.Height, ImageFormat.Png);
    }

    internal static Plot Build(ChartSpec spec)
    {
        BundledFont.EnsureRegistered();
        var plot = new Plot();
        plot.Font.Set(BundledFont.Family);

        var series = spec.Series;
        Period start = series.Min(s => s.First);
        Period end = series.Max(s => s.Last);
        int slots = end - start + 1;
        var units = series.Select(s => s.Unit).Distinct().ToList();
        var scales = units.Select(u => AxisScale.For(u, series.Where(s => s.Unit == u).SelectMany(s => s.Points).Max(p => Math.Abs(p.Value)))).ToArray();
        IYAxis[] axes = [plot.Axes.Left, plot.Axes.Right];

        int barSeries = series.Count(s => s.Bars);
        int barIndex = 0;
        for (int k = 0; k < series.Count; k++)
        {
            var s = series[k];
            int a = units.IndexOf(s.Unit);
            var color = Palette[k % Palette.Length];
            if (s.Bars)
                AddBars(plot, s, start, scales[a], axes[a], color, barIndex++, barSeries, slots, spec.Width);
            else
                AddLine(plot, s, start, scales[a], axes[a], color, SlotPixels(spec.Width, slots, units.Count));
        }

        plot.Axes.Color(Ink);
        StyleXAxis(plot, start, slots, spec.Width, units.Count, series[0].Calendar);
        var ranges = new YRange[units.Count];
        for (int a = 0; a < units.Count; a++)
        {
            var onAxis = series.Select((s, k) => (s, k)).Where(t => t.s.Unit == units[a]).ToList();
            Color? labelColor = units.Count == 2 && onAxis.Count == 1 ? Palette[onAxis[0].k % Palette.Length] : null;
            ranges[a] = YRange.Of(onAxis.Select(t => t.s), scales[a]);
            StyleYAxis(axes[a], scales[a], labelColor, hideNegative: ranges[a].NonNegative);
        }
        bool aligned = YRange.AlignZeros(ranges);
        for (int a = 0; a < units.Count; a++)
        {
            plot.Axes.SetLimitsY(ranges[a].Low, ranges[a].High, axes[a]);
            // One zero line: under the bars, or where a line crosses zero; the second axis shares it when aligned.
            if (ranges[a].DrawZero && !(aligned && a == 1))
            {
                var zero = plot.Add.HorizontalLine(0, 1, Faint);
                zero.Axes.YAxis = axes[a];
            }
        }

        plot.Grid.XAxisStyle.IsVisible = false;
        plot.Grid.MajorLineColor = Color.FromHex("#E5E5E5");
        HideFrame(plot.Axes.Top);
        if (units.Count < 2) HideFrame(plot.Axes.Right);

        if (!string.IsNullOrWhiteSpace(spec.Title))
        {
            plot.Title(spec.Title, size: 17);
            plot.Axes.Title.Label.Bold = false;
            plot.Axes.Title.Label.ForeColor = Ink;
        }

        plot.ShowLegend(Edge.Bottom);
        plot.Legend.FontName = BundledFont.Family;
        plot.Legend.FontSize = 13;
        plot.Legend.FontColor = Ink;
        plot.Legend.OutlineWidth = 0;
        plot.Legend.ShadowOffset = new PixelOffset(0, 0);
        plot.Legend.ShadowColor = Colors.Transparent;

        plot.Axes.SetLimitsX(-0.6, slots - 0.4, plot.Axes.Bottom);
        return plot;
    }

    private static void AddBars(Plot plot, ChartSeries s, Period start, AxisScale scale, IYAxis axis, Color color,
        int index, int count, int slots, int width)
    {
        double size = GroupWidth / count;
        double offset = -GroupWidth / 2 + size * (index + 0.5);
        var values = s.Points.ToDictionary(p => p.Key, p => p.Value);
        var bars = new List<Bar>();
        var gaps = new List<double>();
        int span = s.Last - s.First + 1;
        for (int i = 0; i < span; i++)
        {
            var p = s.First + i;
            double x = (p - start) + offset;
            if (!values.TryGetValue(p, out double v))
            {
                gaps.Add(x);
                continue;
            }
            bool strong = s.Highlight is null || s.Highlight.Contains(p);
            bars.Add(new Bar
            {
                Position = x,
                Value = scale.Apply(v),
                Size = size * 0.92,
                FillColor = strong ? color : color.WithAlpha(0.35),
                LineWidth = 0,
            });
        }
        // The legend takes its swatch from the first bar: keep a full-colour one first.
        int firstStrong = bars.FindIndex(b => b.FillColor.Alpha == color.Alpha);
        if (firstStrong > 0) (bars[0], bars[firstStrong]) = (bars[firstStrong], bars[0]);
        var plottable = plot.Add.Bars(bars);
        plottable.LegendText = s.Label;
        plottable.Axes.YAxis = axis;

        // An empty slot reads as zero unless it says otherwise; mark it where there is room for the text.
        double slotPixels = (width - 120.0) / slots * size;
        if (slotPixels < 22) return;
        // Above the zero line, or below it when every bar hangs down from zero (losses).
        bool below = s.Points.All(p => p.Value <= 0);
        foreach (double x in gaps)
        {
            var text = plot.Add.Text(NaText, x, 0);
            text.Axes.YAxis = axis;
            text.LabelFontName = BundledFont.Family;
            text.LabelFontSize = 10;
            text.LabelFontColor = Faint;
            text.LabelAlignment = below ? Alignment.UpperCenter : Alignment.LowerCenter;
            text.OffsetY = below ? 3 : -3;
        }
    }

    /// <summary>About how wide one period's slot is, in pixels, once the y axes have taken their room.</summary>
    private static double SlotPixels(int width, int slots, int yAxes) => (width - (yAxes == 2 ? 170.0 : 95.0)) / slots;

    /// <summary>Below this many pixels a slot, markers would merge into a band: the line alone shows the values.</summary>
    private const double MarkerRoom = 9;

    private static void AddLine(Plot plot, ChartSeries s, Period start, AxisScale scale, IYAxis axis, Color color, double slotPixels)
    {
        bool markers = slotPixels >= MarkerRoom;
        // One scatter per run of consecutive periods: a missing period breaks the line.
        bool labelled = false;
        int i = 0;
        var points = s.Points;
        while (i < points.Length)
        {
            int j = i + 1;
            while (j < points.Length && points[j].Key - points[j - 1].Key == 1) j++;
            double[] xs = new double[j - i], ys = new double[j - i];
            for (int n = i; n < j; n++)
            {
                xs[n - i] = points[n].Key - start;
                ys[n - i] = scale.Apply(points[n].Value);
            }
            var line = plot.Add.Scatter(xs, ys, color);
            line.LineWidth = markers ? 2.5f : 1.5f;
            // A lone period has no line to show it: it keeps its marker however dense the chart.
            line.MarkerSize = markers || j - i == 1 ? 7 : 0;
            line.MarkerShape = MarkerShape.FilledCircle;
            line.Axes.YAxis = axis;
            if (!labelled)
            {
                line.LegendText = s.Label;
                labelled = true;
            }
            i = j;
        }
        if (s.Highlight is { Count: > 0 } highlight)
        {
            var marked = points.Where(p => highlight.Contains(p.Key)).ToArray();
            if (marked.Length == 0) return;
            var rings = plot.Add.ScatterPoints(marked.Select(p => (double)(p.Key - start)).ToArray(), marked.Select(p => scale.Apply(p.Value)).ToArray(), color);
            rings.MarkerShape = MarkerShape.OpenCircle;
            rings.MarkerSize = 15;
            rings.MarkerLineWidth = 2;
            rings.Axes.YAxis = axis;
        }
    }

    private static void StyleXAxis(Plot plot, Period start, int slots, int width, int yAxes, FiscalCalendar calendar)
    {
        var labels = new string[slots];
        for (int i = 0; i < slots; i++) labels[i] = calendar.Format(start + i);
        using var font = new SKFont(Fonts.GetTypeface(BundledFont.Family, false, false), TickFontSize);
        double widest = labels.Max(l => font.MeasureText(l));
        double room = SlotPixels(width, slots, yAxes) * slots;
        int every = LabelStep(slots, widest + 14, room);
        var ticks = new NumericManual();
        for (int i = 0; i < slots; i++)
        {
            // Count back from the last period, so the latest one is always labelled.
            if ((slots - 1 - i) % every == 0) ticks.AddMajor(i, labels[i]);
            else if (room / slots >= 4) ticks.AddMinor(i);
        }
        plot.Axes.Bottom.TickGenerator = ticks;
        // The last label is centred on the last slot: leave it room when no axis stands on the right.
        if (yAxes < 2) plot.Axes.Right.MinimumSize = (float)(widest / 2 + 6);
        plot.Axes.Bottom.TickLabelStyle.FontSize = TickFontSize;
        plot.Axes.Bottom.MajorTickStyle.Length = 4;
        plot.Axes.Bottom.MinorTickStyle.Length = 2;
    }

    private static void HideFrame(IAxis axis)
    {
        if (axis is ScottPlot.AxisPanels.AxisBase panel) panel.FrameLineStyle.IsVisible = false;
    }

    /// <summary>Label every period, or every 2nd, 3rd, 4th, 6th, … so that labels never overlap.</summary>
    internal static int LabelStep(int slots, double labelPixels, double roomPixels)
    {
        int[] steps = [1, 2, 3, 4, 6, 8, 12, 16, 24, 36, 48, 60, 120, 240, 480, 960, 1920];
        foreach (int step in steps)
            if ((slots + step - 1) / step * labelPixels <= roomPixels) return step;
        return steps[^1];
    }


    private static void StyleYAxis(IYAxis axis, AxisScale scale, Color? labelColor, bool hideNegative)
    {
        axis.Label.Text = scale.Title;
        axis.Label.FontSize = 13;
        axis.Label.Bold = false;
        if (labelColor is { } c) axis.Label.ForeColor = c;
        axis.TickLabelStyle.FontSize = TickFontSize;
        axis.TickGenerator = new ValueTicks(hideNegative);
        axis.MajorTickStyle.Length = 4;
        axis.MinorTickStyle.Length = 0;
    }
}
