using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using DynamicExpresso;

namespace FinQuery.Benchmarks;

/// <summary>
/// Scenario 5: a universe screen, <c>yoy(revenue, 2023Q2)</c> for each of 5,000 entities with 80 quarters each,
/// through the public API (one bound query, <see cref="BoundQuery.Evaluate(Entity?, CancellationToken)"/> per entity),
/// sequential and parallel. Target: sequential ≤ 1.5× a hand-written loop over the same data; parallel scales with cores.
/// Issue 14: the call <c>finq screen</c> makes, <see cref="BoundQuery.EvaluateMany"/> over the universe, within 3× of
/// the dense loop, and <c>peer_median(yoy(revenue, 2023Q2))</c> by the same call no more than 2× that screen. The peer
/// values are cached per universe list, so the peer rows pass a new list each call: they compute the median afresh,
/// as the first screen of a universe does (the cached row shows a repeated screen of the same list).
/// <c>finq screen</c> passes the data's own entity list (<see cref="Dataset.Entities"/>), whose entities are read by
/// position; the "another list" row passes a copy of it, whose entities are checked and read one by one.
/// Every method writes the 5,000 results into one preallocated array.
/// </summary>
[MemoryDiagnoser]
public class S5_UniverseScreen
{
    public const int Entities = 5000;
    public const int Quarters = 80;

    private static readonly Period At = Period.OfQuarter(2023, 2);
    private static readonly Period YearEarlier = Period.OfQuarter(2022, 2);

    private BoundQuery _bound = null!;
    private BoundQuery _peerMedian = null!;
    private Query _peerMedianQuery = null!;
    private Query _aboveMedianQuery = null!;
    private Dataset _data = null!;
    private QueryResult[] _screen = null!;
    private Entity[] _entities = null!;
    private IReadOnlyList<Entity> _universe = null!;
    private double[][] _dense = null!;
    private Dictionary<Period, double>[] _byPeriod = null!;
    private int _index;
    private double[] _results = null!;
    private OrderablePartitioner<Tuple<int, int>> _partitions = null!;
    private Func<double, double, double> _dynamicExpresso = null!;

