using System.Text.Json;
using FinQuery.Tests.Data.Sec;

namespace FinQuery.Tests.Screens;

/// <summary>The <c>finq screen</c> contract: rows, order, NA last, --where, --top, --ascending, JSON and exit codes.</summary>
public class ScreenCommandTests
{
    private static readonly string Small = ScreenData.SmallFile();

    private static (int Code, string Out, string Err) Finq(params string[] args) => CliTests.Finq(args);

    private static List<JsonElement> Rows(string output)
    {
        using var doc = JsonDocument.Parse(output);
        return [.. doc.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private static string[] Ids(string output) => [.. Rows(output).Select(r => r.GetProperty("entity").GetString()!)];

    [Fact]
    public void Json_rows_are_sorted_descending_with_NA_last_and_their_reasons()
    {
        var (code, output, err) = Finq("screen", "--data", Small, "--json", "x[2023]");
        Assert.True(code == 0, err);
        Assert.Equal(["A", "B", "C", "D", "E", "F"], Ids(output));
        var rows = Rows(output);
        Assert.Equal(["entity", "name", "type", "value", "unit", "display", "reason"], rows[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("Alpha", rows[0].GetProperty("name").GetString());
        Assert.Equal(10, rows[0].GetProperty("value").GetDouble());
        Assert.Equal("USD", rows[0].GetProperty("unit").GetString());
        Assert.Equal("na", rows[4].GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, rows[4].GetProperty("value").ValueKind);
        Assert.Equal("no x for 2023", rows[4].GetProperty("reason").GetString());
    }

    [Fact]
    public void Ascending_reverses_the_values_but_keeps_NA_last()
    {
        var (code, output, _) = Finq("screen", "--data", Small, "--json", "--ascending", "x[2023]");
        Assert.Equal(0, code);
        Assert.Equal(["D", "B", "C", "A", "E", "F"], Ids(output));
    }

    [Fact]
    public void Top_keeps_the_first_rows()
    {
        var (code, output, _) = Finq("screen", "--data", Small, "--json", "--top", "2", "x[2023]");
        Assert.Equal(0, code);
        Assert.Equal(["A", "B"], Ids(output));
        Assert.Equal(2, Finq("screen", "--data", Small, "--top", "-1", "x[2023]").Code);
    }

    [Fact]
    public void Where_keeps_the_entities_whose_condition_holds_and_they_are_the_peers_universe()
    {
        // x[2023] < 10 holds for B, C, D; E and F are NA and drop out with A. Among B 7, C 7, D 3: ranks 1, 1, 3.
        var (code, output, err) = Finq("screen", "--data", Small, "--json", "--where", "x[2023] < 10", "peer_rank(x[2023])");
        Assert.True(code == 0, err);
        var rows = Rows(output);
        // Sorted by rank, largest first; equal values by entity id.
        Assert.Equal(["D", "B", "C"], Ids(output));
        Assert.Equal([3.0, 1.0, 1.0], rows.Select(r => r.GetProperty("value").GetDouble()));
    }

    [Fact]
    public void The_table_has_a_row_per_entity_with_NA_reasons()
    {
        var (code, output, err) = Finq("screen", "--data", Small, "x[2023] > peer_median(x[2023])");
        Assert.True(code == 0, err);
        var lines = output.Split('\n');
        int alpha = Array.FindIndex(lines, l => l.Contains("Alpha")), epsilon = Array.FindIndex(lines, l => l.Contains("Epsilon"));
        Assert.True(alpha >= 0 && epsilon > alpha, output);
        Assert.Contains("true", lines[alpha]);
        Assert.Contains("no x for 2023", lines[epsilon]);
    }

    [Fact]
    public void Csv_has_a_header_and_a_row_per_entity()
    {
        var (code, output, _) = Finq("screen", "--data", Small, "--format", "csv", "x[2023]");
        Assert.Equal(0, code);
        var lines = output.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("entity,name,type,value,unit,display,reason", lines[0]);
        Assert.Equal(7, lines.Length);
        Assert.StartsWith("A,Alpha,number,10,USD,", lines[1]);
    }

    [Theory]
    [InlineData("x[2023]", "--where needs a boolean condition")]
    [InlineData("x[2023] >", "")]
    [InlineData("y[2023] > 1", "unknown metric 'y'")]
    public void A_bad_condition_is_a_query_error(string condition, string message)
    {
        var (code, output, err) = Finq("screen", "--data", Small, "--where", condition, "x[2023]");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains(message, err);
        (code, output, _) = Finq("screen", "--data", Small, "--json", "--where", condition, "x[2023]");
        Assert.Equal(1, code);
        var e = Rows(output).Single();
        Assert.Equal("error", e.GetProperty("type").GetString());
        Assert.Equal(condition, e.GetProperty("query").GetString());
    }

    [Fact]
    public void A_bad_query_is_a_query_error_and_bad_usage_exit_code_2()
    {
        var (code, _, err) = Finq("screen", "--data", Small, "peer_median(x)");
        Assert.Equal(1, code);
        Assert.Contains("peer_median expects a number", err);
        Assert.Equal(2, Finq("screen", "--data", Small).Code);
        Assert.Equal(2, Finq("screen", "--data", Path.Combine(Path.GetTempPath(), "no-such-finq-file.json"), "x[2023]").Code);
    }

    [Fact]
    public void Screens_the_two_SEC_companies()
    {
        // Tesla's fiscal 2021 is calendar 2021; Snowflake's ends in January 2021.
        var (code, output, err) = Finq("screen", "--data", SecTestData.Zip, "--json", "revenue[FY2021]");
        Assert.True(code == 0, err);
        var rows = Rows(output);
        Assert.Equal(["TSLA", "SNOW"], Ids(output));
        Assert.Equal(53_823_000_000, rows[0].GetProperty("value").GetDouble());
        Assert.Equal(592_049_000, rows[1].GetProperty("value").GetDouble());
        (code, output, err) = Finq("screen", "--data", SecTestData.Zip, "--json", "peer_rank(revenue[FY2021]) + peer_count(revenue[FY2021]) * 10");
        Assert.True(code == 0, err);
        Assert.Equal([21.0, 22.0], Rows(output).Select(r => r.GetProperty("value").GetDouble()).Reverse());
    }
}
