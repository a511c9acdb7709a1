using System.Text.Json;

namespace FinQuery.Tests;

/// <summary>The contract of <c>finq check</c>: the table, Markdown, CSV and JSON, and the exit codes 0, 1, 2 and 3.</summary>
public class CheckCommandTests
{
    private static readonly string TestData = Path.Combine(AppContext.BaseDirectory, "Evaluation", "Cases", "testdata.json");

    private static (int Code, string Out, string Err) Finq(params string[] args) => CliTests.Finq(args);

    private static string ClaimsFile(string text)
    {
        string dir = Path.Combine(Path.GetTempPath(), "finq-check-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, "claims.fq");
        File.WriteAllText(path, text);
        return path;
    }

    private const string Holding = """
        # ACME's quarter
        Revenue was $145 million: revenue[2023Q2] ~= 145M
        EPS was $1.2: eps[2023Q2] ~= 1.2
        Revenue beat: revenue[2023Q2] > consensus(revenue, 2023Q2)
        """;

    [Fact]
    public void All_claims_holding_exits_0_with_a_row_each_and_a_summary()
    {
        var (code, output, err) = Finq("check", "--data", TestData, ClaimsFile(Holding));
        Assert.Equal(0, code);
        Assert.Equal("", err);
        var lines = output.Split('\n');
        Assert.Matches(@"│ Claim\s+│ Query\s+│\s+Computed │\s+Claimed │ Verdict │ By\s+│ Source │", lines[1]);
        Assert.Contains(lines, l => l.Contains("│ Revenue was $145 million") && l.Contains("145.2M USD") && l.Contains(" 145M │") && l.Contains("│ holds ") && l.Contains("│ rounding "));
        Assert.Contains(lines, l => l.Contains("│ EPS was $1.2") && l.Contains("1.25 USD/share") && l.Contains("│ truncation "));
        Assert.Contains(lines, l => l.Contains("│ Revenue beat") && l.Contains("> 140M USD"));
        Assert.Contains("3 claims: 3 hold, 0 fail", output);
    }

    [Fact]
    public void A_claim_that_fails_or_is_na_exits_3()
    {
        var (code, output, _) = Finq("check", "--data", TestData, ClaimsFile(Holding + "\nWrong: eps[2023Q2] ~= 1.4\n"));
        Assert.Equal(3, code);
        Assert.Contains("4 claims: 3 hold, 1 fails", output);

        var (naCode, naOutput, _) = Finq("check", "--data", TestData, ClaimsFile("Old: yoy(revenue, 2021Q1) ~= 20%\n"));
        Assert.Equal(3, naCode);
        Assert.Contains("n/a: no revenue for 2020Q1", naOutput);
        Assert.Contains("1 claim: 0 hold, 0 fail, 1 n/a", naOutput);
    }

    [Fact]
    public void A_line_that_is_not_a_claim_is_an_error_for_that_line_and_the_others_still_run()
    {
        string path = ClaimsFile("Revenue: revenue[2023Q2]\nOk: revenue[2023Q2] ~= 145M\nBad: revenue[2023Q2] ~= revenue\nWrong: eps[2023Q2] ~= 9\n");
        var (code, output, err) = Finq("check", "--data", TestData, path);
        Assert.Equal(1, code);
        Assert.Contains("error: not a claim: this query gives a number", output);
        Assert.Contains("4 claims: 1 holds, 1 fails, 2 errors", output);
        Assert.Contains($"({path}, line 1, column 10)", err);
        Assert.Contains("  Revenue: revenue[2023Q2]\n           ^^^^^^^^^^^^^^^", err);
        Assert.Contains($"the right side of '~=' must be a figure as written, such as 32B, 3.73B, -14% or 2.98, not a name ({path}, line 3, column 25)", err);
    }

    [Fact]
    public void Json_objects_carry_the_verdict_the_left_side_and_the_written_figure()
    {
        string path = ClaimsFile(Holding + "\nOld: yoy(revenue, 2021Q1) ~= 20%\nNot a claim: revenue[2023Q2]\n");
        var (code, output, err) = Finq("check", "--json", "--data", TestData, path);
        Assert.Equal(1, code);
        Assert.Equal("", err);
        using var doc = JsonDocument.Parse(output);
        var a = doc.RootElement;
        Assert.Equal(5, a.GetArrayLength());

        var about = a[0];
        Assert.Equal("revenue[2023Q2] ~= 145M", about.GetProperty("query").GetString());
        Assert.Equal("Revenue was $145 million", about.GetProperty("label").GetString());
        Assert.Equal("bool", about.GetProperty("type").GetString());
        Assert.True(about.GetProperty("value").GetBoolean());
        Assert.Equal("holds", about.GetProperty("verdict").GetString());
        var actual = about.GetProperty("actual");
        Assert.Equal(145.2e6, actual.GetProperty("value").GetDouble(), 3);
        Assert.Equal("USD", actual.GetProperty("unit").GetString());
        Assert.Equal("145.2M USD", actual.GetProperty("display").GetString());
        Assert.Equal(145e6, about.GetProperty("claimed").GetProperty("value").GetDouble());
        Assert.Equal("145M", about.GetProperty("claimed").GetProperty("text").GetString());
        Assert.Equal("rounding", about.GetProperty("by").GetString());
        Assert.Equal("~=", about.GetProperty("operator").GetString());
        Assert.Equal(JsonValueKind.Array, about.GetProperty("sources").ValueKind);
        Assert.False(about.TryGetProperty("provenance", out _));

        var compare = a[2];
        Assert.Equal(">", compare.GetProperty("operator").GetString());
        Assert.False(compare.TryGetProperty("claimed", out _));
        Assert.Equal("140M USD", compare.GetProperty("against").GetProperty("display").GetString());
        Assert.Equal(JsonValueKind.Null, compare.GetProperty("by").ValueKind);

        var na = a[3];
        Assert.Equal("na", na.GetProperty("type").GetString());
        Assert.Equal("na", na.GetProperty("verdict").GetString());
        Assert.Equal("no revenue for 2020Q1", na.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, na.GetProperty("actual").GetProperty("value").ValueKind);

        var error = a[4];
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.False(error.TryGetProperty("verdict", out _));
        Assert.Equal(path, error.GetProperty("file").GetString());
        Assert.Equal(6, error.GetProperty("line").GetInt32());
        Assert.Equal(14, error.GetProperty("column").GetInt32());
    }

    [Fact]
    public void Explain_adds_the_observations_behind_each_verdict()
    {
        string path = ClaimsFile("Revenue was $145 million: revenue[2023Q2] ~= 145M\n");
        var (_, text, _) = Finq("check", "--explain", "--data", TestData, path);
        Assert.Contains("ACME.revenue 2023Q2 = 145.2M USD (reported)", text);
        var (_, json, _) = Finq("check", "--json", "--explain", "--data", TestData, path);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("revenue", doc.RootElement[0].GetProperty("provenance")[0].GetProperty("metric").GetString());
        var (_, markdown, _) = Finq("check", "--format", "markdown", "--explain", "--data", TestData, path);
        Assert.Contains("Revenue was $145 million:\n- ACME.revenue 2023Q2 = 145.2M USD (reported)\n", markdown);
    }

    [Fact]
    public void Markdown_is_a_table_a_reviewer_can_paste()
    {
        string path = ClaimsFile(Holding + "\nPipe | in label: eps[2023Q2] ~= 1.4\n");
        var (code, output, _) = Finq("check", "--format", "markdown", "--data", TestData, path);
        Assert.Equal(3, code);
        var lines = output.Split('\n');
        Assert.Equal("| Claim | Query | Computed | Claimed | Verdict | By | Source |", lines[0]);
        Assert.Equal("| --- | --- | ---: | ---: | --- | --- | --- |", lines[1]);
        Assert.Equal("| Revenue was $145 million | `revenue[2023Q2] ~= 145M` | 145.2M USD | 145M | holds | rounding |  |", lines[2]);
        Assert.Equal("| Revenue beat | `revenue[2023Q2] > consensus(revenue, 2023Q2)` | 145.2M USD | > 140M USD | holds |  |  |", lines[4]);
        Assert.Equal("| Pipe \\| in label | `eps[2023Q2] ~= 1.4` | 1.25 USD/share | 1.4 | fails |  |  |", lines[5]);
        Assert.Equal("", lines[6]);
        Assert.Equal("4 claims: 3 hold, 1 fails", lines[7]);
    }

    [Fact]
    public void Csv_has_a_row_per_claim()
    {
        var (code, output, _) = Finq("check", "--format", "csv", "--data", TestData, ClaimsFile(Holding));
        Assert.Equal(0, code);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal("label,query,verdict,actual,unit,computed,claimed,claimed_text,by,sources,reason,error,line,column", lines[0]);
        Assert.Equal("Revenue was $145 million,revenue[2023Q2] ~= 145M,holds,145200000,USD,145.2M USD,145000000,145M,rounding,,,,,", lines[1]);
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public void Percents_show_two_decimals_so_the_rounding_can_be_seen()
    {
        var (_, output, _) = Finq("check", "--data", TestData, ClaimsFile("Down: qoq(revenue, 2023Q1) ~= -7.7%\nUp: yoy(revenue, 2023Q2) ~= 20%\n"));
        Assert.Contains("-7.69%", output);
        Assert.Contains("+20.00%", output);
    }

    [Fact]
    public void Entity_and_data_are_honoured()
    {
        var (code, output, _) = Finq("check", "--data", TestData, "--entity", "JUNECO", ClaimsFile("June: revenue[2023-06] ~= 20M\n"));
        Assert.Equal(0, code);
        Assert.Contains("1 claim: 1 holds, 0 fail", output);
        var (bad, _, err) = Finq("check", "--data", TestData, "--entity", "NOPE", ClaimsFile("x: 1 ~= 1\n"));
        Assert.Equal(2, bad);
        Assert.Contains("unknown entity 'NOPE'", err);
    }

    [Fact]
    public void A_folder_a_missing_file_and_a_file_without_claims_are_usage_errors()
    {
        string path = ClaimsFile("# only a comment\n\n   \n");
        string folder = Path.GetDirectoryName(path)!;
        var cases = new[]
        {
            (folder, $"finq: {folder} is a folder; finq check takes one claims file"),
            (Path.Combine(folder, "missing.fq"), $"finq: no claims file {Path.Combine(folder, "missing.fq")}"),
            (path, $"finq: {path} has no claims: every line is blank or a # comment"),
        };
        foreach (var (arg, message) in cases)
        {
            var (code, output, err) = Finq("check", arg);
            Assert.Equal(2, code);
            Assert.Equal("", output);
            Assert.StartsWith(message + "\n", err.Replace("\r", ""));
            var (jsonCode, json, jsonErr) = Finq("check", "--json", arg);
            Assert.Equal(2, jsonCode);
            Assert.Equal("", jsonErr);
            using var doc = JsonDocument.Parse(json);
            Assert.Equal("error", doc.RootElement[0].GetProperty("type").GetString());
        }
        var (noFile, _, noFileErr) = Finq("check");
        Assert.Equal(2, noFile);
        Assert.Contains("finq check", noFileErr);
    }
}
