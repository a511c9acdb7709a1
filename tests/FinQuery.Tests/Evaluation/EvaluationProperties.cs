using System.Globalization;
using FsCheck;
using FsCheck.Xunit;

namespace FinQuery.Tests.Evaluation;

/// <summary>Laws the evaluator relies on, checked over random quarterly data.</summary>
public class EvaluationProperties
{
    /// <summary>A dataset with one quarterly flow series "m" starting at 2015Q1.</summary>
    private static Dataset Quarterly(IReadOnlyList<double> values, bool alsoYears = false)
    {
        var start = Period.OfQuarter(2015, 1);
        var points = values.Select((v, i) => new KeyValuePair<Period, double>(start + i, v)).ToList();
        if (alsoYears)
        {
            // Report each complete year as well, as its true sum: the cover must give the same totals.
            foreach (var g in points.GroupBy(p => p.Key.Year).Where(g => g.Count() == 4))
                points.Add(new(Period.OfYear(g.Key), g.Sum(p => p.Value)));
        }
        return new DatasetBuilder().AddEntity("X").AddSeries("X", "m", "USD", Aggregation.Sum, points).Build();
    }

    private static double[] Positive(PositiveInt[] raw, int min) =>
        raw.Length >= min ? raw.Select(p => (double)p.Get).ToArray() : Enumerable.Range(1, min).Select(i => (double)i).ToArray();

    private static double Eval(Dataset data, string query) => Query.Evaluate(query, data).Number;

    [Property]
    public bool Growth_composes(PositiveInt a, PositiveInt b, PositiveInt c)
    {
        var data = Quarterly([a.Get, b.Get, c.Get]);
        double ab = Eval(data, "growth(m, 2015Q1, 2015Q2)");
        double bc = Eval(data, "growth(m, 2015Q2, 2015Q3)");
        double ac = Eval(data, "growth(m, 2015Q1, 2015Q3)");
        return Math.Abs((1 + ab) * (1 + bc) - (1 + ac)) <= 1e-9 * (1 + Math.Abs(ac));
    }

    [Property]
    public bool Cagr_compounds_back_to_the_end_value(PositiveInt a, PositiveInt b)
    {
        var values = Enumerable.Repeat(1.0, 9).ToArray();
        values[0] = a.Get;
        values[8] = b.Get;
        var data = Quarterly(values);
        double g = Eval(data, "cagr(m, 2015Q1, 2017Q1)");
        return Math.Abs(a.Get * Math.Pow(1 + g, 2) - b.Get) <= 1e-9 * b.Get;
    }

    [Property]
    public bool A_sum_over_a_range_is_the_sum_of_its_parts(PositiveInt[] raw, bool alsoYears)
    {
        var values = Positive(raw, 12);
        var data = Quarterly(values, alsoYears);
        int years = values.Length / 4;
        double whole = Eval(data, $"sum(m, 2015..{2015 + years - 1})");
        double parts = Enumerable.Range(2015, years).Sum(y => Eval(data, $"sum(m, {y})"));
        double quarters = values.Take(years * 4).Sum();
        return Math.Abs(whole - parts) <= 1e-9 * quarters && Math.Abs(whole - quarters) <= 1e-9 * quarters;
    }

    [Property]
    public bool Ttm_is_the_sum_of_the_last_four_quarters(PositiveInt[] raw)
    {
        var values = Positive(raw, 8);
        var data = Quarterly(values);
        var last = Period.OfQuarter(2015, 1) + (values.Length - 1);
        double ttm = Eval(data, $"ttm(m, {last})");
        return Math.Abs(ttm - values.TakeLast(4).Sum()) <= 1e-9 * ttm;
    }

    [Property]
    public bool The_series_form_of_yoy_equals_the_elementwise_formula(PositiveInt[] raw)
    {
        var values = Positive(raw, 6);
        var data = Quarterly(values);
        var series = Query.Evaluate("yoy(m)", data).Series;
        if (series.Count != values.Length - 4) return false;
        return series.All(p =>
        {
            int i = p.Key - Period.OfQuarter(2015, 1);
            return Math.Abs(p.Value - (values[i] / values[i - 4] - 1)) <= 1e-12
                && Math.Abs(p.Value - Eval(data, $"yoy(m, {p.Key})")) <= 1e-15;
        });
    }

    [Property]
    public bool Series_arithmetic_aligns_by_period(PositiveInt[] raw, int shift)
    {
        var values = Positive(raw, 4);
        int k = Math.Abs(shift % 5);
        var data = Quarterly(values);
        var diff = Query.Evaluate($"m - lag(m, {k})", data).Series;
        return diff.All(p =>
        {
            int i = p.Key - Period.OfQuarter(2015, 1);
            return p.Value == values[i] - values[i - k];
        }) && diff.Count == values.Length - k;
    }

    [Property]
    public bool Display_text_is_the_same_in_every_culture(double v, bool percent)
    {
        if (!double.IsFinite(v)) return true;
        var data = Quarterly([1]);
        string number = v.ToString("R", CultureInfo.InvariantCulture);
        string q = percent ? $"({number}) * 1%" : $"m[2015Q1] * ({number})";
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            string a = Query.Evaluate(q, data).Display;
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("tr-TR");
            string b = Query.Evaluate(q, data).Display;
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("ar-SA");
            string c = Query.Evaluate(q, data).Display;
            return a == b && b == c;
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
