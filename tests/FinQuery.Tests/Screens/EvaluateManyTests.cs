namespace FinQuery.Tests.Screens;

/// <summary><see cref="BoundQuery.EvaluateMany"/>: the same results as one evaluation per entity, in order, sequential or parallel.</summary>
public class EvaluateManyTests
{
    private static readonly Dataset Universe = ScreenData.Generated();

    [Theory]
    [InlineData("yoy(revenue, 2023Q2)")]
    [InlineData("sum(revenue, 2022Q1..2022Q4)")]
    [InlineData("ttm(revenue)")]
    [InlineData("peer_rank(yoy(revenue, 2023Q2))")]
    [InlineData("revenue[2023Q2] - peer_median(revenue[2023Q2])")]
    [InlineData("let g = yoy(revenue, 2023Q2); g > peer_mean(g)")]
    // The same value for every entity: evaluated once per call, each result written with its entity's calendar.
    [InlineData("peer_median(yoy(revenue, 2023Q2))")]
    [InlineData("peer_max(revenue[2023Q2]) - peer_min(revenue[2023Q2])")]
    [InlineData("let m = peer_mean(revenue[2023Q1]); if(m > 0, round(m, 1), -m)")]
    [InlineData("peer_count(revenue[2023Q2]) ~= 170")]
    [InlineData("2023Q2 + 1")]
    public void Equals_evaluating_each_entity(string text)
    {
        var bound = Query.Parse(text).Bind(Universe, "E000");
        var expected = Universe.Entities.Select(e => bound.Evaluate(e)).ToArray();
        // The data's own list (read by position) and another list of the same entities (checked one by one), whose
        // peer values are the same set's.
        var reversed = Universe.Entities.Reverse().ToArray();
        foreach (bool parallel in new[] { false, true })
        {
            var results = new QueryResult[Universe.Entities.Count];
            bound.EvaluateMany(Universe.Entities, results, parallel);
            AssertSame(expected, results);
            bound.EvaluateMany(reversed, results, parallel);
            AssertSame(expected.Reverse().ToArray(), results);
        }
        Assert.Contains(expected, r => !r.IsNa);
        // Every seventh entity lacks 2023Q2, so the comparison covers NA reasons too.
        if (text.Contains("[2023Q2]", StringComparison.Ordinal) && !text.Contains("peer_", StringComparison.Ordinal)) Assert.Contains(expected, r => r.IsNa);
    }

