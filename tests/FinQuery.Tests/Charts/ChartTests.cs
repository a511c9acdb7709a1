using System.Buffers.Binary;
using System.Xml.Linq;
using FinQuery.Charts;
using FinQuery.Charts.Rendering;

namespace FinQuery.Tests.Charts;

/// <summary>Charts of the Meta sample, read back from the SVG document Skia writes.</summary>
public class ChartTests
{
    internal static readonly Dataset Meta = Dataset.LoadJson(Path.Combine(AppContext.BaseDirectory, "samples", "meta-q2-2023", "meta.json"));

    private static readonly string Blue = ChartRenderer.Palette[0].ToHex();
    private static readonly string Orange = ChartRenderer.Palette[1].ToHex();

    internal static QueryResult Eval(string query) => Query.Evaluate(query, Meta);

    [Fact]
    public void Revenue_bars_and_growth_line_on_two_axes()
    {
        var chart = new Chart { Title = "Meta revenue" }
            .Add("revenue", Eval("revenue"))
            .Add("yoy(revenue)", Eval("yoy(revenue)"));
        var svg = SvgChart.Parse(chart.ToSvg());

        Assert.Contains("Meta revenue", svg.Texts);
        Assert.Equal("Meta revenue", svg.Title);
        // The x axis: every quarter from the first revenue to the last, in the periods' own text.
        foreach (var q in new[] { "2020Q4", "2021Q1", "2021Q2", "2021Q3", "2021Q4", "2022Q1", "2022Q2", "2022Q3", "2022Q4", "2023Q1", "2023Q2" })
            Assert.Contains(q, svg.Texts);
        // Two y axes: amounts in billions on the left, the growth in percent on the right.
        Assert.Contains("B USD", svg.Texts);
        Assert.Contains("%", svg.Texts);
        Assert.Equal(["revenue", "yoy(revenue)"], svg.LegendTexts(chart.Labels));
        // One bar per quarter of revenue, one marker per quarter of growth (2021Q4 on: a year earlier is needed).
        Assert.Equal(11, svg.Bars(Blue).Count);
        Assert.Equal(7, svg.Markers(Orange).Count);
        Assert.Single(svg.LinePaths(Orange));
    }

    [Fact]
    public void Bar_heights_follow_the_values()
    {
        var chart = new Chart().Add("revenue", Eval("revenue"));
        var bars = SvgChart.Parse(chart.ToSvg()).Bars(Blue).OrderBy(b => b.X).ToList();
        var values = Eval("revenue").Series.Select(p => p.Value).ToList();
        Assert.Equal(values.Count, bars.Count);
        // Heights are proportional to the values (bars start at zero): same ratio for every bar.
        for (int i = 1; i < bars.Count; i++)
            Assert.Equal(values[i] / values[0], bars[i].Height / bars[0].Height, 3);
    }

    [Fact]
    public void Missing_quarters_are_gaps_marked_na_never_zero_bars()
    {
        // net_income is reported for 2022Q2, 2023Q1 and 2023Q2: 2022Q3 and 2022Q4 are missing inside its span.
        var chart = new Chart().Add("net_income", Eval("net_income"));
        var svg = SvgChart.Parse(chart.ToSvg());
        var bars = svg.Bars(Blue);
        Assert.Equal(3, bars.Count);
        Assert.All(bars, b => Assert.True(b.Height > 1));
        Assert.Equal(2, svg.Texts.Count(t => t == "n/a"));
        foreach (var q in new[] { "2022Q2", "2022Q3", "2022Q4", "2023Q1", "2023Q2" }) Assert.Contains(q, svg.Texts);
    }

    [Fact]
    public void Gaps_among_losses_are_marked_below_zero()
    {
        // Reality Labs' quarterly losses: 2022Q2, then 2023Q1 and 2023Q2.
        var chart = new Chart().Add("rl", Eval("reality_labs_operating_income"));
        var svg = SvgChart.Parse(chart.ToSvg());
        var bars = svg.Bars(Blue);
        Assert.Equal(3, bars.Count);
        var marks = svg.TextPositions("n/a");
        Assert.Equal(2, marks.Count);
        // Negative bars hang from zero (their top edge); the marks sit under it, inside the plot.
        double zero = bars[0].Y;
        Assert.All(bars, b => Assert.Equal(zero, b.Y, 2));
        Assert.All(marks, m => Assert.True(m.Y > zero, $"n/a at y {m.Y} is above the zero line at {zero}"));
    }

