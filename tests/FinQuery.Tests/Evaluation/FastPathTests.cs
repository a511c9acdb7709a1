namespace FinQuery.Tests.Evaluation;

/// <summary>
/// The evaluator's fast paths (a metric at a constant period for yoy and qoq; the cover of sum, ttm and ytd found
/// at bind time for the bound entity; the dense series form of yoy and qoq) must give exactly what the general
/// path gives. The general path runs for an entity other than the bound one, and under <c>Explain</c>.
/// </summary>
public class FastPathTests
{
    private static Dataset Data => CaseFile.TestData;

    public static IEnumerable<object[]> Queries() =>
        new[]
        {
            "yoy(revenue, 2023Q2)", "yoy(revenue, 2021Q1)", "qoq(revenue, 2023Q1)", "yoy(revenue, 2022)", "yoy(ebit, 2023Q2)",
            "yoy(ebit, 2023Q3)", "yoy(segment_income, 2023Q1)", "qoq(headcount, 2023Q2)", "yoy(users, 2023-07-10)",
            "yoy(revenue, 2023-06)", "qoq(revenue, 2023-06)", "yoy(ACME.revenue, 2023Q2)", "yoy(revenue, 2023Q2 + 1)",
            "sum(revenue, 2022)", "sum(revenue, 2021..2023Q2)", "sum(segment_income, 2021..2022Q2)", "sum(revenue, ..2022)",
            "sum(revenue, 2022Q3..)", "sum(revenue, 2019..2020)", "sum(ebit, 2022)", "sum(revenue, 2023Q2..2022Q1)",
            "sum(headcount, 2022)", "sum(revenue, 2022-07..2023-06)", "sum(users, 2023-07)", "sum(JUNECO.revenue, 2023)",
            "ttm(revenue, 2023Q2)", "ttm(revenue, 2021Q2)", "ttm(segment_income, 2022Q4)", "ttm(revenue, 2023-06)",
            "ttm(revenue, 2023)", "ytd(revenue, 2023Q2)", "ytd(revenue, 2023-03)", "ytd(JUNECO.revenue, 2023Q2)",
            "sum(revenue, 2021..2023Q2) / ttm(revenue, 2023Q2)",
        }.Select(q => new object[] { q });

    private static string Outcome(QueryResult r) => $"{r.Kind} {r.Number:R} {r.Display} {r.Unit} {r.NaKind} {r.Reason}";

    private static string Outcome(Func<QueryResult> evaluate)
    {
        try
        {
            return Outcome(evaluate());
        }
        catch (FinQueryException ex)
        {
            return "error " + ex.Describe();
        }
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void Fast_and_general_paths_agree(string query)
    {
        foreach (var boundFor in Data.Entities)
        {
            BoundQuery bound;
            try
            {
                bound = Query.Parse(query).Bind(Data, boundFor.Id);
            }
            catch (FinQueryException)
            {
                continue;   // not every metric exists for every entity
            }
            foreach (var evaluatedFor in Data.Entities)
            {
                string fast = Outcome(() => bound.Evaluate(evaluatedFor));
                string explained = Outcome(() => bound.Explain(evaluatedFor));
                Assert.Equal(explained, fast);
                if (evaluatedFor != boundFor)
                {
                    // Bound for another entity: the general path (no precomputed cover for this one).
                    string general = Outcome(() => Query.Parse(query).Bind(Data, evaluatedFor.Id).Evaluate());
                    if (!general.StartsWith("error", StringComparison.Ordinal)) Assert.Equal(general, fast);
                }
            }
        }
    }

    [Theory]
    [InlineData("yoy(revenue)")]
    [InlineData("qoq(revenue)")]
    [InlineData("yoy(ebit)")]
    [InlineData("qoq(headcount)")]
    [InlineData("yoy(segment_income)")]
    public void The_dense_series_form_agrees_with_the_general_one(string query)
    {
        foreach (var entity in Data.Entities)
        {
            var bound = Query.Parse(query).Bind(Data, "ACME");
            var fast = bound.Evaluate(entity);
            var general = bound.Explain(entity);
            Assert.Equal(general.Kind, fast.Kind);
            Assert.Equal(general.Series, fast.Series);
            Assert.Equal(general.Display, fast.Display);
        }
    }

    [Fact]
    public void A_sum_over_a_range_ending_in_a_gap_names_the_gap_on_either_path()
    {
        var data = new DatasetBuilder().AddEntity("A").AddEntity("B")
            .AddSeries("A", "x", "USD", Aggregation.Sum, [new(Period.Parse("2022"), 10), new(Period.Parse("2023Q1"), 3)])
            .AddSeries("B", "x", "USD", Aggregation.Sum, [new(Period.Parse("2022"), 20), new(Period.Parse("2023Q1"), 4), new(Period.Parse("2023Q2"), 5)])
            .Build();
        var bound = Query.Parse("sum(x, 2022..2023Q2)").Bind(data, "B");
        Assert.Equal(29, bound.Evaluate().Number);
        Assert.Equal("no x for 2023Q2", bound.Evaluate(data.FindEntity("A")).Reason);
        Assert.Equal(29, bound.Evaluate(data.FindEntity("B")).Number);
    }
}
