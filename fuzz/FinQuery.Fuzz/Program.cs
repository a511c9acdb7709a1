using System.Text;
using FinQuery;
using SharpFuzz;

// AFL harness for FinQuery (see fuzz/README.md). Each input is one query, or one JSON or CSV data file.
// Anything but the documented exceptions, and any result that is not finite or NA, crashes the run so
// that AFL records the input; a hang is caught by AFL's own timeout (-t).
string target = args.Length > 0 ? args[0] : "query";

// The dataset queries run against: every name the seeds use (see run.sh), June and December years,
// reported and derived values, a consensus, values at the ends of time and near the double's limits.
// Built on first use: instrumented code may only run once AFL's shared memory is set up by Fuzzer.Run.
var lazyData = new Lazy<Dataset>(() => new DatasetBuilder()
    .AddEntity("ACME", fiscalYearEndMonth: 12).AddEntity("JUNECO", fiscalYearEndMonth: 6).SetDefaultEntity("ACME")
    .AddSeries("ACME", "revenue", "USD", Aggregation.Sum, Points(("2021", 460e6), ("2022Q1", 120e6), ("2022Q2", 125e6), ("2022Q3", 128e6), ("2022Q4", 143e6), ("2023Q1", 132e6), ("2023Q2", 145.2e6)))
    .AddSeries("ACME", "revenue", "USD", Aggregation.Sum, Points(("2023Q1", 130e6), ("2023Q2", 140e6)), Variant.Consensus)
    .AddSeries("ACME", "ebit", "USD", Aggregation.Sum, Points(("2022Q1", -5e6), ("2022Q2", 0), ("2023Q1", 7e6), ("2023Q2", 1e308), ("2023Q3", 1e308)))
    .AddSeries("ACME", "headcount", "count", Aggregation.Last, Points(("2022-12-31", 1000), ("2023-01-01", 1010), ("0001-01-01", 1), ("9999-12-31", 2)))
    .AddSeries("ACME", "eps", "USD/share", Aggregation.None, Points(("2022", 1.5), ("2023Q2", -0.25)))
    .AddSeries("JUNECO", "revenue", "USD", Aggregation.Sum, Points(("FY2023Q1", 10), ("FY2023Q2", 11), ("2023-01", 4), ("0001Q1", 1)))
    .Build());

Action<Stream> run = target switch
{
    "query" => stream => Query(Read(stream)),
    "json" => stream => Data(Read(stream), json: true),
    "csv" => stream => Data(Read(stream), json: false),
    _ => throw new ArgumentException($"unknown target '{target}': use query, json or csv"),
};

if (args.Length > 1)
{
    // Replay one input without AFL, on an uninstrumented build:
    //   dotnet run --project fuzz/FinQuery.Fuzz -- query fuzz/findings/query/default/crashes/id:000000...
    using var file = File.OpenRead(args[1]);
    run(file);
    Console.WriteLine("ok");
    return;
}
Fuzzer.OutOfProcess.Run(run);

static IEnumerable<KeyValuePair<Period, double>> Points(params (string Period, double Value)[] points) =>
    points.Select(p => KeyValuePair.Create(Period.Parse(p.Period), p.Value));

static string Read(Stream stream)
{
    using var reader = new StreamReader(stream, Encoding.UTF8);
    return reader.ReadToEnd();
}

void Query(string text)
{
    Query query;
    try
    {
        query = FinQuery.Query.Parse(text);
    }
    catch (FinQueryException)
    {
        return;
    }
    _ = FinQuery.Query.Parse(query.ToString(), new QueryOptions { MaxLength = int.MaxValue, MaxDepth = 100_000, MaxLets = 100_000 });
    foreach (var entity in new[] { "ACME", "JUNECO" })
    {
        BoundQuery bound;
        try
        {
            bound = query.Bind(lazyData.Value, entity);
        }
        catch (FinQueryException ex) when (!ex.Message.StartsWith("cannot bind the query:", StringComparison.Ordinal))
        {
            continue;
        }
        try
        {
            Check(bound.Evaluate(), text);
            Check(bound.Explain(), text);
        }
        catch (FinQueryException ex) when (!ex.Message.StartsWith("internal error", StringComparison.Ordinal))
        {
        }
    }
}

void Data(string text, bool json)
{
    Dataset loaded;
    try
    {
        loaded = json ? Dataset.ParseJson(text, "fuzz.json") : Dataset.ParseCsv(text, "fuzz.csv");
    }
    catch (DataFileException ex) when (!ex.Message.Contains("cannot load the data:", StringComparison.Ordinal))
    {
        return;
    }
    foreach (var e in loaded.Entities)
    {
        foreach (var s in e.Series)
        {
            foreach (var q in new[] { s.Metric, $"yoy({s.Metric})", $"sum({s.Metric}, 0001..)", $"ttm({s.Metric})" })
            {
                try
                {
                    Check(FinQuery.Query.Parse(q).Bind(loaded, e.Id).Evaluate(), q);
                }
                catch (FinQueryException ex) when (!ex.Message.StartsWith("internal error", StringComparison.Ordinal))
                {
                }
            }
        }
    }
}

static void Check(QueryResult r, string text)
{
    bool bad = r.Kind is ResultKind.Number or ResultKind.Percent && !double.IsFinite(r.Number)
        || r.Series.Any(p => !double.IsFinite(p.Value))
        || r.IsNa && string.IsNullOrEmpty(r.Reason)
        || r.Display.Contains("NaN") || r.Display.Contains('∞') || r.Display.Contains("Infinity");
    if (bad) throw new InvalidOperationException($"not a finite result or NA: {text} => {r.Display}");
}
