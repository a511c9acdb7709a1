namespace FinQuery.Tests.Screens;

/// <summary>The peer functions on a hand-checked universe: NA skipped, ties sharing the best rank, computed once.</summary>
public class PeerTests
{
    private static readonly Dataset Small = ScreenData.Small();

    private static QueryResult For(string text, string entity) => Query.Parse(text).Bind(Small, entity).Evaluate();

    [Theory]
    [InlineData("peer_median(x[2023])", 7)]
    [InlineData("peer_mean(x[2023])", 6.75)]
    [InlineData("peer_min(x[2023])", 3)]
    [InlineData("peer_max(x[2023])", 10)]
    [InlineData("peer_count(x[2023])", 4)]
    [InlineData("peer_median(x[2022])", 5)] // A 8, B 5, C 9, D 1, F 4 (E has none): 1 4 5 8 9, an odd count
    [InlineData("peer_count(x[2022])", 5)]
    public void Aggregates_skip_NA(string text, double expected)
    {
        foreach (var entity in new[] { "A", "E", "F" }) Assert.Equal(expected, For(text, entity).Number);
    }

    [Theory]
    [InlineData("A", 1)]
    [InlineData("B", 2)]
    [InlineData("C", 2)]
    [InlineData("D", 4)]
    public void Equal_values_share_the_best_rank(string entity, double rank) =>
        Assert.Equal(rank, For("peer_rank(x[2023])", entity).Number);

    [Fact]
    public void The_rank_of_an_NA_value_is_that_NA()
    {
        var r = For("peer_rank(x[2023])", "E");
        Assert.True(r.IsNa);
        Assert.Equal("no x for 2023", r.Reason);
    }

    [Fact]
    public void A_median_of_an_even_count_averages_the_middle_two_and_of_nothing_is_NA()
    {
        // x[2023] − x[2022]: A 2, B 2, C −2, D 2 (E and F are NA): −2 2 2 2, median (2 + 2) / 2; A 2, C −2 only: 0.
        Assert.Equal(2, For("peer_median(x[2023] - x[2022])", "A").Number);
        Assert.Equal(0, For("peer_median(if(x[2023] - x[2022] < 0 or x[2023] = 10, x[2023] - x[2022], x[2019]))", "A").Number);
        var none = For("peer_median(x[2019])", "A");
        Assert.True(none.IsNa);
        Assert.Equal("no entity has a value of x[2019]", none.Reason);
        Assert.Equal(0, For("peer_count(x[2019])", "A").Number);
    }

    [Fact]
    public void Peers_keep_the_unit_and_compare_with_the_entity()
    {
        var bound = Query.Parse("x[2023] > peer_median(x[2023])").Bind(Small, "A");
        Assert.Equal("USD", Query.Parse("peer_max(x[2023])").Bind(Small, "A").Unit);
        Assert.Equal([true, false, false, false], Small.Entities.Take(4).Select(e => bound.Evaluate(e).Bool!.Value));
        var max = Query.Parse("peer_max(yoy(x, 2023))").Bind(Small, "A").Evaluate();
        Assert.Equal(2, max.Number, 12);
        Assert.Equal("%", max.Unit);
    }

    [Fact]
    public void A_lets_value_is_evaluated_per_entity_inside_a_peer()
    {
        // g is +25% for A; the peers' g are A +25%, B +40%, C −22.2%, D +200%: B and D are above A.
        var r = For("let g = yoy(x, 2023); peer_rank(g)", "A");
        Assert.Equal(3, r.Number);
        Assert.Equal(2, For("let g = yoy(x, 2023); peer_rank(g)", "B").Number);
    }

    [Fact]
    public void Explain_gives_the_same_value_and_records_the_peers_observations()
    {
        var bound = Query.Parse("peer_median(x[2023])").Bind(Small, "A");
        var explained = bound.Explain();
        Assert.Equal(7, explained.Number);
        Assert.Contains(explained.Provenance!.Entries, e => e.Entity == "D");
    }

