namespace FinQuery.Tests.Evaluation;

/// <summary>
/// Series expressions obey the same rules as metrics: the examples that once gave confident wrong totals, each
/// named after what an analyst typed, now give the right number or an honest NA.
/// </summary>
public class SeriesExpressionTests
{
    private static readonly Dataset Meta = Dataset.Load(Path.Combine(AppContext.BaseDirectory, "samples", "meta-q2-2023", "meta.json"));

    private static QueryResult Eval(string text, Dataset? data = null) => Query.Parse(text).Bind(data ?? Meta).Evaluate();
    private static string Show(string text, Dataset? data = null) => Eval(text, data).Display;

    private static void Same(string expected, string actual, Dataset? data = null)
    {
        var e = Eval(expected, data);
        var a = Eval(actual, data);
        Assert.Equal(e.Display, a.Display);
        Assert.Equal(e.Number, a.Number);
        Assert.Equal(e.NaKind, a.NaKind);
    }

    // A December company and a June one, a balance, a head count and a margin.
    private static readonly Dataset Mixed = new DatasetBuilder()
        .AddEntity("CALCO", fiscalYearEndMonth: 12)
        .AddEntity("JUNECO", fiscalYearEndMonth: 6)
        .AddSeries("CALCO", "sales", "USD", Aggregation.Sum, Quarters("2022Q1", 100, 110, 120, 130, 140, 150))
        .AddSeries("CALCO", "cash", "USD", Aggregation.Last, Quarters("2022Q1", 50, 55, 60, 65, 70, 75))
        .AddSeries("CALCO", "employees", "count", Aggregation.Last, Quarters("2022Q1", 10, 11, 12, 13, 14, 15))
        .AddSeries("CALCO", "gm", "%", Aggregation.None, Quarters("2022Q1", 0.4, 0.41, 0.42, 0.43, 0.44, 0.45))
        .AddSeries("CALCO", "visits", "count", Aggregation.Sum, Enumerable.Range(0, 12).Select(i => KeyValuePair.Create(Period.OfMonth(2023, 1) + i, 1.0 + i)))
        .AddSeries("JUNECO", "opinc", "USD", Aggregation.Sum, Quarters("2022Q1", 7, 8, 9, 10, 11, 12))
        .AddSeries("JUNECO", "visits", "count", Aggregation.Sum, Enumerable.Range(0, 12).Select(i => KeyValuePair.Create(Period.OfMonth(2023, 1) + i, 10.0 + i)))
        .SetDefaultEntity("CALCO")
        .Build();

    private static IEnumerable<KeyValuePair<Period, double>> Quarters(string first, params double[] values) =>
        values.Select((v, i) => KeyValuePair.Create(Period.Parse(first) + i, v));

    [Fact]
    public void Sum_of_a_negated_metric_covers_the_range_as_the_metric_does()
    {
        // 10.193B (2021) + 13.717B (2022) + 3.992B (2023Q1) + 3.739B (2023Q2), not the three quarters alone (10.537B).
        Assert.Equal("31.641B USD", Show("sum(-reality_labs_operating_income, 2021..2023Q2)"));
        Same("-sum(reality_labs_operating_income, 2021..2023Q2)", "sum(-reality_labs_operating_income, 2021..2023Q2)");
    }

    [Fact]
    public void Sum_of_a_let_bound_to_a_negated_metric_is_the_same_sum()
    {
        Assert.Equal("31.641B USD", Show("let rl = -reality_labs_operating_income; sum(rl, 2021..2023Q2)"));
    }

    [Theory]
    [InlineData("ttm(net_income, 2023Q2)", "ttm(net_income*1, 2023Q2)")]
    [InlineData("ttm(revenue, 2021Q2)", "ttm(revenue*1, 2021Q2)")]
    [InlineData("ttm(revenue, 2023Q2)", "ttm(revenue*1, 2023Q2)")]
    [InlineData("sum(net_income, 2022)", "sum(net_income*1, 2022)")]
    [InlineData("sum(revenue, 2021..2022)", "sum(revenue / 1, 2021..2022)")]
    [InlineData("ttm(revenue, 2023Q2) - ttm(net_income, 2023Q2)", "ttm(revenue - net_income, 2023Q2)")]
    public void Ttm_and_sum_of_a_scaled_metric_equal_those_of_the_metric(string metric, string expression) => Same(metric, expression);

