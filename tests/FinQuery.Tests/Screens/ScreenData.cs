namespace FinQuery.Tests.Screens;

/// <summary>Data for the screen and peer tests: a small hand-checked universe and a generated one.</summary>
internal static class ScreenData
{
    /// <summary>
    /// x[2023]: A 10, B 7, C 7, D 3; E has no 2023 value; F reports 2022 only. Peers: median 7, mean 6.75,
    /// min 3, max 10, count 4; ranks A 1, B 2, C 2, D 4 (equal values share the best rank).
    /// </summary>
    public const string SmallJson = """
        {
          "entities": [
            { "id": "A", "name": "Alpha", "series": [ { "metric": "x", "unit": "USD", "aggregation": "sum", "values": { "2022": 8, "2023": 10 } } ] },
            { "id": "B", "name": "Beta", "series": [ { "metric": "x", "unit": "USD", "aggregation": "sum", "values": { "2022": 5, "2023": 7 } } ] },
            { "id": "C", "name": "Gamma", "series": [ { "metric": "x", "unit": "USD", "aggregation": "sum", "values": { "2022": 9, "2023": 7 } } ] },
            { "id": "D", "name": "Delta", "series": [ { "metric": "x", "unit": "USD", "aggregation": "sum", "values": { "2022": 1, "2023": 3 } } ] },
            { "id": "E", "name": "Epsilon", "series": [ { "metric": "x", "unit": "USD", "aggregation": "sum", "values": { "2021": 2 } } ] },
            { "id": "F", "name": "Zeta", "series": [ { "metric": "x", "unit": "USD", "aggregation": "sum", "values": { "2022": 4 } } ] }
          ]
        }
        """;

    public static Dataset Small() => Dataset.ParseJson(SmallJson);

    /// <summary>The small universe as a file, for the CLI.</summary>
    public static string SmallFile()
    {
        string dir = Path.Combine(Path.GetTempPath(), "finq-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, "small.json");
        File.WriteAllText(path, SmallJson);
        return path;
    }

    /// <summary>
    /// <paramref name="count"/> entities with quarterly revenue 2021Q1–2023Q4 from a fixed seed; every seventh lacks
    /// 2023Q2 and every eleventh has a June fiscal year, so NA and other calendars are in the mix.
    /// </summary>
    public static Dataset Generated(int count = 200, int seed = 14)
    {
        var random = new Random(seed);
        var builder = new DatasetBuilder();
        for (int i = 0; i < count; i++)
        {
            string id = $"E{i:D3}";
            builder.AddEntity(id, $"Entity {i}", i % 11 == 0 ? 6 : 12);
            var values = new List<KeyValuePair<Period, double>>();
            double level = 100 + random.Next(1000);
            for (int year = 2021; year <= 2023; year++)
                for (int q = 1; q <= 4; q++)
                {
                    level *= 0.9 + random.NextDouble() * 0.3;
                    if (i % 7 == 3 && year == 2023 && q == 2) continue;
                    values.Add(new(Period.Parse($"{year}Q{q}"), Math.Round(level, 2)));
                }
            builder.AddSeries(id, "revenue", "USD", Aggregation.Sum, values);
        }
        return builder.Build();
    }
}

/// <summary>The default functions plus <c>probe(x)</c>, which returns x and counts its calls (from any thread).</summary>
internal sealed class CountingProbe
{
    private int _calls;

    public CountingProbe() => Functions = FunctionRegistry.CreateDefault().Register("probe", x =>
    {
        Interlocked.Increment(ref _calls);
        return x;
    });

    public FunctionRegistry Functions { get; }

    /// <summary>How many times probe was called since the last reset (set it to 0).</summary>
    public int Calls
    {
        get => Volatile.Read(ref _calls);
        set => Volatile.Write(ref _calls, value);
    }
}
