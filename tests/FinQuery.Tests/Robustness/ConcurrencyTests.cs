using System.Collections.Concurrent;
using FinQuery.Tests.Evaluation;
using FsCheck.Fluent;

namespace FinQuery.Tests.Robustness;

/// <summary>
/// Concurrency (issue 6): one bound query evaluated on 8 threads × 10,000 times gives exactly the
/// single-threaded results — the same bits for every number, the same display text — against a shared
/// dataset, against distinct datasets at once, and for distinct entities of one dataset.
/// (There is no query cache in the library yet, so there is nothing to check for staying bounded.)
/// </summary>
public class ConcurrencyTests
{
    private const int Threads = 8;
    private const int Iterations = 10_000;

    /// <summary>What every caller may see of a result, with provenance when explained.</summary>
    private static string Observe(BoundQuery q, Entity? entity, bool explain)
    {
        var r = explain ? q.Explain(entity) : q.Evaluate(entity);
        return explain ? Guard.Render(r) + "\n" + r.Provenance : Guard.Render(r);
    }

    /// <summary>
    /// Runs <paramref name="jobs"/> round-robin: thread t does evaluations t, t + 8, … of 80,000, all threads
    /// released at once; every observation must equal the single-threaded one.
    /// </summary>
    private static void Hammer(IReadOnlyList<(BoundQuery Query, Entity? Entity)> jobs)
    {
        var expected = jobs.Select((j, i) => Observe(j.Query, j.Entity, i % 10 == 0)).ToArray();
        var mismatches = new ConcurrentQueue<string>();
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int k = 0; k < Iterations; k++)
            {
                int i = (t * 7919 + k) % jobs.Count; // each thread walks the jobs from a different place
                string seen;
                try
                {
                    seen = Observe(jobs[i].Query, jobs[i].Entity, i % 10 == 0);
                }
                catch (Exception ex)
                {
                    seen = "threw " + ex;
                }
                if (seen != expected[i] && mismatches.Count < 5)
                    mismatches.Enqueue($"thread {t}, job {i} ({jobs[i].Query.Query.Text}):\n  expected {expected[i]}\n  seen     {seen}");
            }
        })).ToList();
        threads.ForEach(th => th.Start());
        threads.ForEach(th => th.Join());
        Assert.True(mismatches.IsEmpty, string.Join("\n", mismatches));
    }

    /// <summary>The queries of the function case file that evaluate (the error cases aside).</summary>
    private static readonly string[] CaseQueries = CaseFile.Read("functions.cases")
        .Where(c => !((string)c[1]).StartsWith("error @", StringComparison.Ordinal))
        .Select(c => (string)c[0])
        .ToArray();

    [Fact]
    public void One_shared_dataset_8_threads_10000_evaluations_match_the_single_threaded_results()
    {
        var data = CaseFile.TestData;
        var jobs = CaseQueries.Select(q => (Query.Parse(q).Bind(data), (Entity?)data.DefaultEntity)).ToList();
        Assert.True(jobs.Count > 50);
        Hammer(jobs);
    }

    private static readonly string[] FuzzQueries =
    [
        "rev", "yoy(rev)", "qoq(rev)", "ttm(rev)", "sum(rev, 2019..2024)", "avg(rev, 2019Q1..2024Q4)", "count(rev * 2, 0001-01-01..9999-12-31)",
        "let m = rev / lag(rev, 1); m", "first(rev > 100)", "last(rev < 0)", "surprise(rev)", "beat(rev)", "stock", "stock[2022]", "eps",
        "max(eps, ..9999)", "abs(rev - lag(rev, 4))", "round(rev / 3, 2)", "B.rev + 0", "ytd(rev, 2023Q2)", "growth(rev, 2022Q1, 2023Q1)",
    ];

    [Fact]
    public void Distinct_datasets_evaluated_at_once_match_their_single_threaded_results()
    {
        // Eight random datasets (quarterly, yearly, daily, June years, zero and negative values); each query is
        // bound per dataset, and every thread evaluates queries of every dataset.
        var datasets = FuzzGen.Data.Sample(Threads, 10).Select(d => d.Build()).ToList();
        var jobs = new List<(BoundQuery, Entity?)>();
        foreach (var data in datasets)
        {
            foreach (var q in FuzzQueries)
            {
                if (!Query.TryParse(q, out var query, out _)) throw new InvalidOperationException(q);
                try
                {
                    jobs.Add((query.Bind(data), data.DefaultEntity));
                }
                catch (FinQueryException)
                {
                    // a metric this random dataset lacks
                }
            }
        }
        Assert.True(jobs.Count >= datasets.Count * 5, $"only {jobs.Count} queries bound");
        Hammer(jobs);
    }

    [Fact]
    public void One_bound_query_screens_distinct_entities_at_once()
    {
        // A universe of 200 entities, their revenue differing; one bound query per text, evaluated for each entity.
        var builder = new DatasetBuilder();
        for (int e = 0; e < 200; e++)
        {
            string id = $"CO{e:D3}";
            builder.AddEntity(id, fiscalYearEndMonth: e % 3 == 0 ? 6 : 12)
                .AddSeries(id, "rev", "USD", Aggregation.Sum, Enumerable.Range(0, 12).Select(i => KeyValuePair.Create(Period.OfQuarter(2021, 1) + i, (double)((e * 37 + i * 11) % 50 - 5))));
        }
        var data = builder.Build();
        string[] texts = ["yoy(rev, 2023Q4)", "ttm(rev)", "sum(rev, 2022)", "first(yoy(rev) > 10%)", "let g = yoy(rev); count(g, 2022Q1..2023Q4)"];
        var bound = texts.Select(t => Query.Parse(t).Bind(data, "CO000")).ToList();
        var jobs = data.Entities.SelectMany(e => bound.Select(b => (b, (Entity?)e))).ToList();
        Hammer(jobs);
    }
}
