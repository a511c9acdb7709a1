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

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var data = new Option<string?>("--data", "-d") { Description = "A data file (.json or .csv); the bundled Meta Q2 2023 sample when omitted." };
        var entity = new Option<string?>("--entity", "-e") { Description = "The entity bare metric names refer to (default: the data's defaultEntity, else its only entity)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON array, an object per claim, with its verdict." };
        var format = new Option<string>("--format") { Description = "text (a table, the default), markdown (a table to paste into a review) or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "markdown", "json");
        var explain = new Option<bool>("--explain") { Description = "Show the observations and derivations behind each verdict." };
        var file = new Argument<string>("file") { Description = "A claims file: one claim per line (a query that is true or false, such as revenue[2023Q2] ~= 32B), # comments, optional 'label: claim'." };
        var command = new Command("check", "Check a file of claims against the data: a verdict for each, and where its figures come from.")
        {
            data, entity, json, format, explain, file,
        };
        command.SetAction(r =>
        {
            string chosen = r.GetValue(format)!;
            if (r.GetValue(json))
            {
                if (r.GetResult(format) is { Implicit: false } && chosen != "json")
                {
                    stderr.WriteLine($"finq: --json and --format {chosen} ask for two formats; choose one");
                    return Program.UsageError;
                }
                chosen = "json";
            }
            return Run(r.GetValue(file)!, r.GetValue(data), r.GetValue(entity), chosen, r.GetValue(explain), stdout, stderr);
        });
        return command;
    }

    public static int Run(string path, string? dataPath, string? entity, string format, bool explain, TextWriter stdout, TextWriter stderr)
    {
        if (Directory.Exists(path))
        {
            stderr.WriteLine($"finq: {path} is a directory; give a claims file such as samples/meta-q2-2023/claims.fq");
            return Program.UsageError;
        }
        if (!File.Exists(path))
        {
            stderr.WriteLine($"finq: no claims file {path}");
            return Program.UsageError;
        }
        List<QueryFile.Entry> entries;
        try
        {
            entries = QueryFile.Read(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"finq: cannot read claims file {path}: {ex.Message}");
            return Program.UsageError;
        }
        if (entries.Count == 0)
        {
            stderr.WriteLine($"finq: {path} has no claims: every line is blank or a # comment");
            return Program.UsageError;
        }
        var dataset = DataSource.TryLoad(dataPath, stderr);
        if (dataset is null || !Commands.CheckEntity(dataset, entity, stderr)) return Program.UsageError;

        var checkedClaims = entries.Select(e => Check(dataset, entity, e, explain)).ToList();
        switch (format)
        {
            case "json": CheckOutput.WriteJson(checkedClaims, stdout); break;
            case "markdown": CheckOutput.WriteMarkdown(checkedClaims, explain, stdout); break;
            default: CheckOutput.WriteTable(checkedClaims, explain, stdout); break;
        }
        if (format != "json") CheckOutput.WriteErrors(checkedClaims, stderr, path);
        if (checkedClaims.Any(c => c.Claim is null)) return Program.QueryError;
        return checkedClaims.All(c => c.Claim!.Verdict == ClaimVerdict.Holds) ? Program.Ok : ClaimsDoNotHold;
    }

    private static CheckedClaim Check(Dataset data, string? entity, QueryFile.Entry entry, bool explain)
    {
        try
        {
            var bound = Query.Parse(entry.Query).Bind(data, entity);
            var claim = bound.Check();
            // The verdict always records what it used (for the sources); the output shows it only when asked.
            var result = explain ? claim.Result : bound.Evaluate();
            return new CheckedClaim(new Outcome(entry.Query, entry.Label, result, null, entry.Line), claim);
        }
        catch (FinQueryException ex)
        {
            return new CheckedClaim(new Outcome(entry.Query, entry.Label, null, ex, entry.Line), null);
        }
    }
}
