using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DynamicExpresso;

namespace FinQuery.Benchmarks;

/// <summary>
/// Scenario 4: range aggregates. <c>sum(x, 2021..2023Q2)</c> over a series reported in years (2011–2022) and
/// quarters (2019Q1–2023Q2), whose cover is the years 2021 and 2022 and the quarters 2023Q1 and 2023Q2;
/// <c>ttm(revenue, 2023Q2)</c> over 80 reported quarters. Target: ≤ 2× a hand-written loop that knows the
/// cover in advance (one baseline per category).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class S4_RangeAggregates
{
    private BoundQuery _sum = null!;
    private BoundQuery _ttm = null!;
    private (double[] Table, int Index)[] _sumCover = null!;
    private double[] _quarters = null!;
    private int _ttmLast;
    private Func<double, double, double, double, double> _dynamicExpresso = null!;
    private NCalc.Expression _ncalc = null!;
    private double _a, _b, _c, _d;

    [GlobalSetup]
    public void Setup()
    {
        // x: years 2011..2022 and quarters 2019Q1..2023Q2, both reported.
        var years = new double[12];
        var yearly = new List<KeyValuePair<Period, double>>();
        for (int y = 2011; y <= 2022; y++)
        {
            years[y - 2011] = 4000 + (y - 2011) * 250.5;
            yearly.Add(new(Period.OfYear(y), years[y - 2011]));
        }
        var xQuarters = new double[18];
        for (int i = 0; i < xQuarters.Length; i++)
        {
            xQuarters[i] = 1000 + i * 31.25;
            yearly.Add(new(Period.OfQuarter(2019, 1).Plus(i), xQuarters[i]));
        }
        var revenue = BenchData.Quarters(0, 0, 80);
        var data = new DatasetBuilder()
            .AddEntity("ACME")
            .AddSeries("ACME", "x", "USD", Aggregation.Sum, yearly)
            .AddSeries("ACME", "revenue", "USD", Aggregation.Sum, revenue)
            .Build();
        _sum = Query.Parse("sum(x, 2021..2023Q2)").Bind(data);
        _ttm = Query.Parse("ttm(revenue, 2023Q2)").Bind(data);

        // The cover, known in advance: 2021, 2022, 2023Q1, 2023Q2.
        int q2023 = Period.OfQuarter(2023, 1).Ordinal - Period.OfQuarter(2019, 1).Ordinal;
        _sumCover = [(years, 2021 - 2011), (years, 2022 - 2011), (xQuarters, q2023), (xQuarters, q2023 + 1)];
        _quarters = revenue.Select(kv => kv.Value).ToArray();
        _ttmLast = Period.OfQuarter(2023, 2).Ordinal - revenue[0].Key.Ordinal;

        (_a, _b, _c, _d) = (years[10], years[11], xQuarters[q2023], xQuarters[q2023 + 1]);
        _dynamicExpresso = new Interpreter().ParseAsDelegate<Func<double, double, double, double, double>>("a + b + c + d", "a", "b", "c", "d");
        _ncalc = new NCalc.Expression("a + b + c + d");

        S1_EvaluateBound.Check(CSharp_SumKnownCover(), FinQuery_Sum(), nameof(FinQuery_Sum));
        S1_EvaluateBound.Check(CSharp_SumKnownCover(), DynamicExpresso_Sum(), nameof(DynamicExpresso_Sum));
        S1_EvaluateBound.Check(CSharp_SumKnownCover(), NCalc_Sum(), nameof(NCalc_Sum));
        S1_EvaluateBound.Check(CSharp_TtmLoop(), FinQuery_Ttm(), nameof(FinQuery_Ttm));
    }

    [BenchmarkCategory("sum"), Benchmark(Baseline = true, Description = "C#: sum over the known cover")]
    public double CSharp_SumKnownCover()
    {
        double s = 0;
        foreach (var (table, index) in _sumCover) s += table[index];
        return s;
    }

    [BenchmarkCategory("sum"), Benchmark(Description = "FinQuery: sum(x, 2021..2023Q2)")]
    public double FinQuery_Sum() => _sum.Evaluate().Number;

    [BenchmarkCategory("sum"), Benchmark(Description = "DynamicExpresso: a + b + c + d delegate")]
    public double DynamicExpresso_Sum() => _dynamicExpresso(_a, _b, _c, _d);

    [BenchmarkCategory("sum"), Benchmark(Description = "NCalc: a + b + c + d pre-parsed")]
    public double NCalc_Sum()
    {
        _ncalc.Parameters["a"] = _a;
        _ncalc.Parameters["b"] = _b;
        _ncalc.Parameters["c"] = _c;
        _ncalc.Parameters["d"] = _d;
        return Convert.ToDouble(_ncalc.Evaluate());
    }

    [BenchmarkCategory("ttm"), Benchmark(Baseline = true, Description = "C#: loop over four quarters")]
    public double CSharp_TtmLoop()
    {
        var q = _quarters;
        double s = 0;
        for (int i = _ttmLast - 3; i <= _ttmLast; i++) s += q[i];
        return s;
    }

    [BenchmarkCategory("ttm"), Benchmark(Description = "FinQuery: ttm(revenue, 2023Q2)")]
    public double FinQuery_Ttm() => _ttm.Evaluate().Number;
}
