using System.Globalization;
using FinQuery.Charts.Rendering;

namespace FinQuery.Charts;

/// <summary>
/// A chart of series over their periods: bars for flows, lines for percents, ratios, per-share figures and
/// stocks; a period with no value inside a series' span is a gap (a break in the line, an empty slot marked
/// <c>n/a</c> under the bars), never a zero. The x axis shows the periods' own text (<c>2023Q2</c>); each y axis
/// shows a unit with its scale (<c>B USD</c>, <c>%</c>). Series in two units get two y axes; each series gets a
/// colour of its own and a legend entry with its label.
/// </summary>
/// <remarks>
/// Text is drawn with a bundled font (DejaVu Sans), so a chart looks the same on every machine, fonts
/// installed or not. A chart holds series of one frequency and at most two units.
/// </remarks>
/// <example>
/// <code>
/// var data = Dataset.Load("meta.json");
/// new Chart { Title = "Meta revenue" }
///     .Add("revenue", Query.Evaluate("revenue", data))
///     .Add("growth", Query.Evaluate("yoy(revenue)", data))
///     .Save("meta-revenue.svg");
/// </code>
/// </example>
public sealed class Chart
{
    /// <summary>The most periods a chart's x axis can hold, from its first period to its last.</summary>
    public const int MaxPeriods = 2000;

    /// <summary>The smallest width or height accepted, in pixels.</summary>
    public const int MinSize = 200;

    /// <summary>The largest width or height accepted, in pixels.</summary>
    public const int MaxSize = 8000;

    private readonly List<ChartSeries> _series = [];
    private int _width = 900;
    private int _height = 500;

    /// <summary>The title above the chart; none when null or empty.</summary>
    public string? Title { get; set; }

    /// <summary>The width in pixels (SVG user units); 900 unless set.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside <see cref="MinSize"/>..<see cref="MaxSize"/>.</exception>
    public int Width
    {
        get => _width;
        set => _width = CheckSize(value);
    }

    /// <summary>The height in pixels (SVG user units); 500 unless set.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside <see cref="MinSize"/>..<see cref="MaxSize"/>.</exception>
    public int Height
    {
        get => _height;
        set => _height = CheckSize(value);
    }

    /// <summary>The number of series added.</summary>
    public int Count => _series.Count;

    /// <summary>The labels of the series added, in order (the legend's entries).</summary>
    public IReadOnlyList<string> Labels => _series.Select(s => s.Label).ToList();

    /// <summary>Adds a series-valued query result under a label (the query's text, or the label it was given).</summary>
    /// <param name="label">The legend entry.</param>
    /// <param name="result">A result whose <see cref="QueryResult.Kind"/> is <see cref="ResultKind.Series"/>.</param>
    /// <param name="mark">Bars or a line; <see cref="ChartMark.Auto"/> decides from the series (see remarks).</param>
    /// <returns>This chart.</returns>
    /// <remarks>
    /// With <see cref="ChartMark.Auto"/>, a series whose values add up over time (its aggregation is <c>sum</c>) is
    /// drawn as bars, any other as a line. A result that does not tell its aggregation is drawn as bars when its
    /// unit is a currency code (<c>USD</c>, <c>EUR</c>: an amount) and as a line otherwise (percents, ratios,
    /// per-share figures, counts).
    /// </remarks>
    /// <exception cref="ArgumentException">The result is not a series of numbers, has no value to draw, or does not
    /// fit the series already added (another frequency, a third unit, too many periods); the message says which.</exception>
    public Chart Add(string label, QueryResult result, ChartMark mark = ChartMark.Auto)
    {
        CheckLabel(label);
        if (result.Kind != ResultKind.Series)
            throw new ArgumentException($"'{label}' is {Describe(result)}, not a series: only a series can be drawn, such as revenue or yoy(revenue).", nameof(result));
        if (result.IsBoolSeries)
            throw new ArgumentException($"'{label}' is a series of true/false values; draw the numbers it compares instead.", nameof(result));
        bool bars = mark switch
        {
            ChartMark.Bars => true,
            ChartMark.Line => false,
            _ => SeriesMarks.IsFlow(result),
        };
        return Add(label, result.Unit, bars, result.Series, highlight: null, result.Calendar);
    }

