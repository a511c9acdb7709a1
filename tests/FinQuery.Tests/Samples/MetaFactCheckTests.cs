using System.Text.Json;

namespace FinQuery.Tests.Samples;

/// <summary>
/// The showcase: samples/meta-q2-2023/claims.fq run through <c>finq run --json</c> on the bundled data must
/// reproduce every figure the article states, at the article's precision: the difference from the printed figure
/// is under one unit of its last digit (the article rounds some figures and truncates others, e.g. a loss of
/// $3,739M printed as "3.73 billion").
/// </summary>
public class MetaFactCheckTests
{
    private static readonly string Claims = Path.Combine(AppContext.BaseDirectory, "samples", "meta-q2-2023", "claims.fq");

    // label → (the article's figure in the result's own units, one unit of its last printed digit).
    private static readonly Dictionary<string, (double Figure, double Unit)> Numbers = new()
    {
        ["Revenue in Q2 2023 was $32 billion"] = (32e9, 1e9),
        ["Revenue grew 11% year over year"] = (0.11, 0.01),
        ["The market expected $31.06 billion"] = (31.06e9, 0.01e9),
        ["EPS was $2.98"] = (2.98, 0.01),
        ["EPS grew 21% year over year"] = (0.21, 0.01),
        ["The market expected EPS of"] = (2.91, 0.01),
        ["Net income was $7.788 billion"] = (7.788e9, 0.001e9),
        ["The market expected net income of $7.504 billion"] = (7.504e9, 0.001e9),
        ["Net income a year earlier was $6.687 billion"] = (6.687e9, 0.001e9),
        ["Net income grew 16% year over year"] = (0.16, 0.01),
        ["Reality Labs lost $3.73 billion in Q2 2023"] = (3.73e9, 0.01e9),
        ["The loss was expected to be $3.68 billion"] = (3.68e9, 0.01e9),
        ["The loss a year earlier was $2.8 billion"] = (2.8e9, 0.1e9),
        ["Reality Labs lost $3.992 billion in Q1 2023"] = (3.992e9, 0.001e9),
        ["Reality Labs lost $13.717 billion in 2022"] = (13.717e9, 0.001e9),
        ["Reality Labs lost $10.193 billion in 2021"] = (10.193e9, 0.001e9),
        ["Reality Labs lost about $31.6 billion since 2021"] = (31.6e9, 0.1e9),
        ["Headcount at the end of Q2 2023 was 71,469"] = (71469, 1),
        ["Headcount fell 14% year over year"] = (-0.14, 0.01),
        ["Horizon Worlds had under 200,000 users at the end of 2022"] = (200000, 1),
        ["Llama 2 drew over 150,000 download requests"] = (150000, 1),
        ["That took one week from the 2023-07-18 release"] = (7, 1),
        ["Threads had 30 million users after 24 hours"] = (30e6, 1e6),
        ["Threads had 70 million users after 48 hours"] = (70e6, 1e6),
        ["Days for Threads to pass 100 million users"] = (5, 1),
        ["Months for Twitter to pass 100 million users"] = (62, 1),
        ["Twitter took five years (and two months)"] = (5, 1),
        // Not printed in the article; checked against figures worked out by hand from the sources.
        ["Revenue beat the consensus by"] = (31999.0 / 31060 - 1, 1e-9),
        ["The loss grew from a year earlier by"] = (933e6, 1),
        ["Headcount fell by this many people"] = (-12084, 1),
    };

    private static readonly Dictionary<string, bool> Booleans = new()
    {
        ["Revenue beat expectations"] = true,
        ["EPS beat the expected $2.91"] = true,
        ["Net income beat expectations"] = true,
        ["The loss was bigger than expected"] = true,
        ["Over $10 billion lost in each of 2021 and 2022"] = true,
    };

    private static readonly Dictionary<string, string> Periods = new()
    {
        ["First double-digit growth since then"] = "2023Q2",
        ["Previous double-digit growth quarter was 2021Q4"] = "2021Q4",
    };

    [Fact]
    public void The_fact_check_reproduces_every_figure_of_the_article()
    {
        var (code, output, err) = CliTests.Finq("run", "--json", Claims);
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var seen = new HashSet<string>();
        foreach (var item in doc.RootElement.EnumerateArray())
        {
            string label = item.GetProperty("label").GetString()!;
            string type = item.GetProperty("type").GetString()!;
            var value = item.GetProperty("value");
            seen.Add(label);
            if (Numbers.TryGetValue(label, out var n))
            {
                Assert.True(type is "number" or "percent", $"{label}: {type}");
                double v = value.GetDouble();
                Assert.True(Math.Abs(v - n.Figure) < n.Unit, $"{label}: {v} is not {n.Figure} at the article's precision");
            }
            else if (Booleans.TryGetValue(label, out var b))
            {
                Assert.Equal("bool", type);
                Assert.Equal(b, value.GetBoolean());
            }
            else if (Periods.TryGetValue(label, out var p))
            {
                Assert.Equal("period", type);
                Assert.Equal(p, value.GetString());
            }
            else
            {
                Assert.Fail($"claim '{label}' has no expected figure in this test");
            }
        }
        Assert.Equal(Numbers.Count + Booleans.Count + Periods.Count, seen.Count);
    }

    [Fact]
    public void The_fact_check_table_shows_every_claim()
    {
        var (code, output, _) = CliTests.Finq("run", Claims);
        Assert.Equal(0, code);
        Assert.Contains("│ Revenue grew 11% year over year", output);
        Assert.Contains("+11.0%", output);
        Assert.Contains("31.641B USD", output);
        Assert.Contains("37 queries: 37 evaluated, 0 n/a, 0 errors", output);
    }

    [Fact]
    public void The_bundled_data_equals_the_sample_file()
    {
        var file = Dataset.LoadJson(Path.Combine(AppContext.BaseDirectory, "samples", "meta-q2-2023", "meta.json"));
        var (_, fromFile, _) = CliTests.Finq("eval", "--data", Path.Combine(AppContext.BaseDirectory, "samples", "meta-q2-2023", "meta.json"), "-sum(reality_labs_operating_income, 2021..2023Q2)");
        var (_, bundled, _) = CliTests.Finq("eval", "-sum(reality_labs_operating_income, 2021..2023Q2)");
        Assert.Equal(fromFile, bundled);
        Assert.Equal(3, file.Entities.Count);
    }

    [Fact]
    public void The_sample_data_matches_the_sourced_csv()
    {
        // meta.json was built from shared/data/meta-facts.csv: every CSV figure must be in it, scaled.
        var json = Dataset.LoadJson(Path.Combine(AppContext.BaseDirectory, "samples", "meta-q2-2023", "meta.json"));
        var csv = Dataset.LoadCsv(Path.Combine(AppContext.BaseDirectory, "samples", "meta-q2-2023", "meta-facts.csv"));
        foreach (var entity in csv.Entities)
            foreach (var series in entity.Series)
                foreach (var (period, value) in series.Reported)
                {
                    var other = json.FindEntity(entity.Id)!.Find(series.Metric, series.Variant)!;
                    Assert.True(other.TryGetValue(period, out double v) && v == value, $"{entity.Id}.{series.Metric} {period}");
                    Assert.Equal(series.Unit, other.Unit);
                }
    }
}