    [GlobalSetup]
    public void Setup()
    {
        var builder = new DatasetBuilder();
        _dense = new double[Entities][];
        _byPeriod = new Dictionary<Period, double>[Entities];
        for (int e = 0; e < Entities; e++)
        {
            var q = BenchData.Quarters(e, 0, Quarters);
            string id = BenchData.EntityId(e);
            builder.AddEntity(id).AddSeries(id, "revenue", "USD", Aggregation.Sum, q);
            _dense[e] = q.Select(kv => kv.Value).ToArray();
            _byPeriod[e] = q.ToDictionary(kv => kv.Key, kv => kv.Value);
            _index = At.Ordinal - q[0].Key.Ordinal;
        }
        var data = builder.Build();
        _entities = [.. data.Entities];
        _universe = data.Entities;
        // No default entity: the query names none, each evaluation gives one.
        _bound = Query.Parse("yoy(revenue, 2023Q2)").Bind(data, BenchData.EntityId(0));
        _peerMedian = Query.Parse("peer_median(yoy(revenue, 2023Q2))").Bind(data, BenchData.EntityId(0));
        _peerMedianQuery = Query.Parse("peer_median(yoy(revenue, 2023Q2))");
        _aboveMedianQuery = Query.Parse("yoy(revenue, 2023Q2) - peer_median(yoy(revenue, 2023Q2))");
        _data = data;
        _screen = new QueryResult[Entities];
        _results = new double[Entities];
        // Eight chunks per core, so that a core slowed by other work hands its share to the other; made once.
        _partitions = Partitioner.Create(0, Entities, Entities / (8 * Environment.ProcessorCount));
        _dynamicExpresso = new Interpreter().ParseAsDelegate<Func<double, double, double>>("cur / prev - 1", "cur", "prev");

        CSharp_DenseArrays();
        var expected = (double[])_results.Clone();
        void Verify(string name)
        {
            for (int e = 0; e < Entities; e++) S1_EvaluateBound.Check(expected[e], _results[e], name);
            Array.Clear(_results);
        }
        CSharp_DictionaryPerEntity(); Verify(nameof(CSharp_DictionaryPerEntity));
        CSharp_PublicSeriesApi(); Verify(nameof(CSharp_PublicSeriesApi));
        FinQuery_Sequential(); Verify(nameof(FinQuery_Sequential));
        FinQuery_Parallel(); Verify(nameof(FinQuery_Parallel));
        CSharp_DenseArrays_Parallel(); Verify(nameof(CSharp_DenseArrays_Parallel));
        DynamicExpresso_Delegate(); Verify(nameof(DynamicExpresso_Delegate));
        void VerifyScreen(string name, Func<QueryResult[]> screen, Func<int, double> expect)
        {
            var r = screen();
            for (int e = 0; e < Entities; e++) S1_EvaluateBound.Check(expect(e), r[e].Number, name);
            Array.Clear(_screen);
        }
        VerifyScreen(nameof(FinQuery_EvaluateMany), FinQuery_EvaluateMany, e => expected[e]);
        VerifyScreen(nameof(FinQuery_EvaluateMany_Parallel), FinQuery_EvaluateMany_Parallel, e => expected[e]);
        VerifyScreen(nameof(FinQuery_EvaluateMany_OtherList), FinQuery_EvaluateMany_OtherList, e => expected[e]);
        var sorted = expected.Order().ToArray();
        double median = sorted[Entities / 2 - 1] / 2 + sorted[Entities / 2] / 2;
        VerifyScreen(nameof(FinQuery_PeerMedian), FinQuery_PeerMedian, _ => median);
        VerifyScreen(nameof(FinQuery_PeerMedian_Parallel), FinQuery_PeerMedian_Parallel, _ => median);
        VerifyScreen(nameof(FinQuery_PeerMedian_Cached), FinQuery_PeerMedian_Cached, _ => median);
        VerifyScreen(nameof(FinQuery_PeerMedian_FirstScreen), FinQuery_PeerMedian_FirstScreen, _ => median);
        VerifyScreen(nameof(FinQuery_AboveMedian_FirstScreen), FinQuery_AboveMedian_FirstScreen, e => expected[e] - median);
    }


    [Benchmark(Description = "FinQuery: EvaluateMany (finq screen's call), sequential")]
    public QueryResult[] FinQuery_EvaluateMany()
    {
        _bound.EvaluateMany(_universe, _screen);
        return _screen;
    }

    [Benchmark(Description = "FinQuery: EvaluateMany, parallel (as finq screen calls it)")]
    public QueryResult[] FinQuery_EvaluateMany_Parallel()
    {
        _bound.EvaluateMany(_universe, _screen, parallel: true);
        return _screen;
    }

    [Benchmark(Description = "FinQuery: EvaluateMany over another list of the same entities, sequential")]
    public QueryResult[] FinQuery_EvaluateMany_OtherList()
    {
        _bound.EvaluateMany(_entities, _screen);
        return _screen;
    }

    [Benchmark(Description = "FinQuery: peer_median(yoy(…)) by EvaluateMany, sequential, computed afresh")]
    public QueryResult[] FinQuery_PeerMedian()
    {
        _peerMedian.EvaluateMany([.. _entities], _screen);
        return _screen;
    }

    [Benchmark(Description = "FinQuery: peer_median(yoy(…)) by EvaluateMany, parallel, computed afresh")]
    public QueryResult[] FinQuery_PeerMedian_Parallel()
    {
        _peerMedian.EvaluateMany([.. _entities], _screen, parallel: true);
        return _screen;
    }

