using System.CommandLine;
using FinQuery.Sql;

namespace FinQuery.Cli;

/// <summary>
/// <c>--engine memory|duckdb</c> on the commands that evaluate queries: <c>duckdb</c> compiles each query to SQL
/// and runs it in embedded DuckDB over the loaded data (the same results; constructs the SQL compiler does not
/// translate are errors "not supported in SQL: …").
/// </summary>
internal static class Engine
{
    public static Option<string> Option() => new("--engine")
    {
        Description = "Where queries run: memory (default) or duckdb (compiled to SQL, run in embedded DuckDB).",
        DefaultValueFactory = _ => "memory",
    };

    /// <summary>
    /// Loads the data as <see cref="Commands.LoadData"/> does, or, for Parquet files of the facts table (a
    /// <c>.parquet</c> file or a folder of them), through DuckDB; opens the DuckDB engine when
    /// <paramref name="engineName"/> is <c>duckdb</c> (over the Parquet files themselves when they are the data).
    /// Null after reporting a failure (its exit code in <paramref name="exitCode"/>).
    /// </summary>
    public static Dataset? Load(string[]? sources, string? entity, string? engineName, Failures failures, out DuckDbEngine? engine, out int exitCode)
    {
        engine = null;
        exitCode = Program.Ok;
        if (engineName is not (null or "memory" or "duckdb"))
        {
            exitCode = failures.Usage($"unknown engine '{engineName}'; use memory or duckdb");
            return null;
        }
        bool duck = engineName == "duckdb";
        if (sources is [var only] && IsParquet(only))
        {
            DuckDbEngine? parquet = null;
            Dataset data;
            try
            {
                parquet = DuckDbEngine.OpenParquet(only);
                data = parquet.ReadDataset(only);
            }
            catch (DataFileException ex)
            {
                parquet?.Dispose();
                exitCode = failures.BadData(ex);
                return null;
            }
            if (entity is not null && data.FindEntity(entity) is null)
            {
                parquet.Dispose();
                exitCode = failures.Usage($"unknown entity '{entity}'; the data has {string.Join(", ", data.Entities.Select(e => e.Id))}");
                return null;
            }
            if (duck) engine = parquet;
            else parquet.Dispose();
            return data;
        }
        var loaded = Commands.LoadData(sources, entity, failures, out exitCode);
        if (loaded is not null && duck) engine = DuckDbEngine.Load(loaded);
        return loaded;
    }

    private static bool IsParquet(string path) =>
        path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) && File.Exists(path)
        || Directory.Exists(path) && Directory.EnumerateFiles(path, "*.parquet").Any();

    /// <summary>How a command evaluates one query (text, label): in memory, or through DuckDB when <paramref name="duck"/> is open.</summary>
    public static Func<string, string?, Outcome> Evaluator(DuckDbEngine? duck, Dataset data, string? entity, bool explain) =>
        duck is null
            ? (query, label) => Commands.Evaluate(data, entity, query, label, explain)
            : (query, label) => Evaluate(duck, data, entity, query, label);

    /// <summary>
    /// One claim checked through DuckDB: the verdict and both sides computed there. The facts table records no
    /// sources, so the observations the claim used (its sources, and what <c>--explain</c> prints) are read from
    /// the loaded data as the evaluator explains them.
    /// </summary>
    public static CheckedClaim Check(DuckDbEngine engine, BoundQuery bound, Outcome outcome, bool explain)
    {
        var claim = engine.Check(bound, null, bound.Explain().Provenance);
        // The observations are printed only when asked, as the in-memory check does.
        var result = explain ? claim.Result : DuckDbEngine.WithoutProvenance(claim.Result, bound);
        return new CheckedClaim(outcome with { Result = result }, claim);
    }

    /// <summary>One query's outcome through DuckDB.</summary>
    public static Outcome Evaluate(DuckDbEngine engine, Dataset data, string? entity, string query, string? label)
    {
        try
        {
            var bound = Query.Parse(query).Bind(data, entity);
            return new Outcome(query, label, engine.Evaluate(bound), null);
        }
        catch (FinQueryException ex)
        {
            return new Outcome(query, label, null, ex);
        }
    }
}