    /// <summary>
    /// Adds a data series, its values at its finest reported frequency, under a label: bars when its aggregation
    /// is <c>sum</c>, a line otherwise.
    /// </summary>
    /// <param name="label">The legend entry.</param>
    /// <param name="series">The series.</param>
    /// <returns>This chart.</returns>
    /// <exception cref="ArgumentException">The series has no value, or does not fit the series already added.</exception>
    public Chart Add(string label, MetricSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return Add(label, series, series.FinestReported, highlight: null);
    }

    internal Chart Add(string label, MetricSeries series, Frequency frequency, IReadOnlyCollection<Period>? highlight)
    {
        CheckLabel(label);
        return Add(label, series.Unit, series.Aggregation == Aggregation.Sum, series.ValuesAt(frequency).ToList(), highlight, series.Calendar);
    }

    private Chart Add(string label, string unit, bool bars, IReadOnlyList<KeyValuePair<Period, double>> points, IReadOnlyCollection<Period>? highlight,
        FiscalCalendar calendar)
    {
        var finite = points.Where(p => double.IsFinite(p.Value)).OrderBy(p => p.Key).ToArray();
        if (finite.Length == 0)
            throw new ArgumentException($"'{label}' has no values to draw.", nameof(points));
        var frequency = finite[0].Key.Frequency;
        if (finite.Any(p => p.Key.Frequency != frequency))
            throw new ArgumentException($"'{label}' mixes periods of several frequencies; a chart draws one frequency.", nameof(points));
        var series = new ChartSeries(label, unit, bars, frequency, finite, highlight is null ? null : [.. highlight], calendar);
        if (_series.Count > 0)
        {
            var first = _series[0];
            if (first.Frequency == frequency && (first.First.IsCalendar != finite[0].Key.IsCalendar || first.Calendar.YearEndMonth != calendar.YearEndMonth))
                throw new ArgumentException(
                    $"'{label}' and '{first.Label}' are on different calendars ({calendar.Format(finite[0].Key)}, {first.Calendar.Format(first.First)}): " +
                    "their periods cover different months; draw calendar(x) of each instead.",
                    nameof(points));
            if (first.Frequency != frequency)
                throw new ArgumentException(
                    $"'{label}' is {FrequencyText(frequency)}, but '{first.Label}' is {FrequencyText(first.Frequency)}: a chart draws series of one frequency.",
                    nameof(points));
            var units = _series.Select(s => s.Unit).Distinct().ToList();
            if (!units.Contains(unit) && units.Count == 2)
                throw new ArgumentException(
                    $"'{label}' is in {UnitText(unit)}, a third unit: a chart has two y axes, here {UnitText(units[0])} and {UnitText(units[1])}.",
                    nameof(points));
            var start = _series.Min(s => s.First);
            var end = _series.Max(s => s.Last);
            if (series.First < start) start = series.First;
            if (series.Last > end) end = series.Last;
            CheckSpan(label, start, end);
        }
        else
        {
            CheckSpan(label, series.First, series.Last);
        }
        _series.Add(series);
        return this;
    }

