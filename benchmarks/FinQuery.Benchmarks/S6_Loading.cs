using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace FinQuery.Benchmarks;

/// <summary>
/// Scenario 6: loading a dataset of 5,000 entities × 80 quarters × 3 metrics (1.2 million values) from a JSON
/// file and from the same data as a long-form CSV file. No target: README.md reports MB/s (file size / mean)
/// and allocated bytes per value. The baselines are hand-written readers that only collect the values into
/// one array per series (no validation, no derivation, no error locations): a floor, not a peer.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class S6_Loading
{
    public const int Entities = 5000;
    public const int Quarters = 80;
    public const int Values = Entities * Quarters * 3;

    private LoadingFiles _files = null!;
    private string _jsonPath = null!;
    private string _csvPath = null!;

    [GlobalSetup]
    public void Setup()
    {
        _files = LoadingFiles.Create("bench6");
        (_jsonPath, _csvPath) = _files.WriteUniverse(Entities, Quarters);

        var json = FinQuery_LoadJson();
        var csv = FinQuery_LoadCsv();
        if (json.Entities.Count != Entities || csv.Entities.Count != Entities)
            throw new InvalidOperationException("wrong entity count");
        LoadingFiles.CheckSameValue(json, csv, 4321);
        if (CSharp_JsonReader() != Entities * 3 || CSharp_CsvReader() != Entities * 3)
            throw new InvalidOperationException("wrong series count in a hand-written reader");
    }

    [GlobalCleanup]
    public void Cleanup() => _files.Delete();

    [BenchmarkCategory("json"), Benchmark(Baseline = true, Description = "C#: Utf8JsonReader, values into arrays")]
    public int CSharp_JsonReader()
    {
        var bytes = File.ReadAllBytes(_jsonPath);
        var reader = new Utf8JsonReader(bytes);
        var series = new List<(string Entity, string Metric, double[] Values)>();
        string entity = "", metric = "";
        var values = new List<double>(Quarters);
        bool inValues = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName when inValues:
                    if (!Period.TryParse(Encoding.UTF8.GetString(reader.ValueSpan), out _)) throw new FormatException();
                    reader.Read();
                    values.Add(reader.GetDouble());
                    break;
                case JsonTokenType.PropertyName when reader.ValueTextEquals("id"):
                    reader.Read();
                    entity = reader.GetString()!;
                    break;
                case JsonTokenType.PropertyName when reader.ValueTextEquals("metric"):
                    reader.Read();
                    metric = reader.GetString()!;
                    break;
                case JsonTokenType.PropertyName when reader.ValueTextEquals("values"):
                    inValues = true;
                    break;
                case JsonTokenType.EndObject when inValues:
                    inValues = false;
                    series.Add((entity, metric, values.ToArray()));
                    values.Clear();
                    break;
            }
        }
        return series.Count;
    }

    [BenchmarkCategory("json"), Benchmark(Description = "FinQuery: Dataset.LoadJson")]
    public Dataset FinQuery_LoadJson() => Dataset.LoadJson(_jsonPath);

    [BenchmarkCategory("csv"), Benchmark(Baseline = true, Description = "C#: split lines, values into arrays")]
    public int CSharp_CsvReader()
    {
        var bytes = File.ReadAllBytes(_csvPath);
        var series = new Dictionary<(string, string), List<double>>();
        var span = bytes.AsSpan();
        int nl = span.IndexOf((byte)'\n');
        span = span[(nl + 1)..];   // header
        byte[] lastEntity = [], lastMetric = [];
        List<double>? last = null;
        Span<char> periodChars = stackalloc char[16];
        while (!span.IsEmpty)
        {
            nl = span.IndexOf((byte)'\n');
            var line = nl < 0 ? span : span[..nl];
            span = nl < 0 ? default : span[(nl + 1)..];
            int c1 = line.IndexOf((byte)',');
            var entity = line[..c1];
            line = line[(c1 + 1)..];
            int c2 = line.IndexOf((byte)',');
            var metric = line[..c2];
            line = line[(c2 + 1)..];
            int c3 = line.IndexOf((byte)',');
            int pn = Encoding.UTF8.GetChars(line[..c3], periodChars);
            if (!Period.TryParse(periodChars[..pn], out _)) throw new FormatException();
            line = line[(c3 + 1)..];
            int c4 = line.IndexOf((byte)',');
            if (!Utf8Parser.TryParse(line[..c4], out double value, out _)) throw new FormatException();
            if (last is null || !entity.SequenceEqual(lastEntity) || !metric.SequenceEqual(lastMetric))
            {
                (lastEntity, lastMetric) = (entity.ToArray(), metric.ToArray());
                var key = (Encoding.UTF8.GetString(entity), Encoding.UTF8.GetString(metric));
                if (!series.TryGetValue(key, out last)) series.Add(key, last = new List<double>(Quarters));
            }
            last.Add(value);
        }
        return series.Count;
    }

    [BenchmarkCategory("csv"), Benchmark(Description = "FinQuery: Dataset.LoadCsv")]
    public Dataset FinQuery_LoadCsv() => Dataset.LoadCsv(_csvPath);
}
