using System.Text.Json;

namespace FinQuery.Tests.Samples;

/// <summary>
/// The showcase: samples/meta-q2-2023/claims.fq, each line a claim with the article's own figure, checked with
/// <c>finq check</c> on the bundled data. Every verdict is pinned, with the figure computed and how a <c>~=</c>
/// held. The two that fail are not softened: the data records "under 200,000" and "over 150,000" as the bound
/// itself (its source is the article), so the strict claims do not hold against it.
/// </summary>
public class MetaFactCheckTests
{
    private static readonly string Claims = Path.Combine(AppContext.BaseDirectory, "samples", "meta-q2-2023", "claims.fq");

    // label → (verdict, the left side as displayed, by: rounding/truncation/exact or null for other comparisons).
    private static readonly Dictionary<string, (string Verdict, string Actual, string? By)> Expected = new()
    {
        ["Revenue was $32 billion"] = ("holds", "31.999B USD", "rounding"),
        ["Revenue grew 11% year over year"] = ("holds", "+11.0%", "rounding"),
        ["Revenue beat the market's $31.06 billion"] = ("holds", "31.999B USD", null),
        ["The market expected $31.06 billion"] = ("holds", "31.06B USD", "exact"),
        ["First double-digit growth since Q4 2021"] = ("holds", "2021Q4", null),
        ["EPS was $2.98"] = ("holds", "2.98 USD/share", "exact"),
        ["EPS grew 21% year over year"] = ("holds", "+21.1%", "rounding"),
        ["EPS beat the expected $2.91"] = ("holds", "2.98 USD/share", null),
        ["Net income was $7.788 billion"] = ("holds", "7.788B USD", "exact"),
        ["The market expected $7.504 billion"] = ("holds", "7.504B USD", "exact"),
        ["Net income a year earlier was $6.687 billion"] = ("holds", "6.687B USD", "exact"),
        // 7,788 / 6,687 − 1 = 16.46%: about 16%.
        ["Net income grew 16% year over year"] = ("holds", "+16.5%", "rounding"),
        // $3,739M: the article truncates to 3.73 (rounded it would be 3.74).
        ["Reality Labs lost $3.73 billion in Q2 2023"] = ("holds", "3.739B USD", "truncation"),
        ["The loss was expected to be $3.68 billion"] = ("holds", "3.68B USD", "exact"),
        ["The loss was bigger than expected"] = ("holds", "-3.739B USD", null),
        ["The loss a year earlier was $2.8 billion"] = ("holds", "2.806B USD", "rounding"),
        ["Reality Labs lost $3.992 billion in Q1 2023"] = ("holds", "3.992B USD", "exact"),
        ["Reality Labs lost $13.717 billion in 2022"] = ("holds", "13.717B USD", "exact"),
        ["Reality Labs lost $10.193 billion in 2021"] = ("holds", "10.193B USD", "exact"),
        ["Over $10 billion lost in each of 2021 and 2022"] = ("holds", "10.193B USD", null),
        // 10,193 + 13,717 + 3,992 + 3,739 = 31,641.
        ["Reality Labs lost about $31.6 billion since 2021"] = ("holds", "31.641B USD", "rounding"),
        ["Headcount was 71,469"] = ("holds", "71,469", "exact"),
        // 71,469 / 83,553 − 1 = −14.46%: about −14%.
        ["Headcount fell 14% year over year"] = ("holds", "-14.5%", "rounding"),
        // The data holds the article's bound as the value (200,000 "upper bound", 150,000 "over"): the strict claims fail.
        ["Horizon Worlds had under 200,000 users at the end of 2022"] = ("fails", "200,000", null),
        ["Llama 2 drew over 150,000 download requests in a week"] = ("fails", "150,000", null),
        ["Threads had 30 million users after 24 hours"] = ("holds", "30,000,000", "exact"),
        ["Threads had 70 million users after 48 hours"] = ("holds", "70,000,000", "exact"),
        ["Threads passed 100 million users in 5 days"] = ("holds", "5 days", "exact"),
        ["Twitter took five years and two months"] = ("holds", "62 months", null),
    };

