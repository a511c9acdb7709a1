using FinQuery.Sql;
using Xunit.Abstractions;

namespace FinQuery.Sql.Tests;

/// <summary>
/// The evaluator's case files (functions.cases, claims.cases over testdata.json) run through DuckDB: every query
/// the SQL compiler accepts gives the in-memory display, NA reasons included; the rest are refused with a
/// positioned "not supported in SQL" error. The counts are printed and pinned from below, so that support can
/// only grow.
/// </summary>
public sealed class CaseFileTests(ITestOutputHelper output)
{
    private static readonly string CasesFolder = Path.Combine(AppContext.BaseDirectory, "Cases");

    private static IEnumerable<string> Queries(string file) =>
        File.ReadAllLines(Path.Combine(CasesFolder, file))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l[..l.LastIndexOf(" => ", StringComparison.Ordinal)]);

    [Theory]
    [InlineData("functions.cases", 85)]
    [InlineData("claims.cases", 45)]
    public void Accepted_cases_equal_the_evaluator(string file, int minimumAccepted)
    {
        var data = Dataset.LoadJson(Path.Combine(CasesFolder, "testdata.json"));
        using var engine = DuckDbEngine.Load(data);
        int rejected = 0, unbound = 0;
        var accepted = new List<(string Text, BoundQuery Bound, SqlQuery Sql)>();
        var reasons = new Dictionary<string, int>();
        foreach (var text in Queries(file))
        {
            BoundQuery bound;
            try
            {
                bound = Query.Parse(text).Bind(data);
            }
            catch (FinQueryException)
            {
                unbound++;
                continue;
            }
            try
            {
                accepted.Add((text, bound, SqlQuery.Compile(bound, bound.DefaultEntity)));
            }
            catch (FinQueryException ex) when (ex.Message.StartsWith("not supported in SQL: ", StringComparison.Ordinal))
            {
                rejected++;
                string what = ex.Message["not supported in SQL: ".Length..];
                reasons[what] = reasons.GetValueOrDefault(what) + 1;
                Assert.True(ex.Length > 0, $"{text}: the error has no span");
            }
        }
        // The accepted queries run a dozen to a statement.
        var failures = new List<string>();
        foreach (var batch in accepted.Chunk(12))
        {
            var rows = engine.RunBatch([.. batch.Select(a => a.Sql)]);
            for (int i = 0; i < batch.Length; i++)
            {
                var (text, bound, _) = batch[i];
                var expected = bound.Evaluate();
                var actual = rows[i][bound.DefaultEntity!.Id];
                if (!Same.Results(expected, actual)) failures.Add($"{text}: in memory {expected.Display}, DuckDB {actual.Display}");
            }
        }
        output.WriteLine($"{file}: {accepted.Count} accepted, {rejected} not supported in SQL, {unbound} do not bind");
        foreach (var (what, n) in reasons.OrderByDescending(r => r.Value)) output.WriteLine($"  {n} × {what}");
        Assert.Empty(failures);
        Assert.True(accepted.Count >= minimumAccepted, $"only {accepted.Count} accepted");
    }
}
