using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FinQuery.Tests.Screens;

/// <summary>
/// A screen gives, for every entity, what the plain bound tree gives for it. <see cref="BoundQuery.Explain"/> runs the
/// plain tree and computes peer values afresh each time; <see cref="BoundQuery.EvaluateMany"/> runs the lowered tree,
/// where a query the same for every entity is evaluated once and an expression that is also a peer function's argument
/// reads each entity's own value from the peer values. Random queries mix both with entity-dependent parts, NA values
/// (every seventh entity lacks 2023Q2) and two fiscal calendars (every eleventh entity's year ends in June).
/// </summary>
public class ScreenEquivalenceProperties
{
    private static readonly Dataset Universe = ScreenData.Generated(60, seed: 5);

    private static readonly string[] Atoms =
        ["revenue[2023Q2]", "revenue[2023Q1]", "yoy(revenue, 2023Q2)", "sum(revenue, 2022Q1..2022Q4)", "qoq(revenue, 2023Q3)"];

    private static readonly string[] Peers = ["peer_median", "peer_mean", "peer_min", "peer_max", "peer_count", "peer_rank"];

    private static Gen<string> Three(Gen<string> a, Gen<string> b, Gen<string> c, Func<string, string, string, string> f) =>
        Gen.Zip<string, (string, string), string>(a, Gen.Zip<string, string, (string, string)>(b, c, (x, y) => (x, y)), (x, t) => f(x, t.Item1, t.Item2));

    private static Gen<string> Atom => Gen.Elements(Atoms);

    private static Gen<string> Argument => Gen.OneOf(
        Atom,
        Three(Atom, Gen.Elements("+", "-", "/"), Atom, (a, op, b) => $"{a} {op} {b}"));

    private static Gen<string> Peer => Gen.Zip<string, string, string>(Gen.Elements(Peers), Argument, (f, a) => $"{f}({a})");

    private static Gen<string> Expr(int depth) => depth == 0
        ? Gen.Frequency([(3, Atom), (3, Peer), (1, Gen.Elements("2", "0.5", "-3")), (2, Argument)])
        : Gen.Frequency([
            (2, Expr(0)),
            (3, Three(Expr(depth - 1), Gen.Elements("+", "-", "*", "/"), Expr(depth - 1), (a, op, b) => $"({a} {op} {b})")),
            (1, Expr(depth - 1).Select(e => $"abs({e})")),
            (1, Expr(depth - 1).Select(e => $"round({e}, 1)")),
            (1, Three(Expr(depth - 1), Expr(depth - 1), Expr(depth - 1), (c, a, b) => $"if({c} > {a}, {b}, {a})"))]);

    private static bool Binds(string text)
    {
        try
        {
            Query.Parse(text).Bind(Universe, "E000");
            return true;
        }
        catch (FinQueryException)
        {
            return false; // units that do not mix, a boolean where a number goes, …
        }
    }

    private static Gen<string> QueryText => Gen.OneOf(
        Expr(2),
        // A let used inside and outside a peer function.
        Three(Argument, Gen.Elements(Peers), Gen.Elements("-", "/", ">"), (a, f, op) => $"let g = {a}; g {op} {f}(g)"),
        Gen.Zip<string, string, string>(Argument, Gen.Elements(Peers), (a, f) => $"let g = {a}; {f}(g) - {a}"),
        Gen.Zip<string, string, string>(Argument, Gen.Elements(Peers), (a, f) => $"let g = {a}; g - {f}({a})"))
        .Where(Binds);

    [Property(MaxTest = 60)]
    public Property A_screen_gives_each_entity_what_the_plain_tree_gives_it() =>
        Prop.ForAll(QueryText.ToArbitrary(), text =>
        {
            var bound = Query.Parse(text).Bind(Universe, "E000");
            var entities = Universe.Entities;
            var expected = entities.Select(e => bound.Explain(e)).ToArray();
            var results = new QueryResult[entities.Count];
            foreach (bool parallel in new[] { false, true })
            {
                bound.EvaluateMany(entities, results, parallel);
                if (Differs(expected, results, entities) is { } own) return false.Label($"{text}, parallel {parallel}: {own}");
            }
            // Another list of the same entities: the same set of peer values.
            var reversed = entities.Reverse().ToArray();
            bound.EvaluateMany(reversed, results);
            if (Differs([.. expected.Reverse()], results, reversed) is { } other) return false.Label($"{text}, another list: {other}");
            // One evaluation per entity reads the peer values over the data's entities the same way.
            var one = entities.Select(e => bound.Evaluate(e)).ToArray();
            if (Differs(expected, one, entities) is { } single) return false.Label($"{text}, one by one: {single}");
            return true.ToProperty();
        });