    [Fact]
    public void Every_claim_of_the_article_gets_its_verdict()
    {
        var (code, output, err) = CliTests.Finq("check", "--json", Claims);
        Assert.True(code == 3, $"exit {code}: {err}");
        using var doc = JsonDocument.Parse(output);
        var seen = new HashSet<string>();
        foreach (var item in doc.RootElement.EnumerateArray())
        {
            string label = item.GetProperty("label").GetString()!;
            Assert.True(Expected.TryGetValue(label, out var want), $"claim '{label}' has no expected verdict in this test");
            Assert.True(seen.Add(label), $"two claims labelled '{label}'");
            Assert.Equal("bool", item.GetProperty("type").GetString());
            Assert.Equal(want.Verdict, item.GetProperty("verdict").GetString());
            Assert.Equal(want.Actual, item.GetProperty("actual").GetProperty("display").GetString());
            var by = item.GetProperty("by");
            Assert.Equal(want.By, by.ValueKind == JsonValueKind.Null ? null : by.GetString());
            string query = item.GetProperty("query").GetString()!;
            if (query.Contains("~=", StringComparison.Ordinal))
            {
                // The written figure is the article's, as written in the query.
                string text = item.GetProperty("claimed").GetProperty("text").GetString()!;
                Assert.EndsWith("~= " + text, query);
            }
        }
        Assert.Equal(Expected.Count, seen.Count);
    }

    [Fact]
    public void The_check_table_shows_each_verdict_and_the_summary()
    {
        var (code, output, _) = CliTests.Finq("check", Claims);
        Assert.Equal(3, code);
        Assert.Contains("│ Revenue grew 11% year over year", output);
        Assert.Contains("+11.02%", output);
        Assert.Contains("31.641B USD", output);
        Assert.Contains("truncation", output);
        Assert.Contains("29 claims: 27 hold, 2 fail", output);
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
                    Assert.Equal(SourceKind(SourceOf(csv, entity.Id, series, period)), SourceKind(SourceOf(json, entity.Id, series, period, per: period)));
                }
    }

    [Fact]
    public void Each_verdict_names_where_its_figures_come_from()
    {
        var (_, output, _) = CliTests.Finq("check", "--json", Claims);
        using var doc = JsonDocument.Parse(output);
        var sources = doc.RootElement.EnumerateArray().ToDictionary(
            i => i.GetProperty("label").GetString()!,
            i => string.Join(" | ", i.GetProperty("sources").EnumerateArray().Select(s => s.GetString())));
        Assert.Equal("10-Q/10-K", sources["Revenue was $32 billion"]);
        Assert.Equal("10-Q/10-K | the article (market expectation)", sources["Revenue beat the market's $31.06 billion"]);
        Assert.Equal("the article", sources["Reality Labs lost about $31.6 billion since 2021"]);
        Assert.Equal("the article: fewer than 200,000 (an upper bound)", sources["Horizon Worlds had under 200,000 users at the end of 2022"]);
    }

    /// <summary>The source the data gives for one observation, read through provenance as a user sees it.</summary>
    private static string SourceOf(Dataset data, string entity, MetricSeries series, Period period, Period? per = null)
    {
        string name = $"{entity}.{series.Metric}";
        string query = series.Variant == Variant.Consensus ? $"consensus({name}, {period})" : $"{name}[{period}]";
        var entry = Query.Parse(query).Bind(data).Explain().Provenance!.Entries.Single(e => e.Period == period);
        string source = entry.Source ?? "";
        // A series-level source may say which periods each part covers: "10-Q (2023Q1); the article (2022Q2, 2023Q2)".
        if (per is { } p && source.Contains(';', StringComparison.Ordinal))
            source = source.Split("; ").Single(part => part.Contains(p.ToString(), StringComparison.Ordinal));
        return source;
    }

    /// <summary>What a source says at heart: the story itself ("seed: …" in the CSV), a filing, or something else.</summary>
    private static string SourceKind(string source) =>
        source.StartsWith("seed", StringComparison.Ordinal) || source.StartsWith("the article", StringComparison.Ordinal) ? "article"
        : source.Contains("10-Q", StringComparison.Ordinal) || source.Contains("10-K", StringComparison.Ordinal) ? "filing"
        : source.Contains("launch", StringComparison.Ordinal) ? "launch" : source;
}