    [Fact]
    public void Ttm_of_net_income_times_one_is_NA_naming_the_missing_quarter_not_a_two_quarter_total()
    {
        var r = Eval("ttm(net_income*1, 2023Q2)");
        Assert.Equal(NaKind.Missing, r.NaKind);
        Assert.Equal("no net_income for 2022Q3", r.Reason);
    }

    [Fact]
    public void Explain_lists_only_the_values_the_total_used()
    {
        var r = Query.Parse("sum(-reality_labs_operating_income, 2021..2023Q2)").Bind(Meta).Explain();
        Assert.Equal(["2021", "2022", "2023Q1", "2023Q2"], r.Provenance!.Entries.Select(e => e.Period.ToString()));
    }

    [Theory]
    [InlineData("ttm(cash, 2023Q2)", "cash is a balance (last): it is not summed over a range; write cash[p] for its value at the end of p, or avg(cash, …)")]
    [InlineData("ytd(cash, 2023Q2)", "cash is a balance (last): it is not summed over a range; write cash[p] for its value at the end of p, or avg(cash, …)")]
    [InlineData("sum(employees, 2022..2023Q2)", "employees is a balance (last): it is not summed over a range; write employees[p] for its value at the end of p, or avg(employees, …)")]
    [InlineData("ytd(gm, 2023Q2)", "gm is not additive (a per-share figure or ratio): it is not summed over a range; write avg(gm, …) or gm[p]")]
    [InlineData("sum(abs(sales), 2022)", "abs(sales) is not additive: write abs(sum(x, …)) or -sum(x, …)")]
    [InlineData("sum(cash - cash, 2022)", "cash - cash is a balance (last): it is not summed over a range; write (cash - cash)[p] for its value at the end of p")]
    public void Balances_head_counts_and_margins_are_not_summed(string query, string reason)
    {
        var r = Eval(query, Mixed);
        Assert.Equal(NaKind.NotMeaningful, r.NaKind);
        Assert.Equal(reason, r.Reason);
    }

    [Theory]
    [InlineData("(revenue*1)[2021]", "revenue[2021]")]
    [InlineData("(revenue - net_income)[2023H1]", "revenue[2023H1] - net_income[2023H1]")]
    [InlineData("yoy(revenue)[2022]", "yoy(revenue, 2022)")]
    [InlineData("(-reality_labs_operating_income)[2021]", "-reality_labs_operating_income[2021]")]
    [InlineData("ttm(revenue)[2023Q2]", "ttm(revenue, 2023Q2)")]
    [InlineData("lag(revenue, 4)[2023Q2]", "revenue[2022Q2]")]
    public void Indexing_an_expression_is_the_expression_of_the_indexed_values(string expression, string pointwise)
    {
        Same(pointwise, expression);
        Assert.False(Eval(expression).IsNa, expression);
    }

    [Fact]
    public void A_slice_by_years_keeps_the_reported_years()
    {
        var r = Eval("reality_labs_operating_income[2021..2022]");
        Assert.Equal(["2021", "2022"], r.Series.Select(p => p.Key.ToString()));
        Assert.Equal([-10.193e9, -13.717e9], r.Series.Select(p => p.Value));
    }

