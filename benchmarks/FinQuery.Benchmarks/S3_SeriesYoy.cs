using BenchmarkDotNet.Attributes;
using DynamicExpresso;

namespace FinQuery.Benchmarks;

/// <summary>
/// Scenario 3: the series form <c>yoy(revenue)</c> over a 1,000-quarter series.
/// Target: ≤ 1.5× a hand-written loop; the result is the only allocation.
/// The hand-written loop builds the same result: the periods and values where the growth is defined.
/// </summary>
[MemoryDiagnoser]
public class S3_SeriesYoy
{
    public const int Quarters = 1000;

    private BoundQuery _bound = null!;
    private double[] _dense = null!;
    private int _firstOrdinal;
    private NCalc.Expression _ncalc = null!;
    private Func<double, double, double> _dynamicExpresso = null!;

    /// <summary>What the hand-written loop returns: the result series.</summary>
    public sealed record HandSeries(int[] Ordinals, double[] Values, int Count);

    [GlobalSetup]
    public void Setup()
    {
        var data = BenchData.SingleEntity(Quarters, out var revenue);
        _bound = Query.Parse("yoy(revenue)").Bind(data);
        _dense = revenue.Select(kv => kv.Value).ToArray();
        _firstOrdinal = revenue[0].Key.Ordinal;
        _ncalc = new NCalc.Expression("cur / prev - 1");
        _dynamicExpresso = new Interpreter().ParseAsDelegate<Func<double, double, double>>("cur / prev - 1", "cur", "prev");

        var expected = CSharp_Loop();
        var series = FinQuery_SeriesYoy().Series;
        if (series.Count != expected.Count) throw new InvalidOperationException($"{series.Count} points, expected {expected.Count}");
        for (int i = 0; i < series.Count; i++)
        {
            if (series[i].Key.Ordinal != expected.Ordinals[i]) throw new InvalidOperationException($"point {i} at {series[i].Key}");
            S1_EvaluateBound.Check(expected.Values[i], series[i].Value, nameof(FinQuery_SeriesYoy));
        }
        S1_EvaluateBound.Check(expected.Values[^1], DynamicExpresso_DelegatePerPoint().Values[^1], nameof(DynamicExpresso_DelegatePerPoint));
        S1_EvaluateBound.Check(expected.Values[^1], NCalc_PreParsedPerPoint().Values[^1], nameof(NCalc_PreParsedPerPoint));
    }

    [Benchmark(Baseline = true, Description = "C#: loop over a dense array")]
    public HandSeries CSharp_Loop()
    {
        var v = _dense;
        var ordinals = new int[v.Length];
        var values = new double[v.Length];
        int n = 0;
        for (int i = 4; i < v.Length; i++)
        {
            double prev = v[i - 4];
            if (prev > 0)
            {
                ordinals[n] = _firstOrdinal + i;
                values[n++] = v[i] / prev - 1;
            }
        }
        return new HandSeries(ordinals, values, n);
    }

    [Benchmark(Description = "FinQuery: bound yoy(revenue)")]
    public QueryResult FinQuery_SeriesYoy() => _bound.Evaluate();

    [Benchmark(Description = "DynamicExpresso: delegate per point")]
    public HandSeries DynamicExpresso_DelegatePerPoint()
    {
        var v = _dense;
        var f = _dynamicExpresso;
        var ordinals = new int[v.Length];
        var values = new double[v.Length];
        int n = 0;
        for (int i = 4; i < v.Length; i++)
        {
            double prev = v[i - 4];
            if (prev > 0)
            {
                ordinals[n] = _firstOrdinal + i;
                values[n++] = f(v[i], prev);
            }
        }
        return new HandSeries(ordinals, values, n);
    }

    [Benchmark(Description = "NCalc: pre-parsed, per point")]
    public HandSeries NCalc_PreParsedPerPoint()
    {
        var v = _dense;
        var ordinals = new int[v.Length];
        var values = new double[v.Length];
        int n = 0;
        for (int i = 4; i < v.Length; i++)
        {
            double prev = v[i - 4];
            if (prev > 0)
            {
                _ncalc.Parameters["cur"] = v[i];
                _ncalc.Parameters["prev"] = prev;
                ordinals[n] = _firstOrdinal + i;
                values[n++] = (double)_ncalc.Evaluate()!;
            }
        }
        return new HandSeries(ordinals, values, n);
    }
}
