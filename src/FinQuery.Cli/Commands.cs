namespace FinQuery.Cli;

/// <summary>
/// One query's outcome: a result or an error. A query read from a file knows its file, line and the column
/// where the query text starts on that line, so errors point into the file.
/// </summary>
internal sealed record Outcome(string Query, string? Label, QueryResult? Result, FinQueryException? Error)
{
    public string? File { get; init; }

    public int SourceLine { get; init; }

    public int SourceColumn { get; init; } = 1;

    /// <summary>The source line as written (label included), for the caret under a file error.</summary>
    public string? SourceText { get; init; }

    /// <summary>The line of the error: the file line for a query from a file, else the line within the query.</summary>
    public int ErrorLine => Error is null ? 0 : SourceLine > 0 ? SourceLine + Error.Line - 1 : Error.Line;

    /// <summary>The column of the error on <see cref="ErrorLine"/>.</summary>
    public int ErrorColumn => Error is null ? 0 : SourceLine > 0 && Error.Line == 1 ? SourceColumn + Error.Column - 1 : Error.Column;
}

/// <summary>What eval, run and the REPL share: loading the data and evaluating a query.</summary>
internal static class Commands
{
    /// <summary>Loads the data and checks the entity, or reports why not (exit code 2) and returns null.</summary>
    public static Dataset? LoadData(IReadOnlyList<string>? sources, string? entity, Failures failures, out int exitCode)
    {
        exitCode = Program.Ok;
        Dataset data;
        try
        {
            data = DataSource.Load(sources);
        }
        catch (DataFileException ex)
        {
            exitCode = failures.BadData(ex);
            return null;
        }
        if (entity is not null && data.FindEntity(entity) is null)
        {
            exitCode = failures.Usage($"unknown entity '{entity}'; the data has {string.Join(", ", data.Entities.Select(e => e.Id))}");
            return null;
        }
        return data;
    }

    public static Outcome Evaluate(Dataset data, string? entity, string query, string? label, bool explain, CancellationToken cancellation = default, FunctionRegistry? functions = null)
    {
        try
        {
            var bound = Query.Parse(query).Bind(data, entity, functions);
            var result = explain ? bound.Explain(null, cancellation) : bound.Evaluate(null, cancellation);
            return new Outcome(query, label, result, null);
        }
        catch (FinQueryException ex)
        {
            return new Outcome(query, label, null, ex);
        }
    }

    /// <summary>Prints the outcomes in the chosen format; 1 when a query failed, else 0.</summary>
    public static int Report(List<Outcome> outcomes, OutputFormat format, bool explain, CliStreams io)
    {
        switch (format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(outcomes, io.Out);
                break;
            case OutputFormat.Csv:
                CsvOutput.WriteOutcomes(outcomes, io.Out);
                WriteErrors(outcomes, io.Err);
                break;
            case OutputFormat.Table:
                TextOutput.WriteTable(outcomes, explain, io.Out);
                WriteErrors(outcomes, io.Err);
                break;
            default:
                TextOutput.WriteList(outcomes, explain, io.Out, io.Err);
                break;
        }
        return outcomes.Any(o => o.Error is not null) ? Program.QueryError : Program.Ok;
    }

    private static void WriteErrors(List<Outcome> outcomes, TextWriter stderr)
    {
        foreach (var o in outcomes.Where(o => o.Error is not null)) TextOutput.WriteError(o, stderr);
    }
}
