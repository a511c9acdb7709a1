using System.Globalization;

namespace FinQuery.Tests.Evaluation;

public class EvaluationTests
{
    private static Dataset Data => CaseFile.TestData;

    [Fact]
    public void Results_carry_kind_value_and_unit()
    {
        var r = Query.Evaluate("yoy(revenue, 2023Q2)", Data);
        Assert.Equal(ResultKind.Percent, r.Kind);
        Assert.Equal(145.2 / 121 - 1, r.Number, 12);
        Assert.Equal("%", r.Unit);

        var n = Query.Evaluate("revenue[2023Q2]", Data);
        Assert.Equal(ResultKind.Number, n.Kind);
        Assert.Equal(145.2e6, n.Number, 3);
        Assert.Equal("USD", n.Unit);

        Assert.Equal(Period.Parse("2022Q1"), Query.Evaluate("first(yoy(revenue) > 15%)", Data).Period);
        Assert.True(Query.Evaluate("beat(revenue, 2023Q2)", Data).Bool);
    }

    [Fact]
    public void NA_results_say_what_kind_and_why()
    {
        var missing = Query.Evaluate("yoy(revenue, 2021Q1)", Data);
        Assert.Equal(ResultKind.NA, missing.Kind);
        Assert.Equal(NaKind.Missing, missing.NaKind);
        Assert.Equal("no revenue for 2020Q1", missing.Reason);
        Assert.True(double.IsNaN(missing.Number));

        var nm = Query.Evaluate("yoy(ebit, 2023Q2)", Data);
        Assert.Equal(NaKind.NotMeaningful, nm.NaKind);
    }

    [Fact]
    public void A_missing_period_never_falls_back_to_a_neighbour()
    {
        // 2022Q3 is missing from ebit: yoy(ebit, 2023Q3) must not compare with 2022Q2 or 2022Q4.
        var data = new DatasetBuilder().AddEntity("X")
            .AddSeries("X", "m", "USD", Aggregation.Sum, new Dictionary<Period, double>
            {
                [Period.Parse("2022Q2")] = 10, [Period.Parse("2022Q4")] = 12, [Period.Parse("2023Q3")] = 11,
            }).Build();
        var r = Query.Evaluate("yoy(m, 2023Q3)", data);
        Assert.Equal("no m for 2022Q3", r.Reason);
    }

    [Fact]
    public void Explain_lists_reported_and_derived_observations()
    {
        var bound = Query.Parse("segment_income[2022Q4]").Bind(Data);
        var r = bound.Explain();
        Assert.NotNull(r.Provenance);
        var lines = r.Provenance!.Entries.Select(e => e.ToString()).ToList();
        Assert.Equal("ACME.segment_income 2022Q4 = 150M USD (derived: 2022Q4 = 2022 − 2022Q1 − 2022Q2 − 2022Q3)", lines[0]);
        Assert.Contains("ACME.segment_income 2022 = 500M USD (reported)", lines);
        Assert.Contains("ACME.segment_income 2022Q1 = 100M USD (reported)", lines);
        Assert.Equal(5, lines.Count);

        var cover = Query.Parse("sum(segment_income, 2021..2023Q2)").Bind(Data).Explain();
        Assert.Equal(["2021", "2022", "2023Q1", "2023Q2"], cover.Provenance!.Entries.Select(e => e.Period.ToString()));
        Assert.All(cover.Provenance.Entries, e => Assert.True(e.IsReported));
    }

    [Fact]
    public void Evaluate_without_explain_has_no_provenance()
    {
        Assert.Null(Query.Evaluate("revenue[2023Q2]", Data).Provenance);
    }

    [Fact]
    public void One_bound_query_evaluates_for_each_entity()
    {
        var data = Dataset.ParseJson("""
            { "entities": [
              { "id": "A", "series": [ { "metric": "revenue", "unit": "USD", "aggregation": "sum", "values": { "2022Q2": 100, "2023Q2": 150 } } ] },
              { "id": "B", "series": [ { "metric": "revenue", "unit": "USD", "aggregation": "sum", "values": { "2022Q2": 200, "2023Q2": 150 } } ] },
              { "id": "C", "series": [ { "metric": "profit", "unit": "USD", "aggregation": "sum", "values": { "2023Q2": 1 } } ] }
            ] }
            """, "universe");
        var bound = Query.Parse("yoy(revenue, 2023Q2)").Bind(data, entity: "A");
        Assert.Equal("+50.0%", bound.Evaluate(data.FindEntity("A")).Display);
        Assert.Equal("-25.0%", bound.Evaluate(data.FindEntity("B")).Display);
        Assert.Equal("n/a: C has no revenue", bound.Evaluate(data.FindEntity("C")).Display);
    }

