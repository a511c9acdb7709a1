using System.Globalization;
using System.Text;
using FinQuery.Data;
using FinQuery.Tests.Robustness;
using FsCheck;
using FsCheck.Xunit;

namespace FinQuery.Tests.Data;

/// <summary>
/// The loaders' fast paths (<see cref="JsonFastReader"/>, <see cref="CsvFastReader"/>) load valid files, and load
/// exactly what the validating readers load: the same entities, series, values, derivations and publications.
/// On damaged files they either agree or give up, and then the validating reader's error is the one reported.
/// </summary>
public class FastLoadingTests
{
    /// <summary>Everything a dataset holds, as text.</summary>
    internal static string Describe(Dataset data)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"default {data.DefaultEntity?.Id}; keys {string.Join(",", data.MetricKeys)}\n");
        foreach (var e in data.Entities)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{e.Id} \"{e.Name}\" FY{e.Calendar.YearEndMonth}\n");
            foreach (var s in e.Series)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {s.Metric}/{s.Variant}/{s.Unit}/{s.Aggregation} finest {s.FinestReported} days {s.MinDay}..{s.MaxDay}\n");
                for (int f = 4; f >= 0; f--)
                {
                    foreach (var (p, v) in s.ValuesAt((Frequency)f))
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"    {p}={v:R} {s.DescribeDerivation(p)}");
                        foreach (var o in s.PublishedAt(p))
                            sb.Append(CultureInfo.InvariantCulture, $" [{o.Value:R} {o.FiledDay} {o.Origin?.Source}]");
                        sb.Append('\n');
                    }
                }
            }
        }
        return sb.ToString();
    }

    private static Dataset? Validating(bool json, string text)
    {
        try
        {
            return json ? JsonDatasetReader.ParseValidating(text, "x") : CsvDatasetReader.ParseValidating(text, "x");
        }
        catch (DataFileException)
        {
            return null;
        }
    }

    private static Dataset? Fast(bool json, string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        byte[] utf8;
        try
        {
            utf8 = new UTF8Encoding(false, true).GetBytes(text);
        }
        catch (EncoderFallbackException)
        {
            return null;
        }
        return json ? JsonFastReader.TryRead(utf8) : CsvFastReader.TryRead(utf8, 0);
    }

    /// <summary>The fast path agrees with the validating reader, or gives up; when <paramref name="mustLoad"/>, it loads.</summary>
    internal static void AssertAgree(bool json, string text, bool mustLoad)
    {
        var expected = Validating(json, text);
        var actual = Fast(json, text);
        if (mustLoad)
        {
            Assert.NotNull(expected);
            Assert.NotNull(actual);
        }
        if (expected is null) Assert.Null(actual);
        if (actual is not null) Assert.Equal(Describe(expected!), Describe(actual));
    }

    private static string Sample(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "samples", "meta-q2-2023", name));

    [Fact]
    public void Valid_files_take_the_fast_path_and_load_the_same()
    {
        AssertAgree(true, DataFileRobustnessTests.ValidJson, mustLoad: true);
        AssertAgree(false, DataFileRobustnessTests.ValidCsv, mustLoad: true);
        AssertAgree(true, VintageTests.Json, mustLoad: true);
        AssertAgree(false, VintageTests.Csv, mustLoad: true);
        AssertAgree(true, Sample("meta.json"), mustLoad: true);
        AssertAgree(false, Sample("meta-facts.csv"), mustLoad: true);
        AssertAgree(false, "entity,metric,period,value\r\n\r\nA,x,2022,1\r\n,,,\r\n   \r\nA,x,2023,2\r", mustLoad: true);
        AssertAgree(false, "entity,metric,period,value,unit,source\nA,x,2022,1,\"USD\",\"a, b\"\n\"A\",\"x\",\"2023\",\"2\",USD,\"she said \"\"hi\"\"\nacross lines\"\nA,x,2024,3,USD,\"\"\n", mustLoad: true);
        AssertAgree(false, "Entity , METRIC,period,value,Name,fiscalyearendmonth\nacme,X,2023Q1, 1e3 ,Acme Corp.,6\nACME,x,2023Q2,-2.5,,\nB,y,2023-07-05,3,Bee,\n", mustLoad: true);
        AssertAgree(true, """
            // comments and trailing commas
            {"entities": [{"id": "A", "fiscalYearEndMonth": null, "name": "Ä \u00e9", "x": [1, {"y": 2}],
              "series": [{"values": {"2023Q1": 1, "2023Q2": 2,}, "metric": "m", "scale": 1e3, "aggregation": "SUM", "variant": "Consensus"},
                         {"metric": "m", "values": {}, "aggregation": "sum", "filed": "2024-01-31", "variant": "consensus"}],},],
             "defaultEntity": "a"}
            """, mustLoad: true);
    }

    [Fact]
    public void Loading_a_file_and_its_text_agree()
    {
        string dir = Directory.CreateTempSubdirectory("finq-fast-").FullName;
        try
        {
            foreach (var (name, text) in new[] { ("v.json", VintageTests.Json), ("v.csv", VintageTests.Csv) })
            {
                string path = Path.Combine(dir, name);
                foreach (var encoding in new Encoding[] { new UTF8Encoding(false), new UTF8Encoding(true), new UnicodeEncoding(false, true) })
                {
                    File.WriteAllText(path, text, encoding);
                    var fromText = name.EndsWith(".json", StringComparison.Ordinal) ? Dataset.ParseJson(text) : Dataset.ParseCsv(text);
                    Assert.Equal(Describe(fromText), Describe(Dataset.Load(path)));
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(DamagedFileArbitraries)])]
    public void On_a_damaged_file_the_fast_path_agrees_or_gives_up(DamagedFile f) => AssertAgree(f.Json, f.Text, mustLoad: false);

    [Property(MaxTest = 100, Arbitrary = [typeof(Generators)])]
    public void Random_datasets_take_the_fast_path(DatasetSpec spec, int seed)
    {
        AssertAgree(true, RoundTripProperties.ToJson(spec), mustLoad: true);
        AssertAgree(false, RoundTripProperties.ToCsv(spec, seed), mustLoad: true);
    }

    [Theory]
    [MemberData(nameof(ErrorCaseTests.JsonCases), MemberType = typeof(ErrorCaseTests))]
    public void Every_bad_JSON_case_gives_up_on_the_fast_path(string name, string json, string expected)
    {
        _ = (name, expected);
        Assert.Null(Fast(true, json));
    }

    [Theory]
    [MemberData(nameof(ErrorCaseTests.CsvCases), MemberType = typeof(ErrorCaseTests))]
    public void Every_bad_CSV_case_gives_up_on_the_fast_path(string name, string csv, string expected)
    {
        _ = (name, expected);
        Assert.Null(Fast(false, csv));
    }
}