    /// <summary>Writes the chart to a stream.</summary>
    /// <exception cref="InvalidOperationException">No series was added.</exception>
    public void Write(Stream destination, ChartFormat format)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var bytes = Render(format);
        destination.Write(bytes, 0, bytes.Length);
    }

    /// <summary>The chart as an SVG document.</summary>
    /// <exception cref="InvalidOperationException">No series was added.</exception>
    public string ToSvg() => ChartRenderer.Svg(Spec());

    /// <summary>
    /// Writes the chart to a file in the format its extension names (<c>.svg</c> or <c>.png</c>). The chart is
    /// written to a temporary file beside it and then moved into place: a failure leaves no partial file.
    /// </summary>
    /// <exception cref="ArgumentException">The extension is neither <c>.svg</c> nor <c>.png</c>.</exception>
    /// <exception cref="InvalidOperationException">No series was added.</exception>
    /// <exception cref="IOException">The file cannot be written (no such folder, disk full, …).</exception>
    /// <exception cref="UnauthorizedAccessException">The file or its folder is not writable.</exception>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!TryGetFormat(path, out var format))
            throw new ArgumentException($"Cannot tell the format of '{path}': name the file .svg or .png.", nameof(path));
        Save(path, format);
    }

    /// <summary>Writes the chart to a file in the given format, through a temporary file beside it (no partial file on failure).</summary>
    /// <exception cref="InvalidOperationException">No series was added.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The file or its folder is not writable.</exception>
    public void Save(string path, ChartFormat format)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = Render(format);
        AtomicFile.Write(path, bytes);
    }

    /// <summary>The format a file name's extension names: <c>.svg</c> or <c>.png</c>, in any case.</summary>
    public static bool TryGetFormat(string path, out ChartFormat format)
    {
        ArgumentNullException.ThrowIfNull(path);
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".svg":
                format = ChartFormat.Svg;
                return true;
            case ".png":
                format = ChartFormat.Png;
                return true;
            default:
                format = default;
                return false;
        }
    }

    /// <summary>
    /// A chart of the data series behind a result evaluated with an explanation (<see cref="BoundQuery.Explain"/>):
    /// every series its provenance read, over all its periods, with the periods the result used drawn stronger.
    /// A claim such as <c>yoy(revenue, 2023Q2) ~= 11%</c> gives the revenue bars with 2022Q2 and 2023Q2 marked.
    /// </summary>
    /// <param name="explained">A result with <see cref="QueryResult.Provenance"/>.</param>
    /// <param name="data">The dataset the result was evaluated over.</param>
    /// <returns>The chart; its <see cref="Count"/> is 0 when the result read no series (a date difference, a literal).</returns>
    /// <exception cref="ArgumentException">The result carries no provenance.</exception>
    public static Chart Behind(QueryResult explained, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var provenance = explained.Provenance
            ?? throw new ArgumentException("The result carries no provenance: evaluate it with BoundQuery.Explain.", nameof(explained));
        return ProvenanceChart.Build(provenance, data);
    }

    internal ChartSpec Spec()
    {
        if (_series.Count == 0) throw new InvalidOperationException("The chart has no series to draw.");
        return new ChartSpec(Title, _width, _height, _series);
    }

    private byte[] Render(ChartFormat format) => format switch
    {
        ChartFormat.Svg => System.Text.Encoding.UTF8.GetBytes(ChartRenderer.Svg(Spec())),
        ChartFormat.Png => ChartRenderer.Png(Spec()),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown chart format."),
    };

    private static int CheckSize(int value)
    {
        if (value < MinSize || value > MaxSize)
            throw new ArgumentOutOfRangeException(nameof(value), value,
                string.Create(CultureInfo.InvariantCulture, $"A chart is {MinSize} to {MaxSize} pixels wide and high."));
        return value;
    }

    private static void CheckLabel(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (string.IsNullOrWhiteSpace(label)) throw new ArgumentException("A series needs a label for the legend.", nameof(label));
    }

    private static void CheckSpan(string label, Period start, Period end)
    {
        int periods = end - start + 1;
        if (periods > MaxPeriods)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"'{label}' would make the chart {periods} periods wide ({start}..{end}), more than {MaxPeriods}: draw a range, e.g. {label}[{end - (MaxPeriods / 10)}..]."),
                "points");
    }

    private static string Describe(QueryResult result) => result.Kind switch
    {
        ResultKind.NA => $"NA ({result.Display})",
        ResultKind.Number => $"a number ({result.Display})",
        ResultKind.Percent => $"a percent ({result.Display})",
        ResultKind.Period => $"a period ({result.Display})",
        ResultKind.Range => $"a period range ({result.Display})",
        ResultKind.Bool => $"a boolean ({result.Display})",
        _ => result.Display,
    };

    internal static string FrequencyText(Frequency frequency) => frequency switch
    {
        Frequency.Day => "daily",
        Frequency.Month => "monthly",
        Frequency.Quarter => "quarterly",
        Frequency.Half => "half-yearly",
        _ => "yearly",
    };

    private static string UnitText(string unit) => unit.Length == 0 ? "plain numbers" : unit;
}