    [Theory]
    [InlineData("peer_median(x)", "peer_median expects a number (for example revenue[2023]), found")]
    [InlineData("peer_rank(x[2023] > 1)", "peer_rank expects a number")]
    [InlineData("peer_count()", "peer_count")]
    public void A_peer_of_something_other_than_a_number_is_a_bind_error(string text, string message)
    {
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse(text).Bind(Small, "A"));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void A_peer_argument_is_evaluated_once_per_entity_of_the_universe()
    {
        var universe = ScreenData.Generated();
        var probe = new CountingProbe();
        var functions = probe.Functions;
        var bound = Query.Parse("probe(revenue[2023Q1]) - peer_median(probe(revenue[2023Q1])) + peer_rank(probe(revenue[2023Q1]))").Bind(universe, "E000", functions);
        int n = universe.Entities.Count;
        var results = new QueryResult[n];
        bound.EvaluateMany(universe.Entities, results);
        // Each peer node evaluates its argument once per entity (2n), before the entities are evaluated. Each
        // entity's own term is the peer argument: it is read from the peer values.
        Assert.Equal(2 * n, probe.Calls);
        // In parallel too: the peer values are computed by ranges of entities first.
        probe.Calls = 0;
        var parallel = Query.Parse(bound.Query.Text).Bind(universe, "E000", functions);
        parallel.EvaluateMany(universe.Entities, results, parallel: true);
        Assert.Equal(2 * n, probe.Calls);
        // The data's own entity list is the default universe: evaluating entity by entity finds the peers computed,
        // and each entity's own term with them.
        probe.Calls = 0;
        foreach (var e in universe.Entities) bound.Evaluate(e);
        Assert.Equal(0, probe.Calls);
        // A fresh bound query evaluated entity by entity computes each peer node once too; the first entity's own
        // term is computed before them.
        probe.Calls = 0;
        var fresh = Query.Parse(bound.Query.Text).Bind(universe, "E000", functions);
        foreach (var e in universe.Entities) fresh.Evaluate(e);
        Assert.Equal(2 * n + 1, probe.Calls);
        // A screen's smaller universe is its own computation.
        probe.Calls = 0;
        var half = universe.Entities.Take(n / 2).ToArray();
        bound.EvaluateMany(half, results);
        Assert.Equal(2 * (n / 2), probe.Calls);
    }

    [Fact]
    public void The_peer_values_of_earlier_universes_are_kept_while_their_lists_live()
    {
        var universe = ScreenData.Generated();
        var probe = new CountingProbe();
        var functions = probe.Functions;
        var bound = Query.Parse("peer_mean(probe(revenue[2023Q1]))").Bind(universe, "E000", functions);
        var first = universe.Entities.Take(50).ToArray();
        var second = universe.Entities.Skip(50).ToArray();
        var results = new QueryResult[universe.Entities.Count];
        bound.EvaluateMany(first, results);
        var mean = results[0].Number;
        bound.EvaluateMany(second, results);
        Assert.Equal(50 + 150, probe.Calls);
        Assert.NotEqual(mean, results[0].Number);
        // The first list again, then the second: both found, none computed again.
        bound.EvaluateMany(first, results);
        Assert.Equal(mean, results[0].Number);
        bound.EvaluateMany(second, results);
        Assert.Equal(200, probe.Calls);
        GC.KeepAlive(first);
    }

    [Fact]
    public void A_universe_given_to_EvaluateMany_is_the_peers_universe()
    {
        var bound = Query.Parse("peer_rank(x[2023])").Bind(Small, "A");
        var results = new QueryResult[2];
        bound.EvaluateMany([Small.FindEntity("B")!, Small.FindEntity("D")!], results);
        Assert.Equal(1, results[0].Number);
        Assert.Equal(2, results[1].Number);
    }
}
