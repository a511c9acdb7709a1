using FinQuery.Evaluation;

namespace FinQuery.Tests.Evaluation;

/// <summary>
/// <c>x[2023Q2]</c> binds to an index node that holds the literal and makes its constant index only when asked. It
/// must give what the same index computed at evaluation time gives (<c>x[2023Q3 - 1]</c>), value, NA reason and
/// provenance alike, and stand for one constant node whoever asks for it.
/// </summary>
public class IndexLiteralTests
{
    private static Dataset Data => CaseFile.TestData;

    public static IEnumerable<object[]> Pairs() =>
        new (string Literal, string Computed)[]
        {
            ("revenue[2023Q2]", "revenue[2023Q3 - 1]"),
            ("revenue[2023Q2] / revenue[2022Q2] - 1", "revenue[2023Q3 - 1] / revenue[2022Q3 - 1] - 1"),
            ("revenue[2019Q1]", "revenue[2019Q2 - 1]"),
            ("revenue[CY2023Q2]", "revenue[CY2023Q3 - 1]"),
            ("revenue[FY2023]", "revenue[FY2024 - 1]"),
            ("revenue[2023H1]", "revenue[2023H2 - 1]"),
            ("revenue[2023-06]", "revenue[2023-07 - 1]"),
            ("users[2023-07-10]", "users[2023-07-11 - 1]"),
            ("headcount[2023Q2]", "headcount[2023Q3 - 1]"),
            ("ebit[2023Q2] > 0", "ebit[2023Q3 - 1] > 0"),
            ("ACME.revenue[2023Q2]", "ACME.revenue[2023Q3 - 1]"),
            ("JUNECO.revenue[2023Q2]", "JUNECO.revenue[2023Q3 - 1]"),
            ("yoy(revenue)[2023Q2]", "yoy(revenue)[2023Q3 - 1]"),
            ("(revenue - ebit)[2023Q2]", "(revenue - ebit)[2023Q3 - 1]"),
        }.Select(p => new object[] { p.Literal, p.Computed });

    private static string Outcome(Func<QueryResult> evaluate)
    {
        try
        {
            var r = evaluate();
            string provenance = r.Provenance?.ToString().ReplaceLineEndings(";") ?? "";
            return $"{r.Kind} {r.Number:R} {r.Display} {r.Unit} {r.NaKind} {r.Reason} [{provenance}]";
        }
        catch (FinQueryException ex)
        {
            return "error " + ex.Message;
        }
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void A_literal_index_gives_what_the_computed_index_gives(string literal, string computed)
    {
        var a = Query.Parse(literal).Bind(Data);
        var b = Query.Parse(computed).Bind(Data);
        var outcomes = new List<string>();
        foreach (var entity in Data.Entities)
        {
            outcomes.Add(Outcome(() => a.Evaluate(entity)));
            Assert.Equal(Outcome(() => b.Evaluate(entity)), outcomes[^1]);
            Assert.Equal(Outcome(() => b.Explain(entity)), Outcome(() => a.Explain(entity)));
        }
        // Each pair evaluates somewhere (a number, a boolean or an NA with a reason), not only to errors.
        Assert.Contains(outcomes, o => !o.StartsWith("error", StringComparison.Ordinal));
    }

    [Fact]
    public void The_constant_index_is_made_once_and_printed_as_a_constant()
    {
        var bound = Query.Parse("revenue[2023Q2]").Bind(Data);
        var node = Assert.IsType<IndexNode>(bound.PlainRoot);
        var seen = new Bound[64];
        Parallel.For(0, seen.Length, i => seen[i] = node.Index);
        Assert.All(seen, s => Assert.Same(seen[0], s));
        Assert.Same(seen[0], node.Children[1]);
        var constant = Assert.IsType<ConstNode>(seen[0]);
        Assert.Equal(Period.OfQuarter(2023, 2), constant.Value.AsPeriod);
        Assert.Equal(new FinQuery.Syntax.TextSpan(8, 6), constant.Span);
        Assert.Contains("Const(2023Q2)", bound.PrintTrees());
    }
}
