using Spectre.Console;
using Spectre.Console.Rendering;

namespace FinQuery.Cli;

/// <summary>Human-readable output: results, errors with a caret under the column, and the fact-check table.</summary>
internal static class TextOutput
{
    public static void WriteList(List<Outcome> outcomes, bool explain, TextWriter stdout, TextWriter stderr)
    {
        bool many = outcomes.Count > 1;
        foreach (var o in outcomes)
        {
            if (o.Error is not null)
            {
                WriteError(o, stderr);
                continue;
            }
            var r = o.Result!.Value;
            stdout.WriteLine(many ? $"{o.Query}  =>  {r.Display}" : r.Display);
            if (explain) WriteProvenance(r, stdout);
        }
    }

    public static void WriteError(Outcome o, TextWriter stderr, string? fileName = null)
    {
        var e = o.Error!;
        string where = fileName is null ? $"line {e.Line}, column {e.Column}" : $"{fileName}:{o.SourceLine}, query column {e.Column}";
        stderr.WriteLine($"error: {e.Message} ({where})");
        stderr.WriteLine(Caret(o.Query, e));
    }

    /// <summary>The query line holding the error, and a caret under the column (a run of them under the span).</summary>
    public static string Caret(string query, FinQueryException e)
    {
        var lines = query.Split('\n');
        string line = e.Line >= 1 && e.Line <= lines.Length ? lines[e.Line - 1].TrimEnd('\r') : "";
        int col = Math.Clamp(e.Column, 1, line.Length + 1);
        int width = Math.Clamp(e.Length, 1, Math.Max(1, line.Length - col + 1));
        return $"  {line}\n  {new string(' ', col - 1)}{new string('^', width)}";
    }

    public static void WriteProvenance(QueryResult r, TextWriter stdout)
    {
        if (r.Provenance is null || r.Provenance.Entries.Count == 0) return;
        foreach (var entry in r.Provenance.Entries) stdout.WriteLine($"    {entry}");
    }

    public static void WriteTable(List<Outcome> outcomes, bool explain, TextWriter stdout, TextWriter stderr, string? fileName)
    {
        var console = CreateConsole(stdout);
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("Claim");
        table.AddColumn("Query");
        table.AddColumn(new TableColumn("Result").RightAligned());
        foreach (var o in outcomes)
        {
            string result = o.Error is not null ? $"error: {o.Error.Message}" : o.Result!.Value.Display;
            if (explain && o.Result?.Provenance is { } p && p.Entries.Count > 0)
                result += "\n" + string.Join("\n", p.Entries.Select(e => e.ToString()));
            table.AddRow(new IRenderable[] { new Text(o.Label ?? ""), new Text(o.Query), new Text(result) });
        }
        console.Write(table);
        int errors = outcomes.Count(o => o.Error is not null);
        int na = outcomes.Count(o => o.Result is { IsNa: true });
        stdout.WriteLine($"{outcomes.Count} queries: {outcomes.Count - errors - na} evaluated, {na} n/a, {errors} errors");
        foreach (var o in outcomes.Where(o => o.Error is not null)) WriteError(o, stderr, fileName);
    }

    /// <summary>A Spectre console over a writer: no colours or escape codes, a fixed width so output is deterministic.</summary>
    public static IAnsiConsole CreateConsole(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        return console;
    }
}
