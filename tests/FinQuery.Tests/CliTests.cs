using System.Text.Json;
using FinQuery.Cli;
using FinQuery.Tests.Evaluation;

namespace FinQuery.Tests;

/// <summary>The command-line contract of the README's "The finq command", run in-process.</summary>
public class CliTests
{
    private static readonly string TestData = Path.Combine(AppContext.BaseDirectory, "Evaluation", "Cases", "testdata.json");

    internal static (int Code, string Out, string Err) Finq(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, stderr, new StringReader(""));
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Every_case_works_through_eval_json()
    {
        var cases = CaseFile.Read("functions.cases").Select(c => ((string)c[0], (string)c[1])).ToList();
        var args = new List<string> { "eval", "--json", "--data", TestData };
        args.AddRange(cases.Select(c => c.Item1));
        var (code, output, _) = Finq(args.ToArray());
        Assert.Equal(1, code); // the error cases make the exit code 1; the others still run
        using var doc = JsonDocument.Parse(output);
        var items = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(cases.Count, items.Count);
        for (int i = 0; i < cases.Count; i++)
        {
            var (query, expected) = cases[i];
            var item = items[i];
            Assert.Equal(query, item.GetProperty("query").GetString());
            string type = item.GetProperty("type").GetString()!;
            if (expected.StartsWith("error @", StringComparison.Ordinal))
            {
                Assert.Equal("error", type);
                Assert.EndsWith(item.GetProperty("error").GetString()!, expected);
                Assert.StartsWith($"error @{item.GetProperty("line").GetInt32()}:{item.GetProperty("column").GetInt32()}: ", expected);
                continue;
            }
            Assert.Equal(expected, item.GetProperty("display").GetString());
            var value = item.GetProperty("value");
            switch (type)
            {
                case "number" or "percent": Assert.Equal(JsonValueKind.Number, value.ValueKind); break;
                case "period" or "range": Assert.Equal(JsonValueKind.String, value.ValueKind); break;
                case "bool": Assert.True(value.ValueKind is JsonValueKind.True or JsonValueKind.False); break;
                case "series": Assert.Equal(JsonValueKind.Object, value.ValueKind); break;
                case "na":
                    Assert.Equal(JsonValueKind.Null, value.ValueKind);
                    Assert.False(string.IsNullOrEmpty(item.GetProperty("reason").GetString()));
                    break;
                default: Assert.Fail($"unexpected type {type} for {query}"); break;
            }
        }
    }

    [Fact]
    public void Json_shape_matches_the_contract()
    {
        var (code, output, _) = Finq("eval", "--json", "--data", TestData, "yoy(revenue, 2023Q2)", "yoy(revenue, 2021Q1)", "yoy(revenue)[2023Q2]", "yoy(revenue,");
        Assert.Equal(1, code);
        using var doc = JsonDocument.Parse(output);
        var a = doc.RootElement;
        Assert.Equal("percent", a[0].GetProperty("type").GetString());
        Assert.Equal(145.2 / 121 - 1, a[0].GetProperty("value").GetDouble(), 12);
        Assert.Equal("%", a[0].GetProperty("unit").GetString());
        Assert.Equal("+20.0%", a[0].GetProperty("display").GetString());
        Assert.Equal("na", a[1].GetProperty("type").GetString());
        Assert.Equal("no revenue for 2020Q1", a[1].GetProperty("reason").GetString());
        Assert.Equal("error", a[3].GetProperty("type").GetString());
        Assert.Equal(1, a[3].GetProperty("line").GetInt32());
        Assert.Equal(13, a[3].GetProperty("column").GetInt32());
    }

    [Fact]
    public void Series_values_are_objects_keyed_by_period()
    {
        var (code, output, _) = Finq("eval", "--json", "--data", TestData, "revenue[2023Q1..]");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var value = doc.RootElement[0].GetProperty("value");
        Assert.Equal(132e6, value.GetProperty("2023Q1").GetDouble());
        Assert.Equal(145.2e6, value.GetProperty("2023Q2").GetDouble(), 3);
    }

