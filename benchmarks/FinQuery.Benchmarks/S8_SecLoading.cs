using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace FinQuery.Benchmarks;

/// <summary>
/// Scenario 8 (issue 15): loading SEC company facts, a folder of files and the same files as a
/// <c>companyfacts.zip</c>, generated here: 200 companies × 4 concepts × 40 quarters and 10 years, each fact
/// filed twice (its own filing and the next year's), about 80,000 facts. Target: ≤ 3× one
/// <see cref="Utf8JsonReader"/> pass that keeps the start, end, filed day and value of every fact (days parsed
/// from their bytes), over the same files.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class S8_SecLoading
{
    public const int Companies = 200;
    private static readonly string[] Concepts = ["Revenues", "NetIncomeLoss", "OperatingIncomeLoss", "CostOfRevenue"];

    private string _folder = null!;
    private string _zip = null!;
    private int _facts;

    [GlobalSetup]
    public void Setup()
    {
        string dir = Path.Combine(Path.GetTempPath(), "finquery-bench8-" + Environment.ProcessId);
        _folder = Path.Combine(dir, "facts");
        Directory.CreateDirectory(_folder);
        _zip = Path.Combine(dir, "companyfacts.zip");
        using (var zip = ZipFile.Open(_zip, ZipArchiveMode.Create))
        {
            for (int c = 0; c < Companies; c++)
            {
                string name = $"CIK{1000 + c:D10}.json";
                string json = CompanyFacts(c, out int facts);
                _facts += facts;
                File.WriteAllText(Path.Combine(_folder, name), json);
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(Encoding.UTF8.GetBytes(json));
            }
        }
        long bytes = Directory.GetFiles(_folder).Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"// {Companies} companies, {_facts:N0} facts, {bytes:N0} bytes of JSON, zip {new FileInfo(_zip).Length:N0} bytes");
        if (Floor_Folder() != _facts || Floor_Zip() != _facts) throw new InvalidOperationException("a floor missed facts");
        var folder = FinQuery_Folder();
        var zipped = FinQuery_Zip();
        if (folder.Entities.Count != Companies || zipped.Entities.Count != Companies) throw new InvalidOperationException("wrong company count");
        var probe = Period.OfQuarter(2020, 2);
        folder.Entities[17].Find("Revenues")!.TryGetValue(probe, out double a);
        zipped.Entities[17].Find("Revenues")!.TryGetValue(probe, out double b);
        S1_EvaluateBound.Check(a, b, "zip vs folder");
        S1_EvaluateBound.Check(a, Value(17, 0, (2020 - 2014) * 4 + 1) + 1, "the latest filing");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(Path.GetDirectoryName(_zip)!, recursive: true);

    private static double Value(int company, int concept, int quarter) => 1000 + company * 10 + concept * 100 + quarter * 7;

    private static string CompanyFacts(int company, out int facts)
    {
        facts = 0;
        var sb = new StringBuilder();
        sb.Append("{\"cik\":").Append(1000 + company).Append(",\"entityName\":\"Company ").Append(company).Append("\",\"facts\":{\"us-gaap\":{");
        for (int k = 0; k < Concepts.Length; k++)
        {
            if (k > 0) sb.Append(',');
            sb.Append('"').Append(Concepts[k]).Append("\":{\"label\":\"").Append(Concepts[k]).Append("\",\"description\":\"A concept.\",\"units\":{\"USD\":[");
            bool first = true;
            for (int q = 0; q < 40; q++)
            {
                int year = 2014 + q / 4, quarter = q % 4 + 1;
                var start = new DateOnly(year, quarter * 3 - 2, 1);
                var end = start.AddMonths(3).AddDays(-1);
                // The quarter's own 10-Q, then the next year's filing, which restates it by one.
                Fact(sb, ref first, start, end, Value(company, k, q), $"0000{1000 + company}-{year % 100:D2}-{q:D6}", year, quarter, "10-Q", end.AddDays(35));
                Fact(sb, ref first, start, end, Value(company, k, q) + 1, $"0000{1000 + company}-{(year + 1) % 100:D2}-{q:D6}", year + 1, quarter, "10-Q", end.AddDays(400));
                facts += 2;
                if (quarter == 4)
                {
                    double total = 0;
                    for (int i = q - 3; i <= q; i++) total += Value(company, k, i) + 1;
                    Fact(sb, ref first, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), total, $"0000{1000 + company}-{(year + 1) % 100:D2}-9{q:D5}", year, 4, "10-K", end.AddDays(60));
                    facts++;
                }
            }
            sb.Append("]}}");
        }
        sb.Append("}}}");
        return sb.ToString();
    }

    private static void Fact(StringBuilder sb, ref bool first, DateOnly start, DateOnly end, double value, string accn, int fy, int fp, string form, DateOnly filed)
    {
        if (!first) sb.Append(',');
        first = false;
        sb.Append(CultureInfo.InvariantCulture,
            $"{{\"start\":\"{start:yyyy-MM-dd}\",\"end\":\"{end:yyyy-MM-dd}\",\"val\":{value.ToString("R", CultureInfo.InvariantCulture)},\"accn\":\"{accn}\",\"fy\":{fy},\"fp\":\"{(form == "10-K" ? "FY" : "Q" + fp)}\",\"form\":\"{form}\",\"filed\":\"{filed:yyyy-MM-dd}\"}}");
    }

    /// <summary>The floor for one file: start, end, filed and value of every fact.</summary>
    private static int Floor(ReadOnlySpan<byte> json, List<(int Start, int End, int Filed, double Value)> into)
    {
        var r = new Utf8JsonReader(json);
        int start = 0, end = 0, filed = 0, count = 0;
        double value = 0;
        int depth = 0;
        while (r.Read())
        {
            switch (r.TokenType)
            {
                case JsonTokenType.StartObject:
                    depth++;
                    start = end = filed = 0;
                    break;
                case JsonTokenType.EndObject:
                    if (end != 0)
                    {
                        into.Add((start, end, filed, value));
                        count++;
                        end = 0;
                    }
                    depth--;
                    break;
                case JsonTokenType.PropertyName when r.ValueTextEquals("start"u8):
                    r.Read();
                    start = Day(r.ValueSpan);
                    break;
                case JsonTokenType.PropertyName when r.ValueTextEquals("end"u8):
                    r.Read();
                    end = Day(r.ValueSpan);
                    break;
                case JsonTokenType.PropertyName when r.ValueTextEquals("filed"u8):
                    r.Read();
                    filed = Day(r.ValueSpan);
                    break;
                case JsonTokenType.PropertyName when r.ValueTextEquals("val"u8):
                    r.Read();
                    value = r.GetDouble();
                    break;
            }
        }
        return count;
    }

    private static int Day(ReadOnlySpan<byte> s) =>
        new DateOnly((s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'), (s[5] - '0') * 10 + (s[6] - '0'), (s[8] - '0') * 10 + (s[9] - '0')).DayNumber;

    [BenchmarkCategory("folder"), Benchmark(Baseline = true, Description = "floor: Utf8JsonReader over each file, keeping start, end, filed, value")]
    public int Floor_Folder()
    {
        var facts = new List<(int, int, int, double)>();
        int n = 0;
        foreach (var file in Directory.GetFiles(_folder)) n += Floor(File.ReadAllBytes(file), facts);
        return n;
    }

    [BenchmarkCategory("folder"), Benchmark(Description = "FinQuery: Dataset.Load(folder)")]
    public Dataset FinQuery_Folder() => Dataset.Load(_folder, DataLoadOptions.Default);

    [BenchmarkCategory("zip"), Benchmark(Baseline = true, Description = "floor: Utf8JsonReader over each zip entry, keeping start, end, filed, value")]
    public int Floor_Zip()
    {
        var facts = new List<(int, int, int, double)>();
        int n = 0;
        using var zip = ZipFile.OpenRead(_zip);
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            var buffer = new MemoryStream((int)entry.Length);
            stream.CopyTo(buffer);
            n += Floor(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), facts);
        }
        return n;
    }

    [BenchmarkCategory("zip"), Benchmark(Description = "FinQuery: Dataset.Load(companyfacts.zip)")]
    public Dataset FinQuery_Zip() => Dataset.Load(_zip, DataLoadOptions.Default);
}
