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

    /// <summary>The DuckDB engine over <paramref name="data"/> when <paramref name="name"/> asks for it; null for memory. False after a usage error.</summary>
    public static bool TryOpen(string? name, Dataset data, Failures failures, out DuckDbEngine? engine, out int exitCode)
    {
        engine = null;
        exitCode = Program.Ok;
        switch (name)
        {
            case null or "memory":
                return true;
            case "duckdb":
                engine = DuckDbEngine.Load(data);
                return true;
            default:
                exitCode = failures.Usage($"unknown engine '{name}'; use memory or duckdb");
                return false;
        }
    }

    /// <summary>How a command evaluates one query (text, label): in memory, or through DuckDB when <paramref name="duck"/> is open.</summary>
    public static Func<string, string?, Outcome> Evaluator(DuckDbEngine? duck, Dataset data, string? entity, bool explain) =>
        duck is null
            ? (query, label) => Commands.Evaluate(data, entity, query, label, explain)
            : (query, label) => Evaluate(duck, data, entity, query, label);

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