    [Fact]
    public void Text_errors_show_a_caret_under_the_column()
    {
        var (code, output, err) = Finq("eval", "--data", TestData, "yoy(revnue, 2023Q2)");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal(
            "error: unknown metric 'revnue'; did you mean 'revenue'? (line 1, column 5)\n  yoy(revnue, 2023Q2)\n      ^^^^^^\n",
            err.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Explain_prints_provenance()
    {
        var (code, output, _) = Finq("eval", "--explain", "--data", TestData, "segment_income[2022Q4]");
        Assert.Equal(0, code);
        Assert.Contains("derived: 2022Q4 = 2022 − 2022Q1 − 2022Q2 − 2022Q3", output);
    }

    [Fact]
    public void Bad_usage_and_bad_data_exit_with_2()
    {
        Assert.Equal(2, Finq("eval").Code);
        Assert.Equal(2, Finq("frobnicate").Code);
        Assert.Equal(2, Finq("eval", "--data", "/nonexistent/file.json", "1").Code);
        Assert.Equal(2, Finq("eval", "--data", TestData, "--entity", "NOPE", "1").Code);
    }

    [Fact]
    public void Eval_uses_the_bundled_Meta_data_without_data()
    {
        var (code, output, _) = Finq("eval", "yoy(revenue, 2023Q2)");
        Assert.Equal(0, code);
        Assert.Equal("+11.0%", output.Trim());
    }

    [Fact]
    public void Entity_option_changes_the_default_entity()
    {
        var (code, output, _) = Finq("eval", "--data", TestData, "--entity", "JUNECO", "revenue[FY2023Q1]");
        Assert.Equal(0, code);
        Assert.Equal("30M USD", output.Trim());
    }
}

/// <summary><c>finq repl</c> with redirected input: the commands and the caret under errors.</summary>
public class ReplTests
{
    internal static (int Code, string Out, string Err) Repl(string input)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(["repl"], stdout, stderr, new StringReader(input));
        return (code, stdout.ToString().Replace("\r\n", "\n"), stderr.ToString().Replace("\r\n", "\n"));
    }

    [Fact]
    public void Evaluates_lines_until_quit()
    {
        var (code, output, _) = Repl("yoy(revenue, 2023Q2)\n# a comment\n\n:quit\nrevenue[2023Q2]\n");
        Assert.Equal(0, code);
        Assert.Contains("+11.0%\n", output);
        Assert.DoesNotContain("31.999B", output); // nothing after :quit runs
    }

    [Fact]
    public void Metrics_lists_what_the_data_holds()
    {
        var (_, output, _) = Repl(":metrics\n");
        Assert.Contains("META (default): Meta Platforms, Inc., fiscal year ends in month 12", output);
        Assert.Contains("  revenue [USD, sum]: 11 values, 2020Q4, 2021Q1, 2021Q2, 2021Q3, …", output);
        Assert.Contains("  registered_users [count, last]: 3 values", output);
    }

    [Fact]
    public void Explain_shows_provenance()
    {
        var (_, output, _) = Repl(":explain -sum(reality_labs_operating_income, 2021..2023Q2)\n");
        Assert.Contains("31.641B USD", output);
        Assert.Contains("META.reality_labs_operating_income 2021 = -10.193B USD (reported, the article)", output);
        Assert.Contains("META.reality_labs_operating_income 2023Q2 = -3.739B USD (reported, the article)", output);
    }

    [Fact]
    public void Errors_show_a_caret_and_the_session_goes_on()
    {
        var (code, output, err) = Repl("yoy(revenue,, 2023Q2)\n1 + 1\n:nope\n:help\n");
        Assert.Equal(0, code);
        Assert.Contains("(line 1, column 13)\n  yoy(revenue,, 2023Q2)\n              ^\n", err);
        Assert.Contains("2\n", output);
        Assert.Contains("unknown command :nope", err);
        Assert.Contains(":explain QUERY", output);
    }
}