    [Fact]
    public void A_missing_period_breaks_the_line()
    {
        // net_income / revenue: 2022Q2, then 2023Q1 and 2023Q2 — two runs, three markers.
        var chart = new Chart().Add("margin", Eval("net_income / revenue"));
        var svg = SvgChart.Parse(chart.ToSvg());
        Assert.Equal(3, svg.Markers(Blue).Count);
        var runs = svg.LinePaths(Blue);
        Assert.Equal(2, runs.Count);
        Assert.Equal(0, runs.Count(d => d.Contains('L')) - 1); // one run joins two points; the lone point has no segment
        Assert.Contains("%", svg.Texts); // a ratio of two USD amounts is a percent
        Assert.DoesNotContain("n/a", svg.Texts);
    }

    [Fact]
    public void Dense_lines_drop_their_markers_but_lone_points_keep_theirs()
    {
        // 600 days with 2023-03-01 missing and a lone value on 2024-06-01 after a long gap.
        var start = Period.OfDay(2023, 1, 1);
        var points = Enumerable.Range(0, 600).Where(i => i != 59).Select(i => KeyValuePair.Create(start + i, 100.0 + i % 7))
            .Append(KeyValuePair.Create(Period.OfDay(2024, 10, 1), 105.0));
        var data = new DatasetBuilder().AddEntity("X").AddSeries("X", "price", "USD/share", Aggregation.None, points).Build();
        var svg = SvgChart.Parse(new Chart().Add("price", Query.Evaluate("price", data)).ToSvg());
        Assert.Equal(3, svg.LinePaths(Blue).Count);
        Assert.Single(svg.Markers(Blue));
    }

    [Fact]
    public void Percent_axis_is_in_percent_and_scaled()
    {
        var chart = new Chart().Add("growth", Eval("yoy(revenue)"));
        var svg = SvgChart.Parse(chart.ToSvg());
        Assert.Contains("%", svg.Texts);
        // yoy(revenue) runs from -4.5% to +19.9%: ticks in percent, not ratios.
        Assert.Contains("10", svg.Texts);
        Assert.DoesNotContain("0.1", svg.Texts);
    }

    [Fact]
    public void Auto_marks_bars_for_amounts_and_lines_for_the_rest()
    {
        var chart = new Chart()
            .Add("eps", Eval("eps_diluted"))
            .Add("headcount", Eval("headcount"));
        var svg = SvgChart.Parse(chart.ToSvg());
        Assert.Empty(svg.Bars(Blue));
        Assert.Equal(2, svg.Markers(Blue).Count);
        Assert.Equal(2, svg.Markers(Orange).Count);
        Assert.Contains("USD/share", svg.Texts);
        Assert.Contains("count", svg.Texts);
    }

    [Fact]
    public void Auto_marks_follow_the_aggregation_before_the_unit()
    {
        var quarters = new[] { Period.OfQuarter(2023, 1), Period.OfQuarter(2023, 2), Period.OfQuarter(2023, 3) };
        var data = new DatasetBuilder().AddEntity("X")
            .AddSeries("X", "cash", "USD", Aggregation.Last, quarters.Select((q, i) => KeyValuePair.Create(q, 100.0 + i)))
            .AddSeries("X", "orders", "count", Aggregation.Sum, quarters.Select((q, i) => KeyValuePair.Create(q, 10.0 + i)))
            .Build();
        var cash = Query.Evaluate("cash", data);
        var orders = Query.Evaluate("orders", data);
        Assert.Equal(Aggregation.Last, cash.Aggregation);
        Assert.Equal(Aggregation.Sum, orders.Aggregation);
        // A balance in USD is a line, not bars; a count that adds up over time is bars.
        var svg = SvgChart.Parse(new Chart().Add("cash", cash).Add("orders", orders).ToSvg());
        Assert.Empty(svg.Bars(Blue));
        Assert.Equal(3, svg.Markers(Blue).Count);
        Assert.Equal(3, svg.Bars(Orange).Count);
        Assert.Empty(svg.Markers(Orange));
    }

    [Fact]
    public void Marks_can_be_chosen()
    {
        var chart = new Chart().Add("revenue", Eval("revenue"), ChartMark.Line);
        var svg = SvgChart.Parse(chart.ToSvg());
        Assert.Empty(svg.Bars(Blue));
        Assert.Equal(11, svg.Markers(Blue).Count);
    }

    [Fact]
    public void Several_bar_series_stand_side_by_side()
    {
        var chart = new Chart().Add("revenue", Eval("revenue")).Add("net_income", Eval("net_income"));
        var svg = SvgChart.Parse(chart.ToSvg());
        var revenue = svg.Bars(Blue);
        var income = svg.Bars(Orange);
        Assert.Equal(11, revenue.Count);
        Assert.Equal(3, income.Count);
        // No bar overlaps another.
        var all = revenue.Concat(income).OrderBy(b => b.X).ToList();
        for (int i = 1; i < all.Count; i++) Assert.True(all[i].X >= all[i - 1].X + all[i - 1].Width - 0.01);
    }

