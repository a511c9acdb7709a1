using BenchmarkDotNet.Attributes;
using FinQuery.Sql;

namespace FinQuery.Benchmarks;

/// <summary>
/// Scenario 9: the 5,000-entity screen of scenario 5 (<c>yoy(revenue, 2023Q2)</c>, 80 quarters each) in memory
/// (<see cref="BoundQuery.EvaluateMany"/>) and compiled to SQL in embedded DuckDB (<see cref="DuckDbEngine.EvaluateAll"/>:
/// compile, plan and run the SQL over the 400,000-row facts table, read 5,000 rows back). DuckDB's value is data that
/// does not fit in memory or lives in Parquet; this measures what that costs on data that does fit.
/// </summary>
[MemoryDiagnoser]
public class S9_SqlScreen
{
    private BoundQuery _bound = null!;
    private Entity[] _entities = null!;
    private QueryResult[] _results = null!;
    private DuckDbEngine _duck = null!;

    [GlobalSetup]
    public void Setup()
    {
        var builder = new DatasetBuilder();
        for (int e = 0; e < S5_UniverseScreen.Entities; e++)
        {
            string id = BenchData.EntityId(e);
            builder.AddEntity(id).AddSeries(id, "revenue", "USD", Aggregation.Sum, BenchData.Quarters(e, 0, S5_UniverseScreen.Quarters));
        }
        var data = builder.Build();
        _entities = [.. data.Entities];
        _bound = Query.Parse("yoy(revenue, 2023Q2)").Bind(data, BenchData.EntityId(0));
        _results = new QueryResult[_entities.Length];
        _duck = DuckDbEngine.Load(data);

        // The two must agree before either is timed.
        InMemory_Sequential();
        var sql = DuckDb_EvaluateAll();
        foreach (var e in _entities)
        {
            var expected = _results[Array.IndexOf(_entities, e)];
            var actual = sql[e.Id];
            if (expected.NaKind != actual.NaKind || (!expected.IsNa && Math.Abs(expected.Number - actual.Number) > 1e-12 * Math.Abs(expected.Number)))
                throw new InvalidOperationException($"{e.Id}: in memory {expected.Display}, DuckDB {actual.Display}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _duck.Dispose();

    [Benchmark(Baseline = true, Description = "in memory: EvaluateMany, sequential")]
    public QueryResult[] InMemory_Sequential()
    {
        _bound.EvaluateMany(_entities, _results);
        return _results;
    }

    [Benchmark(Description = "DuckDB: compile + run SQL, 5,000 rows")]
    public IReadOnlyDictionary<string, QueryResult> DuckDb_EvaluateAll() => _duck.EvaluateAll(_bound);
}