    [Fact]
    public void Bare_names_need_a_default_entity()
    {
        var data = Dataset.ParseJson("""
            { "entities": [
              { "id": "A", "series": [ { "metric": "revenue", "unit": "USD", "values": { "2023Q2": 1 } } ] },
              { "id": "B", "series": [ { "metric": "revenue", "unit": "USD", "values": { "2023Q2": 2 } } ] }
            ] }
            """, "two");
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse("revenue[2023Q2]").Bind(data));
        Assert.Equal("no default entity for 'revenue': write ENTITY.revenue or choose an entity", ex.Message);
        Assert.Equal("2 USD", Query.Evaluate("B.revenue[2023Q2]", data).Display);
        Assert.Equal("1 USD", Query.Evaluate("revenue[2023Q2]", data, entity: "A").Display);
    }

    [Fact]
    public void Custom_functions_join_the_registry()
    {
        var functions = FunctionRegistry.CreateDefault()
            .Register("double_it", x => 2 * x)
            .Register("spread", (a, b) => a - b, unit: "");
        Assert.Equal("290.4M USD", Query.Parse("double_it(revenue[2023Q2])").Bind(Data, functions: functions).Evaluate().Display);
        Assert.Equal("2", Query.Parse("spread(5, 3)").Bind(Data, functions: functions).Evaluate().Display);
        Assert.Equal("264M USD", Query.Parse("double_it(revenue)[2023Q1]").Bind(Data, functions: functions).Evaluate().Display);
        Assert.Throws<ArgumentException>(() => functions.Register("yoy", x => x));
        Assert.Throws<InvalidOperationException>(() => FunctionRegistry.Default.Register("mine", x => x));
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse("double_it(1)").Bind(Data));
        Assert.StartsWith("unknown function 'double_it'", ex.Message);
    }

    [Fact]
    public void A_throwing_custom_function_gives_NA_not_a_crash()
    {
        var functions = FunctionRegistry.CreateDefault().Register("boom", new Func<double, double>(_ => throw new InvalidOperationException("kaput")));
        var r = Query.Parse("boom(1)").Bind(Data, functions: functions).Evaluate();
        Assert.Equal("n/m: boom failed: kaput", r.Display);
    }

    [Fact]
    public void Work_limit_stops_runaway_series_work()
    {
        var options = new QueryOptions { MaxWork = 5 };
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse("yoy(revenue)", options).Bind(Data).Evaluate());
        Assert.Contains("MaxWork", ex.Message);
    }

    [Fact]
    public void Lag_limit_is_enforced_with_a_position()
    {
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse("lag(revenue, 2147483647)[2023Q2]").Bind(Data).Evaluate());
        Assert.Equal(14, ex.Column);
    }

    [Fact]
    public void Cancellation_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var bound = Query.Parse("yoy(revenue)").Bind(Data);
        Assert.ThrowsAny<OperationCanceledException>(() => bound.Evaluate(Data.DefaultEntity, cts.Token));
    }

    [Fact]
    public void Overflow_is_NA_not_infinity()
    {
        Assert.Equal(NaKind.NotMeaningful, Query.Evaluate("1e300 * 1e300", Data).NaKind);
        Assert.Throws<FinQueryException>(() => Query.Parse("1e400").Bind(Data));
    }

    [Fact]
    public void Period_arithmetic_past_year_9999_is_NA()
    {
        Assert.Equal(NaKind.NotMeaningful, Query.Evaluate("9999Q4 + 1", Data).NaKind);
    }

    [Fact]
    public void Query_text_prints_canonically()
    {
        Assert.Equal(Query.Parse("yoy( revenue ,2023Q2 ) # comment").ToString(), Query.Parse("yoy(revenue, 2023Q2)").ToString());
    }

    [Fact]
    public void TryParse_reports_errors_without_throwing()
    {
        Assert.False(Query.TryParse("yoy(revenue,", out var q, out var error));
        Assert.Null(q);
        Assert.NotNull(error);
        Assert.True(Query.TryParse("1 + 1", out q, out error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    [InlineData("tr-TR")]
    [InlineData("ar-SA")]
    public void Results_do_not_depend_on_the_culture(string culture)
    {
        var queries = CaseFile.Read("functions.cases").Select(c => (string)c[0]).Where(q => !q.Contains("revnue")).ToList();
        string Run() => string.Join("\n", queries.Select(q =>
        {
            try { return Query.Evaluate(q, Data).Display; }
            catch (FinQueryException e) { return e.Describe(); }
        }));
        var saved = CultureInfo.CurrentCulture;
        string invariant = Run();
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
            Assert.Equal(invariant, Run());
            Assert.Equal(31.06e9, Query.Evaluate("31.06B", Data).Number);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void One_bound_query_gives_identical_results_on_many_threads()
    {
        var bound = Query.Parse("sum(revenue, 2021..2023Q2) + ttm(revenue, 2023Q2) * yoy(revenue, 2023Q2)").Bind(Data);
        double expected = bound.Evaluate().Number;
        var results = new double[8 * 2000];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = bound.Evaluate().Number);
        Assert.All(results, r => Assert.Equal(expected, r));
    }
}
