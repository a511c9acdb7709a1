using FinQuery.Tests.Evaluation;

namespace FinQuery.Tests.Claims;

/// <summary>The library's claims: <see cref="BoundQuery.Check"/> gives the verdict, the left side's value and the figures compared.</summary>
public class ClaimTests
{
    private static Dataset Data => CaseFile.TestData;

    private static Claim Check(string query) => Query.Parse(query).Bind(Data).Check();

    [Fact]
    public void An_about_claim_reports_the_verdict_the_computed_value_the_written_figure_and_how_it_held()
    {
        var c = Check("revenue[2023Q2] ~= 145M");
        Assert.Equal(ClaimVerdict.Holds, c.Verdict);
        Assert.Equal("~=", c.Operator);
        Assert.Equal(145.2e6, c.Actual!.Value.Number, 3);
        Assert.Equal("USD", c.Actual.Value.Unit);
        Assert.Equal("145.2M USD", c.Actual.Value.Display);
        Assert.Equal("145M", c.Claimed!.Text);
        Assert.Equal(145e6, c.Claimed.Value);
        Assert.Equal(1e6, c.Claimed.Precision);
        Assert.Equal(ClaimMatch.Rounding, c.By);
        // The written figure adopts the left side's unit.
        Assert.Equal("145M USD", c.Against!.Value.Display);
        Assert.Equal("holds: 145.2M USD ~= 145M (by rounding)", c.ToString());
        Assert.True(c.Result.Bool);
        Assert.NotNull(c.Result.Provenance);
        Assert.Null(c.Reason);
    }

    [Theory]
    [InlineData("eps[2023Q2] ~= 1.2", ClaimVerdict.Holds, ClaimMatch.Truncation)]
    [InlineData("eps[2023Q2] ~= 1.3", ClaimVerdict.Holds, ClaimMatch.Rounding)]
    [InlineData("eps[2023Q2] ~= 1.25", ClaimVerdict.Holds, ClaimMatch.Exact)]
    [InlineData("eps[2023Q2] ~= 1.4", ClaimVerdict.Fails, ClaimMatch.None)]
    [InlineData("yoy(revenue, 2021Q1) ~= 20%", ClaimVerdict.NA, ClaimMatch.None)]
    public void By_says_whether_rounding_or_only_truncation_gave_the_figure(string query, ClaimVerdict verdict, ClaimMatch by)
    {
        var c = Check(query);
        Assert.Equal(verdict, c.Verdict);
        Assert.Equal(by, c.By);
    }

    [Fact]
    public void The_documented_example_on_the_Meta_sample()
    {
        var data = Dataset.Load(Path.Combine(AppContext.BaseDirectory, "samples", "meta-q2-2023", "meta.json"));
        var c = Query.Parse("-reality_labs_operating_income[2023Q2] ~= 3.73B").Bind(data).Check();
        Assert.Equal(ClaimVerdict.Holds, c.Verdict);
        Assert.Equal("3.739B USD", c.Actual?.Display);
        Assert.Equal("3.73B", c.Claimed?.Text);
        Assert.Equal(ClaimMatch.Truncation, c.By);
        Assert.Equal("holds: 3.739B USD ~= 3.73B (by truncation)", c.ToString());
        Assert.Equal(["the article"], c.Sources);
    }

    [Fact]
    public void An_NA_claim_says_why()
    {
        var c = Check("yoy(revenue, 2021Q1) ~= 20%");
        Assert.Equal(ClaimVerdict.NA, c.Verdict);
        Assert.Equal("no revenue for 2020Q1", c.Reason);
        Assert.True(c.Actual!.Value.IsNa);
        Assert.Equal("n/a: no revenue for 2020Q1", c.ToString());
    }