    private static string? Differs(QueryResult[] expected, QueryResult[] actual, IReadOnlyList<Entity> entities)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i].Kind != actual[i].Kind || expected[i].Display != actual[i].Display || expected[i].Reason != actual[i].Reason)
                return $"{entities[i].Id}: {actual[i].Display}, the plain tree gives {expected[i].Display}";
        }
        return null;
    }

    [Fact]
    public void An_expression_that_is_also_a_peer_argument_is_computed_once_per_entity()
    {
        var probe = new CountingProbe();
        var functions = probe.Functions;
        var bound = Query.Parse("probe(revenue[2023Q2]) - peer_median(probe(revenue[2023Q2]))").Bind(Universe, "E000", functions);
        var results = new QueryResult[Universe.Entities.Count];
        bound.EvaluateMany(Universe.Entities, results);
        int known = results.Count(r => !r.IsNa);
        Assert.True(known > 40 && known < Universe.Entities.Count, $"{known} entities have a value");
        // The peer values call probe once per entity with a value, before the entities are evaluated; each entity
        // then reads its own. Without the reuse each entity would call it twice.
        Assert.Equal(known, probe.Calls);
        // Evaluated one by one by a fresh binding, the first entity computes its own value before the peer values.
        probe.Calls = 0;
        var fresh = Query.Parse(bound.Query.Text).Bind(Universe, "E000", functions);
        foreach (var e in Universe.Entities) fresh.Evaluate(e);
        Assert.Equal(known + 1, probe.Calls);
        var plain = Universe.Entities.Select(e => bound.Explain(e)).ToArray();
        Assert.Equal(plain.Select(r => r.Display), results.Select(r => r.Display));
        // A let whose definition is the argument's text stands for it too.
        probe.Calls = 0;
        var let = Query.Parse("let g = probe(revenue[2023Q2]); g - peer_median(probe(revenue[2023Q2]))").Bind(Universe, "E000", functions);
        var viaLet = new QueryResult[Universe.Entities.Count];
        let.EvaluateMany(Universe.Entities, viaLet);
        Assert.Equal(known, probe.Calls);
        Assert.Equal(results.Select(r => r.Display), viaLet.Select(r => r.Display));
    }

    [Theory]
    // Entities with a gap (2023Q2) take other work than full ones.
    [InlineData("sum(revenue, 2021Q1..2023Q4) - peer_max(sum(revenue, 2021Q1..2023Q4))", "sum(revenue,2021Q1..2023Q4) - peer_max(sum(revenue, 2021Q1..2023Q4))", 100, 4000, 13)]
    // Every entity reports each quarter of 2022; the bound entity's own series is read by a fast path, for less work.
    [InlineData("sum(revenue, 2022Q1..2022Q4) - peer_max(sum(revenue, 2022Q1..2022Q4))", "sum(revenue,2022Q1..2022Q4) - peer_max(sum(revenue, 2022Q1..2022Q4))", 1, 1000, 3)]
    public void The_reused_value_is_charged_the_work_that_computing_it_took(string reused, string computed, int from, int to, int step)
    {
        // The same text with other spacing binds to the same expression but is not the peer argument's text, so it
        // is computed: under every work limit, both queries fail or succeed alike, entity by entity.
        int limits = 0, failing = 0;
        for (long limit = from; limit <= to; limit += step)
        {
            var options = new QueryOptions { MaxWork = limit };
            string? Outcome(string text)
            {
                var results = new QueryResult[Universe.Entities.Count];
                try
                {
                    Query.Parse(text, options).Bind(Universe, "E000").EvaluateMany(Universe.Entities, results);
                    return string.Join("|", results.Select(r => r.Display));
                }
                catch (FinQueryException)
                {
                    return null;
                }
            }
            var expected = Outcome(computed);
            Assert.Equal(expected, Outcome(reused));
            limits++;
            if (expected is null) failing++;
        }
        // The limits cover both outcomes.
        Assert.InRange(failing, 1, limits - 1);
    }
}
