using BenchmarkDotNet.Attributes;
using DynamicExpresso;

namespace FinQuery.Benchmarks;

/// <summary>
/// Scenario 1: evaluate a bound <c>yoy(revenue, 2023Q2)</c> (80 quarters of revenue).
/// Target: ≤ 1.5× the hand-written baseline (two dictionary lookups, <c>cur / prev - 1</c>), 0 bytes allocated.
/// The peers are given the two values, as PERF.md measured them.
/// </summary>
[MemoryDiagnoser]
public class S1_EvaluateBound
{
    private static readonly Period At = Period.OfQuarter(2023, 2);
    private static readonly Period YearEarlier = Period.OfQuarter(2022, 2);

    private BoundQuery _bound = null!;
    private Dictionary<Period, double> _byPeriod = null!;
    private double[] _dense = null!;
    private int _firstOrdinal;
    private NCalc.Expression _ncalc = null!;
    private Func<double, double, double> _dynamicExpresso = null!;
    private double _cur, _prev;

    [GlobalSetup]
    public void Setup()
    {
        var data = BenchData.SingleEntity(80, out var revenue);
        _bound = Query.Parse("yoy(revenue, 2023Q2)").Bind(data);
        _byPeriod = revenue.ToDictionary(kv => kv.Key, kv => kv.Value);
        _firstOrdinal = revenue[0].Key.Ordinal;
        _dense = revenue.Select(kv => kv.Value).ToArray();
        _cur = _byPeriod[At];
        _prev = _byPeriod[YearEarlier];
        _ncalc = new NCalc.Expression("cur / prev - 1");
        _dynamicExpresso = new Interpreter().ParseAsDelegate<Func<double, double, double>>("cur / prev - 1", "cur", "prev");

        double expected = _cur / _prev - 1;
        Check(expected, CSharp_TwoDictionaryLookups(), nameof(CSharp_TwoDictionaryLookups));
        Check(expected, CSharp_DenseArray(), nameof(CSharp_DenseArray));
        Check(expected, FinQuery_BoundEvaluate(), nameof(FinQuery_BoundEvaluate));
        Check(expected, NCalc_PreParsed(), nameof(NCalc_PreParsed));
        Check(expected, DynamicExpresso_Delegate(), nameof(DynamicExpresso_Delegate));
    }

    internal static void Check(double expected, double actual, string method)
    {
        if (Math.Abs(expected - actual) > 1e-12 * Math.Max(1, Math.Abs(expected)))
            throw new InvalidOperationException($"{method} gave {actual}, expected {expected}");
    }

    [Benchmark(Baseline = true, Description = "C#: two dictionary lookups")]
    public double CSharp_TwoDictionaryLookups()
    {
        if (!_byPeriod.TryGetValue(At, out double cur) || !_byPeriod.TryGetValue(YearEarlier, out double prev)) return double.NaN;
        return cur / prev - 1;
    }

    [Benchmark(Description = "C#: dense array by ordinal")]
    public double CSharp_DenseArray()
    {
        var v = _dense;
        int i = At.Ordinal - _firstOrdinal;
        return v[i] / v[i - 4] - 1;
    }

    [Benchmark(Description = "FinQuery: bound yoy(revenue, 2023Q2)")]
    public double FinQuery_BoundEvaluate() => _bound.Evaluate().Number;

    [Benchmark(Description = "NCalc: pre-parsed, values set")]
    public double NCalc_PreParsed()
    {
        _ncalc.Parameters["cur"] = _cur;
        _ncalc.Parameters["prev"] = _prev;
        return (double)_ncalc.Evaluate()!;
    }

    [Benchmark(Description = "DynamicExpresso: compiled delegate")]
    public double DynamicExpresso_Delegate() => _dynamicExpresso(_cur, _prev);
}
