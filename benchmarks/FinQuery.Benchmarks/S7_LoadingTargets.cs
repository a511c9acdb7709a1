using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using nietras.SeparatedValues;

namespace FinQuery.Benchmarks;

/// <summary>
/// Scenario 7 (issue 15): loading 2,000 entities × 80 quarters × 3 metrics (480,000 values) against floors
/// measured in the same run. Targets: JSON load ≤ 2.5× one <see cref="Utf8JsonReader"/> pass that keeps every
/// number; CSV load ≤ 3× one pass of Sep (a well-kept CSV reader) that keeps every value; memory kept after
/// load ≤ 48 B per value, entity and series overhead included (printed by the setup, measured with a full GC
/// before and after). The floors keep each series' numbers in an array under its entity and metric, and check
/// nothing else.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class S7_LoadingTargets
{
    public const int Entities = 2000;
    public const int Quarters = 80;
    public const int Values = Entities * Quarters * 3;

    private LoadingFiles _files = null!;
    private string _jsonPath = null!;
    private string _csvPath = null!;

    [GlobalSetup]
    public void Setup()
    {
        _files = LoadingFiles.Create("bench7");
        (_jsonPath, _csvPath) = _files.WriteUniverse(Entities, Quarters);

        if (Floor_Json() != Values || Floor_Csv() != Values) throw new InvalidOperationException("a floor missed values");
        var json = FinQuery_LoadJson();
        var csv = FinQuery_LoadCsv();
        S1_EvaluateBound.Check(LoadingFiles.CheckSameValue(json, csv, 1234), BenchData.Value(1234, 1, 80 - 3), "JSON vs the generator");
        Console.WriteLine($"// memory kept after load: JSON {KeptBytesPerValue(FinQuery_LoadJson):F1} B/value, CSV {KeptBytesPerValue(FinQuery_LoadCsv):F1} B/value");
    }

    /// <summary>Bytes still reachable from a loaded dataset, per value of the file, after full collections.</summary>
    public static double KeptBytesPerValue(Func<Dataset> load)
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var data = load();
        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(data);
        return (after - before) / (double)Values;
    }

    [GlobalCleanup]
    public void Cleanup() => _files.Delete();

    [BenchmarkCategory("json"), Benchmark(Baseline = true, Description = "floor: one Utf8JsonReader pass keeping every number")]
    public int Floor_Json()
    {
        var bytes = File.ReadAllBytes(_jsonPath);
        var reader = new Utf8JsonReader(bytes);
        var series = new List<(string Entity, string Metric, double[] Values)>();
        string entity = "", metric = "";
        var values = new List<double>(Quarters);
        int count = 0;
        bool inValues = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Number when inValues:
                    values.Add(reader.GetDouble());
                    count++;
                    break;
                case JsonTokenType.PropertyName when inValues:
                    break;
                case JsonTokenType.PropertyName when reader.ValueTextEquals("id"u8):
                    reader.Read();
                    entity = reader.GetString()!;
                    break;
                case JsonTokenType.PropertyName when reader.ValueTextEquals("metric"u8):
                    reader.Read();
                    metric = reader.GetString()!;
                    break;
                case JsonTokenType.PropertyName when reader.ValueTextEquals("values"u8):
                    inValues = true;
                    break;
                case JsonTokenType.EndObject when inValues:
                    inValues = false;
                    series.Add((entity, metric, values.ToArray()));
                    values.Clear();
                    break;
            }
        }
        return count;
    }

    [BenchmarkCategory("json"), Benchmark(Description = "FinQuery: Dataset.LoadJson")]
    public Dataset FinQuery_LoadJson() => Dataset.LoadJson(_jsonPath);

    [BenchmarkCategory("csv"), Benchmark(Baseline = true, Description = "floor: one Sep pass keeping every value")]
    public int Floor_Csv()
    {
        using var reader = Sep.Reader().FromFile(_csvPath);
        int entityCol = reader.Header.IndexOf("entity"), metricCol = reader.Header.IndexOf("metric"), valueCol = reader.Header.IndexOf("value");
        var series = new Dictionary<(string, string), List<double>>();
        List<double>? last = null;
        string lastEntity = "", lastMetric = "";
        int count = 0;
        foreach (var row in reader)
        {
            var entity = row[entityCol].Span;
            var metric = row[metricCol].Span;
            if (last is null || !entity.SequenceEqual(lastEntity) || !metric.SequenceEqual(lastMetric))
            {
                (lastEntity, lastMetric) = (entity.ToString(), metric.ToString());
                if (!series.TryGetValue((lastEntity, lastMetric), out last)) series.Add((lastEntity, lastMetric), last = new List<double>(Quarters));
            }
            last.Add(row[valueCol].Parse<double>());
            count++;
        }
        return count;
    }

    private Series.Observation[][]? _observations;

    /// <summary>Not a target: how much of a load is building the 6,000 series (tables, quarters rolled up into halves and years).</summary>
    [BenchmarkCategory("build"), Benchmark(Description = "FinQuery: the series alone, from their values")]
    public int FinQuery_BuildSeries()
    {
        _observations ??= Enumerable.Range(0, Entities * 3)
            .Select(k => BenchData.Quarters(k / 3, k % 3, Quarters).Select(o => new Series.Observation(o.Key, o.Value)).ToArray()).ToArray();
        var calendar = new FiscalCalendar(12);
        int n = 0;
        var scratch = new Series.Observation[Quarters];
        foreach (var o in _observations)
        {
            o.CopyTo(scratch, 0);
            n += new MetricSeries("revenue", Variant.Actual, "USD", Aggregation.Sum, calendar, scratch).FinestReported == Frequency.Quarter ? 1 : 0;
        }
        return n;
    }

    [BenchmarkCategory("csv"), Benchmark(Description = "FinQuery: Dataset.LoadCsv")]
    public Dataset FinQuery_LoadCsv() => Dataset.LoadCsv(_csvPath);
}