    [Fact]
    public void Same_chart_same_document()
    {
        string Draw() => new Chart { Title = "t" }.Add("revenue", Eval("revenue")).Add("g", Eval("yoy(revenue)")).ToSvg();
        Assert.Equal(Draw(), Draw());
    }

    [Fact]
    public void Svg_names_the_bundled_font_with_fallbacks()
    {
        string svg = new Chart().Add("revenue", Eval("revenue")).ToSvg();
        Assert.Contains("font-family=\"'DejaVu Sans', Verdana", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("font-family=\"DejaVu Sans\"", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Png_has_the_size_asked_for()
    {
        var chart = new Chart { Width = 640, Height = 360, Title = "Meta" }.Add("revenue", Eval("revenue")).Add("growth", Eval("yoy(revenue)"));
        using var stream = new MemoryStream();
        chart.Write(stream, ChartFormat.Png);
        byte[] png = stream.ToArray();
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(640, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(360, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        Assert.True(png.Length > 10_000, $"a {png.Length}-byte PNG is too small to hold the chart");
    }

    [Theory]
    [InlineData("revenue[2023Q2]", "a number (31.999B USD)")]
    [InlineData("yoy(revenue, 2023Q2)", "a percent (+11.0%)")]
    [InlineData("revenue[2019Q3]", "NA")]
    [InlineData("2023Q2", "a period")]
    public void Only_series_can_be_drawn(string query, string described)
    {
        var ex = Assert.Throws<ArgumentException>(() => new Chart().Add(query, Eval(query)));
        Assert.Contains($"'{query}' is {described}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not a series", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void True_false_series_are_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Chart().Add("q", Eval("yoy(revenue) >= 10%")));
        Assert.Contains("true/false", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_frequency_per_chart()
    {
        var chart = new Chart().Add("revenue", Eval("revenue"));
        var ex = Assert.Throws<ArgumentException>(() => chart.Add("users", Eval("THREADS.registered_users")));
        Assert.StartsWith("'users' is daily, but 'revenue' is quarterly", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, chart.Count);
    }

    [Fact]
    public void Two_units_at_most()
    {
        var chart = new Chart().Add("revenue", Eval("revenue")).Add("growth", Eval("yoy(revenue)"));
        var ex = Assert.Throws<ArgumentException>(() => chart.Add("eps", Eval("eps_diluted")));
        Assert.Contains("a third unit", ex.Message, StringComparison.Ordinal);
        Assert.Contains("USD and %", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_chart_cannot_be_written()
    {
        Assert.Throws<InvalidOperationException>(() => new Chart().ToSvg());
    }

    [Theory]
    [InlineData(100)]
    [InlineData(9000)]
    public void Sizes_are_checked(int size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Chart { Width = size });
        Assert.Throws<ArgumentOutOfRangeException>(() => new Chart { Height = size });
    }

    [Theory]
    [InlineData("a.svg", ChartFormat.Svg)]
    [InlineData("dir/A.SVG", ChartFormat.Svg)]
    [InlineData("a.png", ChartFormat.Png)]
    public void Formats_come_from_the_extension(string path, ChartFormat format)
    {
        Assert.True(Chart.TryGetFormat(path, out var f));
        Assert.Equal(format, f);
    }

    [Theory]
    [InlineData("a.jpg")]
    [InlineData("a")]
    [InlineData("a.svg.txt")]
    public void Unknown_extensions_are_refused(string path)
    {
        Assert.False(Chart.TryGetFormat(path, out _));
        var ex = Assert.Throws<ArgumentException>(() => new Chart().Add("revenue", Eval("revenue")).Save(path));
        Assert.Contains(".svg or .png", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_writes_whole_files_and_leaves_no_temporary_ones()
    {
        using var dir = new TempFolder();
        var chart = new Chart().Add("revenue", Eval("revenue"));
        string svg = Path.Combine(dir.Path, "chart.svg");
        string png = Path.Combine(dir.Path, "chart.png");
        chart.Save(svg);
        chart.Save(png);
        chart.Save(svg); // over an existing file
        Assert.Equal(chart.ToSvg(), File.ReadAllText(svg));
        Assert.Equal(0x89, File.ReadAllBytes(png)[0]);
        Assert.Equal(["chart.png", "chart.svg"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Save_into_a_missing_folder_fails_and_writes_nothing()
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, "no-such-folder", "chart.svg");
        Assert.Throws<DirectoryNotFoundException>(() => new Chart().Add("revenue", Eval("revenue")).Save(path));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Save_onto_a_folder_fails_and_leaves_it()
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, "taken.svg");
        Directory.CreateDirectory(path);
        Assert.Throws<IOException>(() => new Chart().Add("revenue", Eval("revenue")).Save(path));
        Assert.True(Directory.Exists(path));
        Assert.Single(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Behind_a_claim_are_its_series_with_the_periods_it_read()
    {
        var explained = Query.Parse("yoy(revenue, 2023Q2)").Bind(Meta).Explain();
        var chart = Chart.Behind(explained, Meta);
        Assert.Equal(["revenue"], chart.Labels);
        var bars = SvgChart.Parse(chart.ToSvg()).Bars(Blue);
        Assert.Equal(11, bars.Count);
        // 2022Q2 and 2023Q2 in full colour, the other quarters faded.
        Assert.Equal(2, bars.Count(b => !b.Faded));
    }

    [Fact]
    public void Behind_a_beat_are_the_actual_and_the_consensus()
    {
        var explained = Query.Parse("beat(revenue, 2023Q2)").Bind(Meta).Explain();
        var chart = Chart.Behind(explained, Meta);
        Assert.Equal(["revenue", "revenue (consensus)"], chart.Labels); // the actual first
    }

    [Fact]
    public void Behind_a_date_difference_is_nothing()
    {
        var explained = Query.Parse("days_between(2023-07-18, 2023-07-25)").Bind(Meta).Explain();
        Assert.Equal(0, Chart.Behind(explained, Meta).Count);
        Assert.Throws<ArgumentException>(() => Chart.Behind(Eval("revenue[2023Q2]"), Meta));
    }
}

/// <summary>A temporary folder, deleted with what it holds.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("finq-charts-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>The parts of a chart's SVG the tests read: texts, bars, markers and line paths by colour.</summary>
internal sealed class SvgChart
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly XDocument _doc;

    private SvgChart(XDocument doc) => _doc = doc;

    public static SvgChart Parse(string svg) => new(XDocument.Parse(svg));

    public string? Title => _doc.Root!.Element(Svg + "title")?.Value;

    public IReadOnlyList<string> Texts => _doc.Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();

    /// <summary>The legend's group: the one holding a text for every label.</summary>
    private XElement? Legend(IReadOnlyList<string> labels) =>
        _doc.Descendants(Svg + "g").FirstOrDefault(g => labels.All(l => g.Elements(Svg + "text").Any(t => t.Value.Trim() == l)));

    public IReadOnlyList<string> LegendTexts(IReadOnlyList<string> labels) =>
        Legend(labels)?.Elements(Svg + "text").Select(t => t.Value.Trim()).ToList() ?? [];

    /// <summary>Elements drawn in the data area (outside the legend) with a colour.</summary>
    private IEnumerable<XElement> Marks(string name, string attribute, string color)
    {
        var legend = _doc.Descendants(Svg + "g").Where(g => g.Elements(Svg + "text").Count() >= 1 && g.Elements(Svg + "rect").Concat(g.Elements(Svg + "path")).Any()
            && g.Elements(Svg + "text").All(t => t.Value.Trim() != "n/a")).ToHashSet();
        return _doc.Descendants(Svg + name)
            .Where(e => string.Equals((string?)e.Attribute(attribute), color, StringComparison.OrdinalIgnoreCase))
            .Where(e => e.Parent is null || !legend.Contains(e.Parent));
    }

    /// <summary>Where each text element with this content is placed (its <c>translate</c>).</summary>
    public IReadOnlyList<(double X, double Y)> TextPositions(string text) =>
        _doc.Descendants(Svg + "text").Where(t => t.Value.Trim() == text).Select(t =>
        {
            var m = System.Text.RegularExpressions.Regex.Match((string?)t.Attribute("transform") ?? "", @"translate\(([-0-9.e]+) ([-0-9.e]+)\)");
            return (double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        }).ToList();

    public IReadOnlyList<BarRect> Bars(string color) =>
        Marks("rect", "fill", color).Select(r => new BarRect(
            (double)r.Attribute("x")!, (double)r.Attribute("y")!, (double)r.Attribute("width")!, (double)r.Attribute("height")!,
            r.Attribute("fill-opacity") is { } o && (double)o < 1)).ToList();

    public IReadOnlyList<XElement> Markers(string color) => Marks("ellipse", "fill", color).ToList();

    /// <summary>The <c>d</c> of each line drawn in a colour (one per unbroken run).</summary>
    public IReadOnlyList<string> LinePaths(string color) =>
        Marks("path", "stroke", color).Select(p => (string?)p.Attribute("d") ?? "").ToList();

    internal readonly record struct BarRect(double X, double Y, double Width, double Height, bool Faded);
}