    [Fact]
    public void Combining_fiscal_periods_of_different_fiscal_years_is_a_bind_error()
    {
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse("JUNECO.opinc + CALCO.sales").Bind(Mixed));
        Assert.Equal("JUNECO.opinc (fiscal year ending in June) and CALCO.sales (fiscal year ending in December) have different fiscal years: " +
                     "their quarters, halves and years cover different months; compare calendar periods instead (calendar(x), CY2023Q2)", ex.Message);
        Assert.Equal((1, 1), (ex.Line, ex.Column));
    }

    [Fact]
    public void Monthly_series_of_different_fiscal_years_align_as_they_are()
    {
        var r = Eval("(JUNECO.visits + CALCO.visits)[2023-03]", Mixed);
        Assert.Equal("15", r.Display);
    }

    [Fact]
    public void A_percent_times_a_number_is_a_percent_on_either_side()
    {
        Assert.Equal(ResultKind.Percent, Eval("yoy(revenue, 2023Q2) * 2").Kind);
        Assert.Equal(ResultKind.Percent, Eval("2 * yoy(revenue, 2023Q2)").Kind);
        Assert.Equal(Eval("yoy(revenue, 2023Q2) * 2").Number, Eval("2 * yoy(revenue, 2023Q2)").Number);
        Assert.Equal(ResultKind.Percent, Eval("yoy(revenue, 2023Q2) / 2").Kind);
    }

    [Fact]
    public void A_ratio_of_two_amounts_of_one_unit_is_a_percent()
    {
        var r = Eval("net_income[2023Q2] / revenue[2023Q2]");
        Assert.Equal(ResultKind.Percent, r.Kind);
        Assert.Equal("24.3%", r.Display);
        Assert.Equal("%", Eval("net_income / revenue").Unit);
    }

    [Fact]
    public void A_difference_of_percents_is_in_percentage_points()
    {
        var r = Eval("yoy(net_income, 2023Q2) - yoy(revenue, 2023Q2)");
        Assert.Equal("pp", r.Unit);
        Assert.Equal("+5.4 pp", r.Display);
    }

    [Fact]
    public void Round_of_a_percent_rounds_the_percent_figure()
    {
        Assert.Equal(0.11, Eval("round(yoy(revenue, 2023Q2), 0)").Number, 12);
        Assert.Equal(0.110, Eval("round(yoy(revenue, 2023Q2), 1)").Number, 12);
    }

    [Theory]
    [InlineData("USD", "USD/share", "share")]
    [InlineData("USD/share", "USD", "1/share")]
    [InlineData("USD*share", "share", "USD")]
    [InlineData("USD/share", "USD/share", "%")]
    public void Compound_units_cancel(string a, string b, string quotient) =>
        Assert.Equal(quotient, FinQuery.Evaluation.Units.Divide(a, b));

    [Fact]
    public void Period_minus_a_four_digit_number_is_an_error_with_a_hint_and_days_keep_four_digit_steps()
    {
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse("2023Q2 - 2023").Bind(Meta));
        Assert.StartsWith("2023 here is a count of quarters: 2023Q2 - 2023 moves it by 2023 quarters.", ex.Message);
        Assert.Equal((1, 10), (ex.Line, ex.Column));
        Assert.Equal("2026-04-01", Show("2023-07-05 + 1001"));
        Assert.Equal("2022Q2", Show("2023Q2 - 4"));
    }

    [Theory]
    [InlineData("revenue[1]")]
    [InlineData("revenue[023]")]
    [InlineData("sum(revenue, 22)")]
    public void Only_four_digit_integers_read_as_years(string query)
    {
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse(query).Bind(Meta));
        Assert.EndsWith("found a number; a year is written with four digits (2023)", ex.Message);
    }

    [Fact]
    public void Null_means_the_default_entity_for_evaluate_and_explain_alike()
    {
        var bound = Query.Parse("revenue[2023Q2]").Bind(Meta);
        Assert.Equal(bound.Evaluate().Display, bound.Evaluate(null).Display);
        Assert.Equal(bound.Evaluate(null).Display, bound.Explain(null).Display);
        Assert.Equal("31.999B USD", bound.Evaluate(null, CancellationToken.None).Display);
    }

    [Fact]
    public void Indexing_a_host_function_of_a_series_computes_that_point_only()
    {
        int calls = 0;
        var functions = FunctionRegistry.CreateDefault().Register("slow", v => { calls++; return v; });
        var r = Query.Parse("slow(revenue)[2023Q2]").Bind(Meta, functions: functions).Evaluate();
        Assert.Equal("31.999B USD", r.Display);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void A_series_result_reports_its_inferred_aggregation()
    {
        Assert.Equal(Aggregation.Sum, Eval("-reality_labs_operating_income").Aggregation);
        Assert.Equal(Aggregation.Sum, Eval("revenue - net_income").Aggregation);
        Assert.Equal(Aggregation.None, Eval("net_income / revenue").Aggregation);
        Assert.Equal(Aggregation.Last, Eval("headcount * 2").Aggregation);
        Assert.Equal(Aggregation.None, Eval("yoy(revenue)").Aggregation);
        Assert.Null(Eval("revenue[2023Q2]").Aggregation);
    }
}
