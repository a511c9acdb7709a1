using FinQuery.Cli;

namespace FinQuery.Tests.Charts;

internal static class ChartRendererColors
{
    public static readonly string Blue = FinQuery.Charts.Rendering.ChartRenderer.Palette[0].ToHex();
}

/// <summary><c>finq plot</c>: exit codes, messages, and no file unless every query can be drawn.</summary>
public class PlotCommandTests
{
    private static (int Code, string Out, string Err) Finq(params string[] args) => CliTests.Finq(args);

    [Fact]
    public void Plots_series_to_svg_and_says_where()
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, "meta.svg");
        var (code, output, error) = Finq("plot", "-o", path, "revenue", "growth: yoy(revenue)");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal($"wrote {path}", output.Trim());
        var svg = SvgChart.Parse(File.ReadAllText(path));
        Assert.Contains("growth", svg.Texts);      // the label names the query in the legend
        Assert.Contains("revenue", svg.Texts);
        Assert.Equal("Meta Platforms, Inc.", svg.Title); // bare names: the default entity's figures
    }

    [Fact]
    public void Plots_png_with_title_and_size()
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, "meta.png");
        var (code, _, _) = Finq("plot", "-o", path, "--title", "Meta", "--width", "640", "--height", "400", "revenue");
        Assert.Equal(0, code);
        byte[] png = File.ReadAllBytes(path);
        Assert.Equal((byte)'P', png[1]);
        Assert.Equal(640, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(400, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [Fact]
    public void Without_output_the_file_is_finq_plot_svg()
    {
        Assert.Equal("finq-plot.svg", new PlotCommand.Request(["revenue"], null, null).Path);
    }

    [Fact]
    public void A_query_that_is_not_a_series_is_an_error_and_nothing_is_written()
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, "x.svg");
        var (code, _, error) = Finq("plot", "-o", path, "revenue", "revenue[2023Q2]");
        Assert.Equal(1, code);
        Assert.Contains("finq plot: 'revenue[2023Q2]' is a number (31.999B USD), not a series", error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", error, StringComparison.Ordinal);
        Assert.Contains($"nothing written to {path}", error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_bad_query_is_shown_with_a_caret()
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, "x.svg");
        var (code, _, error) = Finq("plot", "-o", path, "yoy(revenu)");
        Assert.Equal(1, code);
        Assert.Contains("revenu", error, StringComparison.Ordinal);
        Assert.Contains("^", error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void No_query_is_bad_usage()
    {
        var (code, _, error) = Finq("plot");
        Assert.Equal(2, code);
        Assert.Contains("name at least one series", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_extension_is_bad_usage()
    {
        using var dir = new TempFolder();
        var (code, _, error) = Finq("plot", "-o", Path.Combine(dir.Path, "x.jpg"), "revenue");
        Assert.Equal(2, code);
        Assert.Contains("name the file .svg or .png", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void An_unwritable_path_is_bad_usage()
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, "missing", "x.svg");
        var (code, _, error) = Finq("plot", "-o", path, "revenue");
        Assert.Equal(2, code);
        Assert.Contains($"finq plot: cannot write {path}", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Theory]
    [InlineData("--width", "50")]
    [InlineData("--height", "100000")]
    public void Sizes_out_of_range_are_bad_usage(string option, string value)
    {
        var (code, _, error) = Finq("plot", option, value, "revenue");
        Assert.Equal(2, code);
        Assert.Contains($"{option} {value} is out of range", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Series_of_another_entity_get_no_default_title()
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, "t.svg");
        Assert.Equal(0, Finq("plot", "-o", path, "THREADS.registered_users").Code);
        Assert.Null(SvgChart.Parse(File.ReadAllText(path)).Title);
    }

    [Fact]
    public void Charts_behind_a_query_file_go_one_per_query_into_a_folder()
    {
        using var dir = new TempFolder();
        var entries = QueryFile.Parse([
            "# claims",
            "Revenue grew 11%: yoy(revenue, 2023Q2)",
            "One week: days_between(2023-07-18, 2023-07-25)",
            "Revenue beat: beat(revenue, 2023Q2)",
            "bad: yoy(revenu, 2023Q2)",
        ]);
        var outcomes = entries.Select(e => Commands.Evaluate(ChartTests.Meta, null, e.Query, e.Label, explain: false) with { SourceLine = e.Line }).ToList();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string folder = Path.Combine(dir.Path, "charts");
        Assert.True(PlotCommand.DrawBehind(folder, outcomes, ChartTests.Meta, null, stdout, stderr));
        // The date difference read no series and the bad query has no result: two charts.
        Assert.Equal(["02-revenue-grew-11.svg", "04-revenue-beat.svg"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal($"wrote 2 charts to {folder}", stdout.ToString().Trim());
        Assert.Equal("Revenue grew 11%", SvgChart.Parse(File.ReadAllText(Path.Combine(folder, "02-revenue-grew-11.svg"))).Title);
    }

    [Fact]
    public void Check_plot_draws_the_series_behind_each_claim()
    {
        using var dir = new TempFolder();
        string claims = Path.Combine(dir.Path, "claims.fq");
        File.WriteAllLines(claims, [
            "Revenue grew 11%: yoy(revenue, 2023Q2) ~= 11%",
            "One week: days_between(2023-07-18, 2023-07-25) = 7",
        ]);
        string folder = Path.Combine(dir.Path, "charts");
        var (code, output, error) = Finq("check", "--format", "json", "--plot", folder, claims);
        Assert.Equal(0, code);
        Assert.StartsWith("[", output.TrimStart(), StringComparison.Ordinal); // stdout stays the report
        Assert.Contains($"wrote 1 chart to {folder}", error, StringComparison.Ordinal);
        var svg = SvgChart.Parse(File.ReadAllText(Path.Combine(folder, "01-revenue-grew-11.svg")));
        Assert.Equal("Revenue grew 11%", svg.Title);
        Assert.Equal(2, svg.Bars(ChartRendererColors.Blue).Count(b => !b.Faded)); // 2022Q2 and 2023Q2
    }

    [Fact]
    public void Run_plot_draws_into_a_folder_it_makes()
    {
        using var dir = new TempFolder();
        string file = Path.Combine(dir.Path, "q.fq");
        File.WriteAllLines(file, ["# two queries", "revenue[2023Q2]", "growth: yoy(revenue, 2023Q2)"]);
        string folder = Path.Combine(dir.Path, "a", "b");
        var (code, _, error) = Finq("run", "--plot", folder, file);
        Assert.Equal(0, code);
        Assert.Contains("wrote 2 charts", error, StringComparison.Ordinal);
        Assert.Equal(["02-revenue-2023q2.svg", "03-growth.svg"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Run_plot_into_a_file_is_bad_usage()
    {
        using var dir = new TempFolder();
        string file = Path.Combine(dir.Path, "q.fq");
        File.WriteAllLines(file, ["revenue[2023Q2]"]);
        var (code, _, error) = Finq("run", "--plot", file, file);
        Assert.Equal(2, code);
        Assert.Contains("cannot make the chart folder", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Repl_plot_writes_a_chart_and_prints_its_path()
    {
        using var dir = new TempFolder();
        string png = Path.Combine(dir.Path, "m.png");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var session = new ReplSession(ChartTests.Meta, null, stdout, stderr);
        session.Handle("let m = net_income / revenue");
        session.Handle($":plot {png} m");
        Assert.Contains($"wrote {png}", stdout.ToString(), StringComparison.Ordinal);
        Assert.Equal(0x89, File.ReadAllBytes(png)[0]);
        session.Handle($":plot {Path.Combine(dir.Path, "x.svg")} revenue[2023Q2]");
        Assert.Contains("not a series", stderr.ToString(), StringComparison.Ordinal);
        session.Handle(":plot yoy(revenu)");
        Assert.Contains("unknown metric 'revenu'", stderr.ToString(), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Theory]
    [InlineData(3, "Revenue grew 11% year over year", "03-revenue-grew-11-year-over-year.svg")]
    [InlineData(40, "Horizon Worlds had under 200,000 users at the end of 2022", "40-horizon-worlds-had-under-200-000-users-at-the.svg")]
    [InlineData(12, "yoy(revenue, 2023Q2)", "12-yoy-revenue-2023q2.svg")]
    [InlineData(1, "Über", "01-ber.svg")]
    [InlineData(1, "%%%", "01.svg")]
    public void Chart_file_names_are_the_line_and_the_label(int line, string label, string expected)
    {
        Assert.Equal(expected, PlotCommand.FileName(line, label, []));
    }

    [Fact]
    public void Chart_file_names_are_unique()
    {
        var taken = new HashSet<string>();
        Assert.Equal("01-a.svg", PlotCommand.FileName(1, "a", taken));
        Assert.Equal("01-a-2.svg", PlotCommand.FileName(1, "a", taken));
    }
}
