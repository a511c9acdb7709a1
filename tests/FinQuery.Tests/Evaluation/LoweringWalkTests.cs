using FinQuery.Evaluation;

namespace FinQuery.Tests.Evaluation;

/// <summary>
/// What the lowering walk relies on to skip work: <see cref="Operands.Of"/> gives exactly a node's
/// <see cref="Bound.Children"/> (or declines), and the binder shares no node but a let's, so only lets need the
/// table that keeps a shared node shared. Checked over every query of the function and lowering case files.
/// </summary>
public class LoweringWalkTests
{
    public static TheoryData<string> Queries()
    {
        var data = new TheoryData<string>();
        foreach (var c in CaseFile.Read("functions.cases")) data.Add((string)c[0]);
        data.Add("let g = yoy(revenue); let s = g + g; s[2023Q2] + g[2023Q1] + yoy(revenue, 2023Q2)");
        data.Add("let x = revenue[2023Q2]; let y = x * 2; x + y - -x");
        data.Add("(1 + 2) * 3 - -(4 / 2) + revenue[2023Q2] * -revenue[2023Q1] + yoy(revenue)[2023Q2] + ttm(revenue)[2023Q2]");
        data.Add("sum(revenue, 2021..2023Q2) / ttm(revenue, 2023Q2) + -ttm(revenue, 2023Q2) + (2023Q2 + 1 = 2023Q3 and not (1 > 2) or true)");
        return data;
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void Operands_match_children_and_only_lets_are_shared(string text)
    {
        BoundQuery bound;
        try
        {
            bound = Query.Parse(text).Bind(CaseFile.TestData);
        }
        catch (FinQueryException)
        {
            return;   // the error cases
        }
        var seen = new HashSet<Bound>(ReferenceEqualityComparer.Instance);
        Walk(bound.PlainRoot, seen);
        var context = new LoweringContext(CaseFile.TestData.DefaultEntity);
        NoPassMeansNoPass(Lowerer.Lower(bound.PlainRoot, context), context);
        BinderSaysNoLoweringOnlyWhenLoweringChangesNothing(text, context);
    }

    /// <summary>Where the binder says lowering is not needed (so <c>Bind</c> skips the walk), lowering returns the plain tree itself.</summary>
    private static void BinderSaysNoLoweringOnlyWhenLoweringChangesNothing(string text, in LoweringContext context)
    {
        var query = Query.Parse(text);
        var binder = new Binder(CaseFile.TestData, CaseFile.TestData.DefaultEntity, FunctionRegistry.Default, query.Options, text);
        var plain = binder.BindQuery(query.Syntax);
        if (!binder.NeedsLowering) Assert.Same(plain, Lowerer.Lower(plain, context));
    }

    [Theory]
    [InlineData("revenue[2023Q2] / revenue[2022Q2] - 1", false)]
    [InlineData("-revenue[2023Q2] * 2 + revenue[2023Q1] > 3 and revenue[2022Q4] != 0", false)]
    [InlineData("revenue[2023Q2] / (1 + 2)", true)]
    [InlineData("yoy(revenue, 2023Q2)", true)]
    [InlineData("let x = revenue[2023Q2]; x + 1", true)]
    [InlineData("(revenue / revenue)[2023Q2]", true)]
    [InlineData("revenue[2023Q2] ~= 32B", true)]
    [InlineData("2023Q2 + 1 = 2023Q3", true)]
    public void The_binder_knows_when_lowering_has_nothing_to_do(string text, bool needsLowering)
    {
        var query = Query.Parse(text);
        var binder = new Binder(CaseFile.TestData, CaseFile.TestData.DefaultEntity, FunctionRegistry.Default, query.Options, text);
        var plain = binder.BindQuery(query.Syntax);
        Assert.Equal(needsLowering, binder.NeedsLowering);
        var context = new LoweringContext(CaseFile.TestData.DefaultEntity);
        if (!needsLowering) Assert.Same(plain, Lowerer.Lower(plain, context));
        // Whichever way it went, evaluating gives what the plain tree (Explain) gives.
        var bound = query.Bind(CaseFile.TestData);
        Assert.Equal(bound.Explain().Display, bound.Evaluate().Display);
    }

    /// <summary>Where the walk skips the passes (<see cref="Lowerer.NoPassApplies"/>), running them changes nothing.</summary>
    private static void NoPassMeansNoPass(Bound lowered, in LoweringContext context)
    {
        if (Lowerer.NoPassApplies(lowered)) Assert.Same(lowered, Lowerer.ApplyPasses(lowered, context));
        foreach (var c in lowered.Children) NoPassMeansNoPass(c, context);
    }

    private static void Walk(Bound node, HashSet<Bound> seen)
    {
        bool let = node is LetNode or SeriesLetNode;
        if (!seen.Add(node))
        {
            Assert.True(let, $"{node.Describe()} is shared but is not a let");
            return;
        }
        var children = node.Children;
        int count = Operands.Of(node, out var a, out var b);
        if (count >= 0)
        {
            Assert.Equal(children.Count, count);
            if (count > 0) Assert.Same(children[0], a);
            if (count > 1) Assert.Same(children[1], b);
        }
        foreach (var c in children) Walk(c, seen);
    }

    [Fact]
    public void A_let_used_twice_is_lowered_once_and_stays_shared()
    {
        var bound = Query.Parse("let g = yoy(revenue); g[2023Q2] + g[2023Q1]").Bind(CaseFile.TestData);
        var lowered = Lowerer.Lower(bound.PlainRoot, new LoweringContext(CaseFile.TestData.DefaultEntity));
        var lets = new List<Bound>();
        Collect(lowered, lets);
        Assert.Equal(2, lets.Count);
        Assert.Same(lets[0], lets[1]);
        Assert.Contains("DenseGrowth", ((SeriesLetNode)lets[0]).Value.Describe(), StringComparison.Ordinal);
    }

    private static void Collect(Bound node, List<Bound> lets)
    {
        if (node is LetNode or SeriesLetNode) lets.Add(node);
        foreach (var c in node.Children) Collect(c, lets);
    }
}