    private static void AssertSame(QueryResult[] expected, QueryResult[] results)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Display, results[i].Display);
            Assert.Equal(expected[i].Reason, results[i].Reason);
            Assert.Equal(expected[i].Kind, results[i].Kind);
            Assert.Equal(expected[i].Calendar, results[i].Calendar);
        }
    }

    [Fact]
    public void A_value_the_same_for_every_entity_is_written_with_each_entitys_calendar()
    {
        // E000 has a June fiscal year and is evaluated first; the others end in December.
        var bound = Query.Parse("2023Q2 + 1").Bind(Universe, "E000");
        var results = new QueryResult[Universe.Entities.Count];
        bound.EvaluateMany(Universe.Entities, results);
        Assert.Equal("FY2023Q3", results[0].Display);
        Assert.Equal("2023Q3", results[1].Display);
        Assert.Equal("FY2023Q3", results[11].Display);
    }

    [Fact]
    public void A_peer_answer_that_is_na_is_na_for_every_entity_with_its_reason()
    {
        var bound = Query.Parse("peer_median(revenue[1990Q1])").Bind(Universe, "E000");
        var results = new QueryResult[Universe.Entities.Count];
        bound.EvaluateMany(Universe.Entities, results, parallel: true);
        Assert.All(results, r => Assert.Equal("no entity has a value of revenue[1990Q1]", r.Reason));
    }

    [Fact]
    public void Only_queries_built_from_constants_and_universe_wide_peers_read_no_entity()
    {
        bool Free(string text) => BoundQuery.ReadsNoEntity(Query.Parse(text).Bind(Universe, "E000").Root);
        Assert.True(Free("peer_median(yoy(revenue, 2023Q2))"));
        Assert.True(Free("let m = peer_mean(revenue[2023Q1]); abs(m) > 1 and m < 5"));
        Assert.False(Free("revenue[2023Q2] - peer_median(revenue[2023Q2])"));
        Assert.False(Free("peer_rank(revenue[2023Q2])"));
        Assert.False(Free("days_between(2023Q1, 2023Q2)"));
        Assert.False(Free("asof(2024-01-01, peer_median(revenue[2023Q2]))"));
    }

    [Fact]
    public void Writes_into_a_slice_of_a_larger_buffer_and_rejects_a_short_one()
    {
        var bound = Query.Parse("revenue[2023Q1]").Bind(Universe, "E000");
        var entities = Universe.Entities.Take(3).ToArray();
        var buffer = new QueryResult[5];
        bound.EvaluateMany(entities, buffer.AsSpan(1));
        for (int i = 0; i < 3; i++) Assert.Equal(bound.Evaluate(entities[i]).Number, buffer[i + 1].Number);
        Assert.Throws<ArgumentException>(() => bound.EvaluateMany(entities, new QueryResult[2]));
    }

    [Fact]
    public void In_parallel_writes_every_result_into_its_place_in_a_slice_of_a_larger_buffer()
    {
        var bound = Query.Parse("yoy(revenue, 2023Q2)").Bind(Universe, "E000");
        var entities = Universe.Entities.ToList(); // a list, walked as a span like an array
        var buffer = new QueryResult[entities.Count + 9];
        bound.EvaluateMany(entities, buffer.AsSpan(7), parallel: true);
        // The slots around the slice are not written: a default result reads as NA.
        Assert.Equal("n/a: not evaluated", buffer[6].Display);
        Assert.Equal("n/a: not evaluated", buffer[^1].Display);
        Assert.Equal(ResultKind.NA, buffer[0].Kind);
        for (int i = 0; i < entities.Count; i++) Assert.Equal(bound.Evaluate(entities[i]).Display, buffer[i + 7].Display);
        // Any other list is copied first; the results are the same.
        var other = new QueryResult[entities.Count];
        bound.EvaluateMany(entities.AsReadOnly(), other, parallel: true);
        Assert.Equal(buffer.Skip(7).Take(entities.Count).Select(r => r.Display), other.Select(r => r.Display));
    }

    [Theory]
    [InlineData("peer_median(yoy(revenue, 2023Q2))")]
    [InlineData("yoy(revenue, 2023Q2) - peer_mean(yoy(revenue, 2023Q2))")]
    [InlineData("peer_rank(revenue[2023Q1]) + peer_count(revenue[2023Q2])")]
    public void Peer_values_computed_in_parallel_over_any_kind_of_list_are_the_sequential_ones(string text)
    {
        // A read-only wrapper is neither an array nor a list: the parallel ranges read a copy of it.
        var universe = Universe.Entities.Reverse().ToList().AsReadOnly();
        var sequential = new QueryResult[universe.Count];
        Query.Parse(text).Bind(Universe, "E000").EvaluateMany(universe, sequential);
        var parallel = new QueryResult[universe.Count];
        Query.Parse(text).Bind(Universe, "E000").EvaluateMany(universe, parallel, parallel: true);
        Assert.Equal(sequential.Select(r => r.Display), parallel.Select(r => r.Display));
        Assert.Equal(sequential.Select(r => r.Reason), parallel.Select(r => r.Reason));
        Assert.Contains(parallel, r => !r.IsNa);
    }

    [Fact]
    public void Rejects_an_entity_of_another_dataset()
    {
        var other = ScreenData.Generated(3, seed: 1);
        var bound = Query.Parse("revenue[2023Q1]").Bind(Universe, "E000");
        Assert.Throws<ArgumentException>(() => bound.EvaluateMany(other.Entities, new QueryResult[3]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_cancelled_token_stops_it(bool parallel)
    {
        var bound = Query.Parse("yoy(revenue, 2023Q2)").Bind(Universe, "E000");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => bound.EvaluateMany(Universe.Entities, new QueryResult[Universe.Entities.Count], parallel, cts.Token));
    }

    [Theory]
    [InlineData(false, "probe(revenue[2023Q1])")]
    [InlineData(true, "probe(revenue[2023Q1])")]
    [InlineData(false, "peer_median(probe(revenue[2023Q1]))")]
    [InlineData(true, "peer_median(probe(revenue[2023Q1]))")]
    public void Cancelling_midway_stops_it(bool parallel, string text)
    {
        using var cts = new CancellationTokenSource();
        int calls = 0;
        var functions = FunctionRegistry.CreateDefault().Register("probe", x =>
        {
            if (Interlocked.Increment(ref calls) == 20) cts.Cancel();
            return x;
        });
        var bound = Query.Parse(text).Bind(Universe, "E000", functions);
        Assert.ThrowsAny<OperationCanceledException>(() => bound.EvaluateMany(Universe.Entities, new QueryResult[Universe.Entities.Count], parallel, cts.Token));
        Assert.True(calls < Universe.Entities.Count, $"{calls} calls: the evaluation went on after the cancellation");
    }

    [Fact]
    public void An_over_budget_evaluation_is_a_query_error_in_parallel_too()
    {
        var bound = Query.Parse("peer_mean(sum(revenue, 2021Q1..2023Q4))", new QueryOptions { MaxWork = 50 }).Bind(Universe, "E000");
        var results = new QueryResult[Universe.Entities.Count];
        Assert.Throws<FinQueryException>(() => bound.EvaluateMany(Universe.Entities, results));
        Assert.Throws<FinQueryException>(() => bound.EvaluateMany(Universe.Entities, results, parallel: true));
    }
}
