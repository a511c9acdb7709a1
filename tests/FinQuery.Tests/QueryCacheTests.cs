using System.Collections.Concurrent;
using FinQuery.Tests.Evaluation;

namespace FinQuery.Tests;

public class QueryCacheTests
{
    private static Dataset Data => CaseFile.TestData;

    private static IEnumerable<(string Query, string Expected)> Cases() =>
        CaseFile.Read("functions.cases").Select(c => ((string)c[0], (string)c[1]));

    private static string Outcome(Func<QueryResult> evaluate)
    {
        try
        {
            var r = evaluate();
            return $"{r.Kind} {r.Display} {r.Unit} {r.NaKind}";
        }
        catch (FinQueryException ex)
        {
            return $"error {ex.Line}:{ex.Column}:{ex.Length} {ex.Message}";
        }
    }

    [Fact]
    public void Gives_the_same_results_as_uncached_evaluation_on_a_miss_and_on_a_hit()
    {
        var cache = new QueryCache(Data);
        foreach (var (query, _) in Cases())
        {
            string expected = Outcome(() => Query.Evaluate(query, Data));
            Assert.Equal(expected, Outcome(() => cache.Evaluate(query)));
            Assert.Equal(expected, Outcome(() => cache.Evaluate(query)));
        }
    }

    [Fact]
    public void A_hit_returns_the_bound_query_of_the_miss()
    {
        var cache = new QueryCache(Data);
        var first = cache.GetOrBind("yoy(revenue, 2023Q2)");
        Assert.Same(first, cache.GetOrBind("yoy(revenue, 2023Q2)"));
        Assert.NotSame(first, cache.GetOrBind("yoy(revenue,2023Q2)"));   // keys are the exact text
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Parse_and_bind_errors_are_not_cached_and_are_thrown_again_the_same_way()
    {
        var cache = new QueryCache(Data);
        foreach (var text in new[] { "yoy(revenue, ", "yoy(revnue, 2023Q2)", "revenue + 1 +* 2" })
        {
            var first = Assert.Throws<FinQueryException>(() => cache.Evaluate(text));
            var second = Assert.Throws<FinQueryException>(() => cache.Evaluate(text));
            Assert.Equal(first.Describe(), second.Describe());
            Assert.Equal(first.Describe(), Assert.Throws<FinQueryException>(() => Query.Parse(text).Bind(Data)).Describe());
        }
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Evaluates_for_the_cache_entity_or_the_entity_given()
    {
        var cache = new QueryCache(Data, entity: "JUNECO");
        var juneco = Data.FindEntity("JUNECO")!;
        var acme = Data.FindEntity("ACME")!;
        Assert.Equal(Query.Evaluate("ttm(revenue, 2023Q2)", Data, "JUNECO").Display, cache.Evaluate("ttm(revenue, 2023Q2)").Display);
        Assert.Equal(Query.Parse("ttm(revenue, 2023Q2)").Bind(Data).Evaluate(acme).Display, cache.Evaluate("ttm(revenue, 2023Q2)", acme).Display);
        Assert.Same(juneco, cache.GetOrBind("revenue").DefaultEntity);
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        Assert.Throws<ArgumentNullException>(() => new QueryCache(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new QueryCache(Data, capacity: 0));
        Assert.Throws<ArgumentException>(() => new QueryCache(Data, entity: "NOPE"));
        Assert.Throws<ArgumentNullException>(() => new QueryCache(Data).Evaluate(null!));
    }

    [Fact]
    public void Evicts_by_clock_keeping_entries_hit_since_the_last_sweep()
    {
        var cache = new QueryCache(Data, capacity: 4);
        var a = cache.GetOrBind("revenue[2023Q2] + 1");
        var b = cache.GetOrBind("revenue[2023Q2] + 2");
        cache.GetOrBind("revenue[2023Q2] + 3");
        cache.GetOrBind("revenue[2023Q2] + 4");
        Assert.Same(a, cache.GetOrBind("revenue[2023Q2] + 1"));   // a hit: a gets a second chance
        cache.GetOrBind("revenue[2023Q2] + 5");                    // full: the hand spares a, evicts b
        Assert.Equal(4, cache.Count);
        Assert.Same(a, cache.GetOrBind("revenue[2023Q2] + 1"));
        Assert.NotSame(b, cache.GetOrBind("revenue[2023Q2] + 2"));
        Assert.Equal(4, cache.Count);
        cache.Clear();
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Stays_bounded_and_correct_under_eight_threads_of_distinct_texts()
    {
        const int Capacity = 64, Threads = 8, PerThread = 1500;
        var cache = new QueryCache(Data, capacity: Capacity);
        double revenue = Query.Evaluate("revenue[2023Q2]", Data).Number;
        var errors = new ConcurrentQueue<string>();
        int maxSeen = 0;
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < PerThread; i++)
            {
                // Mostly distinct texts, with a few shared hot ones that every thread hits.
                int n = i % 10 == 0 ? i % 7 : t * PerThread + i;
                var r = cache.Evaluate($"revenue[2023Q2] + {n}");
                if (r.Number != revenue + n) errors.Enqueue($"{n}: {r.Display}");
                int count = cache.Count;
                int seen;
                while (count > (seen = Volatile.Read(ref maxSeen)) && Interlocked.CompareExchange(ref maxSeen, count, seen) != seen)
                {
                }
            }
        })).ToList();
        threads.ForEach(th => th.Start());
        threads.ForEach(th => th.Join());
        Assert.Empty(errors);
        Assert.InRange(maxSeen, 1, Capacity);
        Assert.InRange(cache.Count, 1, Capacity);
    }
}
