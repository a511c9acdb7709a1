using System.CommandLine;

namespace FinQuery.Cli;

/// <summary>One line of a claims file: the query's outcome and, when it evaluated as a claim, the verdict.</summary>
internal sealed record CheckedClaim(Outcome Outcome, Claim? Claim);

/// <summary>
/// <c>finq check FILE.fq</c>: runs a file of claims and prints each one's verdict. Exit codes: 0 every claim holds,
/// 3 a claim fails or is n/a, 1 a line is not a valid claim (the others still run), 2 bad usage or data.
/// </summary>
internal static class CheckCommand
{
    public const int ClaimsDoNotHold = 3;

    public static Command Create(CliStreams io)
    {
        var data = CliOptions.Data();
        var entity = CliOptions.Entity();
        var explain = CliOptions.Explain();
        var format = new FormatOptions(OutputFormat.Table, markdown: true);
        var file = new Argument<string>("file")
        {
            Description = "A claims file: one claim per line (a query that is true or false, such as revenue[2023Q2] ~= 32B), # comments, optional 'label: claim'.",
        };
        var plot = PlotCommand.FolderOption();
        var engine = Engine.Option();
        var command = new Command("check", "Check a file of claims against the data: a verdict on each (exit code 3 when one fails or is n/a).")
        {
            data, entity, explain, plot, file, engine,
        };
        format.AddTo(command);
        command.SetAction(r => Run(r.GetValue(file)!, r.GetValue(data), r.GetValue(entity), format.Get(r), r.GetValue(explain), io, r.GetValue(plot), r.GetValue(engine)));
        return command;
    }

    public static int Run(string path, string[]? dataSources, string? entity, OutputFormat format, bool explain, CliStreams io, string? plotFolder = null, string? engine = null)
    {
        var failures = io.Failures(format);
        if (Directory.Exists(path))
            return failures.Usage($"{path} is a folder; finq check takes one claims file", "Write the path of a .fq file, e.g. finq check samples/meta-q2-2023/claims.fq");
        if (!File.Exists(path))
            return failures.Fail(Program.UsageError, $"no claims file {path}", file: path, hint: "Write the path of a .fq file, e.g. finq check samples/meta-q2-2023/claims.fq");
        List<QueryFile.Entry> entries;
        try
        {
            entries = QueryFile.Read(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return failures.Fail(Program.UsageError, $"cannot read claims file {path}: {ex.Message}", file: path);
        }
        if (entries.Count == 0)
            return failures.Fail(Program.UsageError, $"{path} has no claims: every line is blank or a # comment", file: path,
                hint: "Write one claim per line, such as: Revenue was $32 billion: revenue[2023Q2] ~= 32B");
        var dataset = Engine.Load(dataSources, entity, engine, failures, out var duck, out int code);
        if (dataset is null) return code;

        List<CheckedClaim> claims;
        using (duck) claims = entries.Select(e => Check(dataset, entity, e, path, explain, duck)).ToList();
        switch (format)
        {
            case OutputFormat.Json:
                CheckOutput.WriteJson(claims, io.Out);
                break;
            case OutputFormat.Csv:
                CheckOutput.WriteCsv(claims, io.Out);
                CheckOutput.WriteErrors(claims, io.Err);
                break;
            case OutputFormat.Markdown:
                CheckOutput.WriteMarkdown(claims, explain, io.Out);
                CheckOutput.WriteErrors(claims, io.Err);
                break;
            default:
                CheckOutput.WriteTable(claims, explain, io.Out);
                CheckOutput.WriteErrors(claims, io.Err);
                break;
        }
        if (plotFolder is not null && !PlotCommand.DrawBehind(plotFolder, claims.Select(c => c.Outcome), dataset, entity, io.Err, io.Err)) return Program.UsageError;
        if (claims.Any(c => c.Claim is null)) return Program.QueryError;
        return claims.All(c => c.Claim!.Verdict == ClaimVerdict.Holds) ? Program.Ok : ClaimsDoNotHold;
    }

    private static CheckedClaim Check(Dataset data, string? entity, QueryFile.Entry entry, string path, bool explain, Sql.DuckDbEngine? duck)
    {
        var outcome = new Outcome(entry.Query, entry.Label, null, null)
        {
            File = path,
            SourceLine = entry.Line,
            SourceColumn = entry.Column,
            SourceText = entry.Text,
        };
        try
        {
            var bound = Query.Parse(entry.Query).Bind(data, entity);
            if (duck is not null) return Engine.Check(duck, bound, outcome, explain);
            var claim = bound.Check();
            // A verdict always records the observations it used (for its sources); they are printed only when asked.
            var result = explain ? claim.Result : bound.Evaluate();
            return new CheckedClaim(outcome with { Result = result }, claim);
        }
        catch (FinQueryException ex)
        {
            return new CheckedClaim(outcome with { Error = ex }, null);
        }
    }
}