    [Fact]
    public void Other_comparisons_report_both_sides()
    {
        var c = Check("revenue[2023Q2] > consensus(revenue, 2023Q2)");
        Assert.Equal(ClaimVerdict.Holds, c.Verdict);
        Assert.Equal(">", c.Operator);
        Assert.Equal("145.2M USD", c.Actual!.Value.Display);
        Assert.Equal("140M USD", c.Against!.Value.Display);
        Assert.Null(c.Claimed);
        Assert.Equal(ClaimMatch.None, c.By);

        var literal = Check("revenue[2023Q2] < 100M");
        Assert.Equal(ClaimVerdict.Fails, literal.Verdict);
        Assert.Equal("100M", literal.Claimed!.Text);
        Assert.Equal("100M USD", literal.Against!.Value.Display);
        Assert.Equal("fails: 145.2M USD < 100M", literal.ToString());
    }

    [Fact]
    public void A_period_comparison_reports_periods_and_a_bare_year_is_a_year()
    {
        var c = Check("first(yoy(revenue) > 15%) = 2022Q1");
        Assert.Equal(ClaimVerdict.Holds, c.Verdict);
        Assert.Equal(P("2022Q1"), c.Actual!.Value.Period);
        Assert.Equal(P("2022Q1"), c.Against!.Value.Period);

        var year = Check("first(yoy(revenue) > 15%) = 2022");
        Assert.Equal(ClaimVerdict.Fails, year.Verdict);
        Assert.Equal(P("2022"), year.Against!.Value.Period);
        Assert.Null(year.Claimed);
    }

    [Fact]
    public void Lets_are_visible_to_each_side()
    {
        var c = Check("let r = revenue[2023Q2]; let c = consensus(revenue, 2023Q2); r - c ~= 5.2M");
        Assert.Equal(ClaimVerdict.Holds, c.Verdict);
        Assert.Equal(5.2e6, c.Actual!.Value.Number, 3);
    }

    [Fact]
    public void A_boolean_that_is_not_a_comparison_has_a_verdict_and_no_sides()
    {
        var c = Check("beat(revenue, 2023Q2)");
        Assert.Equal(ClaimVerdict.Holds, c.Verdict);
        Assert.Null(c.Operator);
        Assert.Null(c.Actual);
        Assert.Null(c.Against);
        Assert.Equal("holds", c.ToString());
        Assert.Equal(ClaimVerdict.Fails, Check("revenue[2023Q2] ~= 145M and eps[2023Q2] ~= 9").Verdict);
    }

    [Theory]
    [InlineData("revenue[2023Q2]", "not a claim: this query gives a number; a claim is true or false, such as revenue[2023Q2] ~= 32B")]
    [InlineData("yoy(revenue) > 10%", "not a claim: this query gives a boolean series; a claim is true or false at one period, such as yoy(revenue, 2023Q2) > 10%")]
    [InlineData("let x = 1; 2023Q2", "not a claim: this query gives a period; a claim is true or false, such as revenue[2023Q2] ~= 32B")]
    public void A_query_that_is_not_true_or_false_is_not_a_claim(string query, string message)
    {
        var bound = Query.Parse(query).Bind(Data);
        Assert.False(bound.IsClaim);
        var e = Assert.Throws<FinQueryException>(() => bound.Check());
        Assert.Equal(message, e.Message);
        int start = query.LastIndexOf(query.Split("; ")[^1], StringComparison.Ordinal);
        Assert.Equal((1, start + 1), (e.Line, e.Column));
    }

    [Fact]
    public void A_claim_is_checked_for_the_entity_asked_and_the_verdict_matches_plain_evaluation()
    {
        var bound = Query.Parse("revenue[2023-06] ~= 20M").Bind(Data, "JUNECO");
        Assert.True(bound.IsClaim);
        Assert.Equal(ClaimVerdict.Holds, bound.Check().Verdict);
        var acme = bound.Check(Data.FindEntity("ACME"));
        Assert.Equal(ClaimVerdict.NA, acme.Verdict);
        foreach (var q in new[] { "eps[2023Q2] ~= 1.3", "eps[2023Q2] ~= 1.4", "revenue[2023Q2] >= 145.2M", "yoy(revenue, 2021Q1) ~= 1%" })
        {
            var b = Query.Parse(q).Bind(Data);
            var plain = b.Evaluate();
            var claim = b.Check();
            Assert.Equal(plain.Display, claim.Result.Display);
        }
    }
}
