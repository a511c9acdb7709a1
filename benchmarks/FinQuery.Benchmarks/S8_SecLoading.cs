using System.IO.Compression;
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

    private LoadingFiles _files = null!;
    private string _folder = null!;
    private string _zip = null!;
    private int _facts;

    [GlobalSetup]
    public void Setup()
    {
        _files = LoadingFiles.Create("bench8");
        (var folder, _zip, _facts) = _files.WriteCompanyFacts(Companies, folder: true);
        _folder = folder!;
        if (Floor_Folder() != _facts || Floor_Zip() != _facts) throw new InvalidOperationException("a floor missed facts");
        var loaded = FinQuery_Folder();
        var zipped = FinQuery_Zip();
        if (loaded.Entities.Count != Companies || zipped.Entities.Count != Companies) throw new InvalidOperationException("wrong company count");
        var probe = Period.OfQuarter(2020, 2);
        loaded.Entities[17].Find("Revenues")!.TryGetValue(probe, out double a);
        zipped.Entities[17].Find("Revenues")!.TryGetValue(probe, out double b);
        S1_EvaluateBound.Check(a, b, "zip vs folder");
        S1_EvaluateBound.Check(a, LoadingFiles.SecValue(17, 0, (2020 - 2014) * 4 + 1) + 1, "the latest filing");
    }

    [GlobalCleanup]
    public void Cleanup() => _files.Delete();

    /// <summary>
    /// The floor for one file: start, end, filed and value of every fact, into a list the floors size for every fact
    /// of the load, so that growing the list (large arrays, collections of the whole heap) is no part of the floor.
    /// </summary>
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
        var facts = new List<(int, int, int, double)>(_facts);
        int n = 0;
        foreach (var file in Directory.GetFiles(_folder)) n += Floor(File.ReadAllBytes(file), facts);
        return n;
    }

    [BenchmarkCategory("folder"), Benchmark(Description = "FinQuery: Dataset.Load(folder)")]
    public Dataset FinQuery_Folder() => Dataset.Load(_folder, DataLoadOptions.Default);

    [BenchmarkCategory("zip"), Benchmark(Baseline = true, Description = "floor: Utf8JsonReader over each zip entry, keeping start, end, filed, value")]
    public int Floor_Zip()
    {
        var facts = new List<(int, int, int, double)>(_facts);
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