    [Benchmark(Description = "FinQuery: peer_median(yoy(…)), the first screen of the data's own list (bound afresh, as finq screen does)")]
    public QueryResult[] FinQuery_PeerMedian_FirstScreen()
    {
        // A new binding has no peer values yet: this screen computes them, over the list finq screen passes.
        _peerMedianQuery.Bind(_data, BenchData.EntityId(0)).EvaluateMany(_universe, _screen);
        return _screen;
    }

    [Benchmark(Description = "FinQuery: yoy(…) - peer_median(yoy(…)), the first screen of the data's own list (bound afresh)")]
    public QueryResult[] FinQuery_AboveMedian_FirstScreen()
    {
        // Each entity's own value depends on the entity: evaluated once per entity, besides the peer values.
        _aboveMedianQuery.Bind(_data, BenchData.EntityId(0)).EvaluateMany(_universe, _screen);
        return _screen;
    }

    [Benchmark(Description = "FinQuery: peer_median(yoy(…)) by EvaluateMany, sequential, the same universe again (cached)")]
    public QueryResult[] FinQuery_PeerMedian_Cached()
    {
        _peerMedian.EvaluateMany(_universe, _screen);
        return _screen;
    }

    [Benchmark(Baseline = true, Description = "C#: dense arrays by quarter ordinal")]
    public double[] CSharp_DenseArrays()
    {
        var r = _results;
        int i = _index;
        for (int e = 0; e < r.Length; e++)
        {
            var v = _dense[e];
            double prev = v[i - 4];
            r[e] = prev > 0 ? v[i] / prev - 1 : double.NaN;
        }
        return r;
    }

    [Benchmark(Description = "C#: a dictionary per entity")]
    public double[] CSharp_DictionaryPerEntity()
    {
        var r = _results;
        for (int e = 0; e < r.Length; e++)
        {
            var d = _byPeriod[e];
            r[e] = d.TryGetValue(At, out double cur) && d.TryGetValue(YearEarlier, out double prev) && prev > 0
                ? cur / prev - 1
                : double.NaN;
        }
        return r;
    }

    [Benchmark(Description = "C#: the library's series (Entity.Find, MetricSeries.TryGetValue)")]
    public double[] CSharp_PublicSeriesApi()
    {
        var r = _results;
        for (int e = 0; e < r.Length; e++)
        {
            var s = _entities[e].Find("revenue");
            r[e] = s is not null && s.TryGetValue(At, out double cur) && s.TryGetValue(YearEarlier, out double prev) && prev > 0
                ? cur / prev - 1
                : double.NaN;
        }
        return r;
    }

    [Benchmark(Description = "FinQuery: sequential")]
    public double[] FinQuery_Sequential()
    {
        var r = _results;
        var q = _bound;
        var entities = _entities;
        for (int e = 0; e < entities.Length; e++) r[e] = q.Evaluate(entities[e]).Number;
        return r;
    }

    [Benchmark(Description = "FinQuery: parallel")]
    public double[] FinQuery_Parallel()
    {
        var r = _results;
        var q = _bound;
        var entities = _entities;
        Parallel.ForEach(_partitions, range =>
        {
            for (int e = range.Item1; e < range.Item2; e++) r[e] = q.Evaluate(entities[e]).Number;
        });
        return r;
    }

    [Benchmark(Description = "C#: dense arrays, parallel")]
    public double[] CSharp_DenseArrays_Parallel()
    {
        var r = _results;
        int i = _index;
        var dense = _dense;
        Parallel.ForEach(_partitions, range =>
        {
            for (int e = range.Item1; e < range.Item2; e++)
            {
                var v = dense[e];
                double prev = v[i - 4];
                r[e] = prev > 0 ? v[i] / prev - 1 : double.NaN;
            }
        });
        return r;
    }

    [Benchmark(Description = "DynamicExpresso: delegate per entity (dense arrays)")]
    public double[] DynamicExpresso_Delegate()
    {
        var r = _results;
        int i = _index;
        var f = _dynamicExpresso;
        for (int e = 0; e < r.Length; e++)
        {
            var v = _dense[e];
            r[e] = f(v[i], v[i - 4]);
        }
        return r;
    }
}
