using System.Globalization;
using System.Text;
using FinQuery.Data.Sec;

namespace FinQuery.Tests.Data.Sec;

/// <summary>
/// The SEC entity builder against <see cref="ReferenceSecBuilder"/>, the straightforward first version: the same
/// series with the same values, derivations, publications (value, filed day, form, accession, concept, dates)
/// and notes, on the real Tesla and Snowflake files and on random companies.
/// </summary>
public class SecBuilderOracleTests
{
    [Theory]
    [InlineData("CIK0001318605.json")]
    [InlineData("CIK0001640147.json")]
    public void Real_filings_build_as_the_reference_does(string file)
    {
        var company = CompanyFactsReader.Read(File.ReadAllBytes(Path.Combine(SecTestData.Folder, file)), file);
        AssertSame(company);
    }

    [Fact]
    public void Random_companies_build_as_the_reference_does()
    {
        var random = new Random(20261201);
        for (int i = 0; i < 60; i++)
        {
            var json = RandomCompany(random, 1000 + i).ToString();
            AssertSame(CompanyFactsReader.Read(Encoding.UTF8.GetBytes(json), $"company {i}"));
        }
    }

    [Fact]
    public void A_reused_fact_store_reads_each_company_as_a_fresh_one_does()
    {
        var random = new Random(7);
        var store = new FactStore();
        for (int i = 0; i < 10; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(RandomCompany(random, 2000 + i).ToString());
            var fresh = SecEntityBuilder.Build(CompanyFactsReader.Read(bytes, "f"), "X", StandardNames.Default);
            var reused = SecEntityBuilder.Build(CompanyFactsReader.Read(bytes, "f", store), "X", StandardNames.Default);
            Assert.Equal(Dump(fresh), Dump(reused));
        }
    }

    private static void AssertSame(CompanyFacts company)
    {
        string expected = Outcome(() => ReferenceSecBuilder.Build(company, "X", StandardNames.Default));
        string actual = Outcome(() => SecEntityBuilder.Build(company, "X", StandardNames.Default));
        Assert.Equal(expected, actual);
    }

    private static string Outcome(Func<Entity> build)
    {
        try
        {
            return Dump(build());
        }
        catch (ArgumentException ex)
        {
            return "error: " + ex.Message;
        }
    }

    private static readonly string[] Flows = ["Revenues", "SalesRevenueNet", "CostOfRevenue", "NetIncomeLoss", "OperatingIncomeLoss", "GrossProfit", "NetCashProvidedByUsedInOperatingActivities", "PaymentsToAcquirePropertyPlantAndEquipment"];
    private static readonly string[] Stocks = ["Assets", "Liabilities", "CommonStockSharesOutstanding"];

    /// <summary>Quarters, halves, nine months and years of a random fiscal calendar, restated, repeated and partly missing.</summary>
    private static CompanyJson RandomCompany(Random random, long cik)
    {
        var json = new CompanyJson(cik);
        int yearEnd = random.Next(1, 13);
        foreach (var concept in Flows.Where(_ => random.Next(3) > 0))
        {
            string unit = random.Next(8) == 0 ? "EUR" : "USD";
            for (int year = 2016; year < 2016 + random.Next(2, 7); year++)
            {
                var fyStart = new DateOnly(year, yearEnd, 1).AddMonths(1);
                for (int q = 0; q < 4; q++)
                {
                    var start = fyStart.AddMonths(3 * q);
                    var end = start.AddMonths(3).AddDays(-1 + random.Next(-3, 4));
                    double value = Math.Round(random.NextDouble() * 1000, 2);
                    if (random.Next(5) > 0) Fact(json, random, concept, unit, start, end, value, "10-Q");
                    if (q == 1 && random.Next(3) == 0) Fact(json, random, concept, unit, fyStart, start.AddMonths(3).AddDays(-1), value * 2, "10-Q");
                    if (q == 2 && random.Next(2) == 0) Fact(json, random, concept, unit, fyStart, start.AddMonths(3).AddDays(-1), value * 3, "10-Q");
                }
                if (random.Next(4) > 0) Fact(json, random, concept, unit, fyStart, fyStart.AddYears(1).AddDays(-1), Math.Round(random.NextDouble() * 4000, 2), "10-K");
            }
        }
        foreach (var concept in Stocks.Where(_ => random.Next(2) > 0))
        {
            string unit = concept == "CommonStockSharesOutstanding" ? "shares" : "USD";
            for (int m = 0; m < random.Next(4, 24); m++)
            {
                var end = new DateOnly(2018, 1, 1).AddMonths(3 * m).AddDays(-1);
                json.Add(concept, unit, null, end, random.Next(1, 100_000), random.Next(4) == 0 ? "10-K" : "10-Q", end.AddDays(30 + random.Next(3) * 365));
            }
        }
        return json;
    }

    /// <summary>A fact in its own filing, sometimes given twice in it, sometimes restated in a later one.</summary>
    private static void Fact(CompanyJson json, Random random, string concept, string unit, DateOnly start, DateOnly end, double value, string form)
    {
        var filed = end.AddDays(30 + random.Next(20));
        json.Add(concept, unit, start, end, value, form, filed);
        if (random.Next(6) == 0) json.Add(concept, unit, start, end, value, form, filed);
        if (random.Next(3) == 0) json.Add(concept, unit, start, end, value + random.Next(0, 3), random.Next(2) == 0 ? "10-K" : "10-Q/A", filed.AddDays(365));
    }

    internal static string Dump(Entity e)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"{e.Id} {e.Name} {e.Calendar}\n");
        foreach (var s in e.Series)
        {
            sb.Append(inv, $"{s.Metric} {s.Variant} [{s.Unit}] {s.Aggregation} {s.Label} finest {s.FinestReported} restated {s.IsRestated} filed {s.FirstFiled}..{s.LastFiled}\n");
            for (var f = Frequency.Year; ; f--)
            {
                foreach (var (p, v) in s.ValuesAt(f))
                {
                    sb.Append(inv, $"  {p} {v:R} reported {s.IsReported(p)} {s.DescribeDerivation(p)}\n");
                    foreach (var o in s.PublishedAt(p))
                        sb.Append(inv, $"    {o.Value:R} filed {o.Filed} {o.Origin?.Concept} {o.Origin?.Form} {o.Origin?.Accession} {o.Origin?.Start} {o.Origin?.End} {o.Origin?.Source}\n");
                    if (s.Notes?.GetValueOrDefault(p) is { } note)
                        sb.Append(inv, $"    note {note.Derivation} from {string.Join(", ", note.From.Select(x => $"{x.Metric}:{x.Period}"))}\n");
                }
                if (f == Frequency.Day) break;
            }
        }
        return sb.ToString();
    }
}
