using System.Text.Json;

namespace FinQuery.Tests;

/// <summary>
/// The command-line contract for every output format and every failure under <c>--json</c>: JSON on stdout,
/// the exit code, and the file line for <c>run</c>.
/// </summary>
public class CliContractTests
{
    private static readonly string TestData = Path.Combine(AppContext.BaseDirectory, "Evaluation", "Cases", "testdata.json");

    private static (int Code, string Out, string Err) Finq(params string[] args) => CliTests.Finq(args);

    private static JsonElement SingleError(string output)
    {
        using var doc = JsonDocument.Parse(output);
        var array = doc.RootElement;
        Assert.Equal(JsonValueKind.Array, array.ValueKind);
        Assert.Equal(1, array.GetArrayLength());
        var e = array[0].Clone();
        Assert.Equal("error", e.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(e.GetProperty("error").GetString()));
        foreach (var name in new[] { "file", "line", "column" }) Assert.True(e.TryGetProperty(name, out _), $"no {name}");
        return e;
    }

    private static string TempFile(string name, string text)
    {
        string dir = Path.Combine(Path.GetTempPath(), "finq-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("eval", "--json", "--bogus", "1")]
    [InlineData("eval", "--json")]
    [InlineData("--json", "frobnicate")]
    [InlineData("eval", "--format", "xml", "--json", "1")]
    [InlineData("run", "--json")]
    public void Usage_errors_under_json_are_json_with_exit_code_2(params string[] args)
    {
        var (code, output, err) = Finq(args);
        Assert.Equal(2, code);
        Assert.Equal("", err);
        var e = SingleError(output);
        Assert.Equal(JsonValueKind.Null, e.GetProperty("file").ValueKind);
    }

    [Fact]
    public void Format_json_counts_as_json_for_usage_errors()
    {
        var (code, output, _) = Finq("eval", "--format", "json");
        Assert.Equal(2, code);
        Assert.Contains("needs at least one query", SingleError(output).GetProperty("error").GetString());
        Assert.Equal(2, Finq("eval", "--format=json").Code);
    }

    [Fact]
    public void A_missing_data_file_under_json_names_the_file()
    {
        var (code, output, err) = Finq("eval", "--json", "--data", "/nonexistent/file.json", "1");
        Assert.Equal(2, code);
        Assert.Equal("", err);
        var e = SingleError(output);
        Assert.Equal("/nonexistent/file.json", e.GetProperty("file").GetString());
        Assert.Equal(JsonValueKind.Null, e.GetProperty("line").ValueKind);
    }

    [Fact]
    public void A_bad_data_file_under_json_gives_its_line_and_column()
    {
        string path = TempFile("bad.csv", "entity,metric,period,value\nMETA,revenue,2023Q2,1,5\n");
        var (code, output, _) = Finq("eval", "--json", "--data", path, "1");
        Assert.Equal(2, code);
        var e = SingleError(output);
        Assert.Equal(path, e.GetProperty("file").GetString());
        Assert.Equal(2, e.GetProperty("line").GetInt32());
        Assert.Equal(JsonValueKind.Number, e.GetProperty("column").ValueKind);
    }

    [Fact]
    public void An_unknown_entity_under_json_is_json()
    {
        var (code, output, _) = Finq("eval", "--json", "--data", TestData, "--entity", "NOPE", "1");
        Assert.Equal(2, code);
        Assert.Contains("unknown entity 'NOPE'", SingleError(output).GetProperty("error").GetString());
    }

    [Fact]
    public void Run_of_a_folder_or_missing_file_under_json_is_json()
    {
        string dir = Path.GetDirectoryName(TempFile("claims.fq", "1\n"))!;
        var (code, output, _) = Finq("run", "--json", dir);
        Assert.Equal(2, code);
        Assert.Contains("claims.fq", SingleError(output).GetProperty("error").GetString());
        (code, output, _) = Finq("run", "--json", Path.Combine(dir, "missing.fq"));
        Assert.Equal(2, code);
        Assert.EndsWith("missing.fq", SingleError(output).GetProperty("file").GetString());
    }

    [Fact]
    public void Run_json_reports_the_file_line_and_column()
    {
        string path = TempFile("t.fq", "# comment\nGood: 1+1\n  Bad claim:  yoy(revnue, 2023Q2)\n");
        var (code, output, err) = Finq("run", "--json", "--data", TestData, path);
        Assert.Equal(1, code);
        using var doc = JsonDocument.Parse(output);
        var bad = doc.RootElement[1];
        Assert.Equal("error", bad.GetProperty("type").GetString());
        Assert.Equal(path, bad.GetProperty("file").GetString());
        Assert.Equal(3, bad.GetProperty("line").GetInt32());
        Assert.Equal(19, bad.GetProperty("column").GetInt32()); // "  Bad claim:  yoy(" is 18 characters
        Assert.Equal("", err);

        // The text output names the same place.
        (_, _, err) = Finq("run", "--data", TestData, path);
        Assert.Contains($"({path}, line 3, column 19)", err);
        Assert.Contains("                    ^^^^^^", err.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Eval_json_errors_carry_a_null_file()
    {
        var (_, output, _) = Finq("eval", "--json", "--data", TestData, "yoy(revenue,");
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(JsonValueKind.Null, doc.RootElement[0].GetProperty("file").ValueKind);
        Assert.Equal(13, doc.RootElement[0].GetProperty("column").GetInt32());
    }

    [Fact]
    public void Ranges_are_typed_range_and_units_are_null_only_without_a_number()
    {
        var (code, output, _) = Finq("eval", "--json", "--data", TestData, "2021..2022Q2", "2023Q2", "1+1", "revenue[2023Q2]", "revenue[2023..] > 0", "yoy(revenue, 2021Q1)");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var a = doc.RootElement;
        Assert.Equal("range", a[0].GetProperty("type").GetString());
        Assert.Equal("2021..2022Q2", a[0].GetProperty("value").GetString());
        Assert.Equal(JsonValueKind.Null, a[0].GetProperty("unit").ValueKind);
        Assert.Equal("period", a[1].GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, a[1].GetProperty("unit").ValueKind);
        Assert.Equal("", a[2].GetProperty("unit").GetString());
        Assert.Equal("USD", a[3].GetProperty("unit").GetString());
        Assert.Equal(JsonValueKind.Null, a[4].GetProperty("unit").ValueKind); // boolean series
        Assert.Equal(JsonValueKind.Null, a[5].GetProperty("unit").ValueKind); // NA
    }

    [Fact]
    public void Csv_has_a_header_and_a_row_per_series_point()
    {
        var (code, output, _) = Finq("eval", "--format", "csv", "--data", TestData, "revenue[2023Q1..]", "yoy(revenue, 2023Q2)", "yoy(revenue, 2021Q1)", "2021..2022");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("query,label,type,period,value,unit,display,reason,error,line,column", lines[0]);
        Assert.Equal("revenue[2023Q1..],,series,2023Q1,132000000,USD,132M USD,,,,", lines[1]);
        Assert.StartsWith("revenue[2023Q1..],,series,2023Q2,", lines[2]);
        Assert.Matches("^\"yoy\\(revenue, 2023Q2\\)\",,percent,,0\\.(2|1999)[0-9]*,%,\\+20\\.0%,,,,$", lines[3]);
        Assert.Equal("\"yoy(revenue, 2021Q1)\",,na,,,,n/a: no revenue for 2020Q1,no revenue for 2020Q1,,,", lines[4]);
        Assert.Equal("2021..2022,,range,,2021..2022,,2021..2022,,,,", lines[5]);
        Assert.Equal(6, lines.Length);
    }

    [Fact]
    public void Csv_errors_are_rows_and_exit_1()
    {
        var (code, output, err) = Finq("eval", "--format", "csv", "--data", TestData, "yoy(x");
        Assert.Equal(1, code);
        Assert.Equal("yoy(x,,error,,,,,,\"unexpected end of query: expected ',' or ')' to close the '(' at column 4\",1,6", output.Split('\n')[1]);
        Assert.Contains("^", err);
    }

    [Fact]
    public void Table_format_on_eval_is_a_bordered_table()
    {
        var (code, output, _) = Finq("eval", "--format", "table", "--data", TestData, "yoy(revenue, 2023Q2)");
        Assert.Equal(0, code);
        Assert.Contains("│ yoy(revenue, 2023Q2) │", output);
        Assert.Contains("+20.0% │", output);
        Assert.Contains("1 queries: 1 evaluated, 0 n/a, 0 errors", output);
    }

    [Fact]
    public void Run_accepts_every_format()
    {
        string path = TempFile("t.fq", "Growth: yoy(revenue, 2023Q2)\n");
        Assert.Contains("│ Growth │", Finq("run", "--data", TestData, path).Out);
        Assert.Contains("│ Growth │", Finq("run", "--format", "table", "--data", TestData, path).Out);
        Assert.StartsWith("query,label,type", Finq("run", "--format", "csv", "--data", TestData, path).Out);
        Assert.Contains("\"label\": \"Growth\"", Finq("run", "--format", "json", "--data", TestData, path).Out);
        Assert.Equal("+20.0%", Finq("run", "--format", "text", "--data", TestData, path).Out.Trim());
    }

    [Fact]
    public void A_series_prints_as_a_table_under_its_sparkline()
    {
        var (code, output, _) = Finq("eval", "--data", TestData, "revenue[2022Q3..]");
        Assert.Equal(0, code);
        var lines = output.Replace("\r\n", "\n").Split('\n');
        Assert.Matches(@"^[▁▂▃▄▅▆▇█]{4}  4 points, 2022Q3\.\.2023Q2$", lines[0]);
        Assert.Matches(@"^  period +value$", lines[1]);
        Assert.Matches(@"^  2022Q3 +\S+ USD$", lines[2]);
    }

    [Fact]
    public void Explained_series_rows_show_their_observations()
    {
        var (_, output, _) = Finq("eval", "--explain", "--data", TestData, "revenue[2023Q1..]");
        Assert.Contains("observations", output);
        Assert.Contains("  2023Q1    132M USD  ACME.revenue = 132M USD (reported)\n", output.Replace("\r\n", "\n"));
    }

    [Theory]
    [InlineData(new[] { 1.0, 2, 3, 4, 5, 6, 7, 8 }, "▁▂▃▄▅▆▇█")]
    [InlineData(new[] { 5.0, 5, 5 }, "▄▄▄")]
    [InlineData(new[] { 1.0, double.NaN, 3 }, "▁ █")]
    [InlineData(new double[0], "")]
    public void Sparkline_maps_lowest_to_highest(double[] values, string expected) =>
        Assert.Equal(expected, FinQuery.Cli.Sparkline.Of(values));

    [Fact]
    public void A_long_sparkline_shows_the_last_points()
    {
        var s = FinQuery.Cli.Sparkline.Of(Enumerable.Range(0, 100).Select(i => (double)i).ToList(), width: 10);
        Assert.Equal(10, s.Length);
        Assert.StartsWith("…", s);
        Assert.EndsWith("█", s);
    }

    [Theory]
    [InlineData(new[] { "eval", "--bogus" }, "unknown option '--bogus' for finq eval")]
    [InlineData(new[] { "eval", "--jsn", "1" }, "did you mean '--json'?")]
    [InlineData(new[] { "evl", "1" }, "unknown command 'evl'; did you mean 'finq eval'?")]
    [InlineData(new[] { "eval" }, "finq eval needs at least one query, e.g. finq eval \"yoy(revenue, 2023Q2)\"")]
    [InlineData(new[] { "run" }, "finq run needs a query file")]
    [InlineData(new[] { "eval", "--entity" }, "--entity needs an entity id after it, e.g. --entity META")]
    [InlineData(new[] { "eval", "--format", "xml", "1" }, "--format takes text, table, csv, json, not 'xml'")]
    public void Usage_messages_say_what_to_write(string[] args, string expected)
    {
        var (code, _, err) = Finq(args);
        Assert.Equal(2, code);
        Assert.Contains(expected, err);
        Assert.Contains("--help", err);
    }

    [Fact]
    public void A_query_starting_with_a_minus_is_still_a_query()
    {
        Assert.Equal("-2", Finq("eval", "--data", TestData, "-2").Out.Trim());
        Assert.Equal("2", Finq("eval", "--data", TestData, "--", "--2").Out.Trim());
    }

    [Fact]
    public void Run_of_a_folder_names_the_query_files_in_it()
    {
        string dir = Path.GetDirectoryName(TempFile("claims.fq", "1\n"))!;
        var (code, _, err) = Finq("run", dir);
        Assert.Equal(2, code);
        Assert.Contains($"{dir} is a folder; finq run takes one query file", err);
        Assert.Contains($"finq run {Path.Combine(dir, "claims.fq")}", err);
    }
}
