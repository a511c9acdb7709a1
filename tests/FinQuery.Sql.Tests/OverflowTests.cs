namespace FinQuery.Sql.Tests;

/// <summary>
/// Values near the largest double: a derived year, half or quarter whose parts add up beyond it is not derived (NA,
/// or derived another way), a range sum adds piece by piece in the evaluator's order, and averages and peer means
/// are NA rather than infinite, in memory and in DuckDB alike.
/// </summary>
public sealed class OverflowTests
{
    private const double Big = 1e308;

    private static Dataset Data(params (string Entity, int YearEnd, (string Period, double Value)[] Values)[] entities)
    {
        var builder = new DatasetBuilder();
        foreach (var (id, yearEnd, values) in entities)
        {
            builder.AddEntity(id, fiscalYearEndMonth: yearEnd);
            builder.AddSeries(id, "x", "USD", Aggregation.Sum, values.Select(v => KeyValuePair.Create(Period.Parse(v.Period), v.Value)));
        }
        return builder.SetDefaultEntity(entities[0].Entity).Build();
    }

    /// <summary>The query's display for each entity, in memory; DuckDB's must be the same.</summary>
    private static void Expect(Dataset data, string query, params string[] displays)
    {
        var bound = Query.Parse(query).Bind(data);
        using var engine = DuckDbEngine.Load(data);
        var sql = engine.EvaluateAll(bound);
        for (int i = 0; i < data.Entities.Count; i++)
        {
            var entity = data.Entities[i];
            var expected = bound.Evaluate(entity);
            Assert.Equal(displays[i], expected.Display);
            Assert.True(Same.Results(expected, sql[entity.Id]), $"{query} for {entity.Id}: in memory {expected.Display}, DuckDB {sql[entity.Id].Display}");
        }
    }

    [Fact]
    public void A_year_whose_quarters_add_up_beyond_the_doubles_is_not_derived()
    {
        var data = Data(("A", 12, [("2021Q1", Big), ("2021Q2", Big), ("2021Q3", -Big), ("2021Q4", 5)]));
        Expect(data, "x[2021]", "n/a: no x for 2021");
        Expect(data, "x[2021H1]", "n/a: no x for 2021H1");
        Expect(data, "x[2021H2]", "-1E+308 USD");
        // The range sum adds the quarters one by one: the first two already pass the largest double.
        Expect(data, "sum(x, 2021Q1..2021Q4)", "n/m: the result is too large to represent");
        Expect(data, "sum(x, 2021Q2..2021Q4)", "5 USD");
    }

    [Fact]
    public void A_year_that_halves_do_not_give_is_rolled_up_from_quarters_and_remainders_that_overflow_are_not_derived()
    {
        // H1 is reported; H1 + H2 passes the doubles, yet the quarters add up; Q2 = H1 - Q1 passes them.
        var data = Data(("A", 12, [("2021H1", Big), ("2021H2", Big), ("2021Q1", -Big), ("2021Q3", Big), ("2021Q4", 0)]));
        Expect(data, "x[2021]", "n/a: no x for 2021");
        Expect(data, "x[2021Q2]", "n/a: no x for 2021Q2");
        Expect(data, "ttm(x, 2021Q4)", "n/m: the result is too large to represent");
        var quarters = Data(("A", 12, [("2021H1", Big), ("2021Q1", Big), ("2021Q2", 0), ("2021Q3", Big), ("2021Q4", -Big)]));
        Expect(quarters, "x[2021]", "1E+308 USD");
        Expect(quarters, "x[2021H2]", "0 USD");
    }

    [Fact]
    public void A_sum_over_two_years_adds_piece_by_piece()
    {
        // 2021Q4 + 2022Q1 passes the doubles before 2022Q2 brings it back: NA, as in memory.
        var data = Data(("A", 12, [("2021Q4", Big), ("2022Q1", Big), ("2022Q2", -Big)]), ("B", 12, [("2021Q4", Big), ("2022Q1", -Big), ("2022Q2", Big)]));
        Expect(data, "sum(x, 2021Q4..2022Q2)", "n/m: the result is too large to represent", "1E+308 USD");
    }

    [Fact]
    public void Averages_and_peer_means_beyond_the_doubles_are_not_infinite()
    {
        var data = Data(("A", 12, [("2021Q1", Big), ("2021Q2", Big)]), ("B", 12, [("2021Q1", Big), ("2021Q2", 1)]));
        Expect(data, "avg(x, 2021Q1..2021Q2)", "n/m: the result is too large to represent", "5E+307 USD");
        Expect(data, "peer_mean(x[2021Q1])", "n/m: the result is too large to represent", "n/m: the result is too large to represent");
        Expect(data, "peer_mean(x[2021Q2])", "5E+307 USD", "5E+307 USD");
    }

    [Fact]
    public void A_calendar_year_whose_fiscal_quarters_add_up_beyond_the_doubles_is_missing()
    {
        // A June fiscal year: calendar 2021 is built from four fiscal quarters.
        var data = Data(("C", 6, [("2021Q3", Big), ("2021Q4", Big), ("2022Q1", Big), ("2022Q2", 5)]));
        Expect(data, "x[CY2021]", "n/a: no x for CY2021");
        Expect(data, "x[CY2021H2]", "1E+308 USD");
    }
}

/// <summary>Averages and counts take only the points wholly within the series' first and last day, as in memory.</summary>
public sealed class AggregateEdgeTests
{
    [Fact]
    public void A_balance_year_that_starts_before_the_series_is_not_averaged()
    {
        // 2021 has a value (its last quarter's), but the series starts in 2021Q3: the evaluator averages 2022 only.
        var builder = new DatasetBuilder();
        builder.AddEntity("A");
        builder.AddSeries("A", "s", "USD", Aggregation.Last, [KeyValuePair.Create(Period.Parse("2021Q3"), 5.0), KeyValuePair.Create(Period.Parse("2021Q4"), 7.0), KeyValuePair.Create(Period.Parse("2022Q4"), 9.0)]);
        var data = builder.SetDefaultEntity("A").Build();
        using var engine = DuckDbEngine.Load(data);
        foreach (var (query, display) in new[] { ("avg(s, 2021..2022)", "9 USD"), ("count(s, 2021..2022)", "1"), ("min(s * 2, 2021..2022)", "18 USD"), ("s[2021]", "7 USD") })
        {
            var bound = Query.Parse(query).Bind(data);
            var expected = bound.Evaluate();
            Assert.Equal(display, expected.Display);
            var actual = engine.Evaluate(bound);
            Assert.True(Same.Results(expected, actual), $"{query}: in memory {expected.Display}, DuckDB {actual.Display}");
        }
    }
}
