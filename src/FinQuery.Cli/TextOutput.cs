using Spectre.Console;
using Spectre.Console.Rendering;

namespace FinQuery.Cli;

/// <summary>
/// Human-readable output: results (a series as a period/value table under its sparkline), errors with a caret
/// under the column, and bordered tables. <see cref="WriteTable(IReadOnlyList{string}, IEnumerable{IReadOnlyList{string}}, TextWriter, int[])"/>
/// is the table any command can print.
/// </summary>
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
            WriteResult(many ? o.Query : null, o.Result!.Value, explain, stdout);
        }
    }

    /// <summary>
    /// One result: its display text (after <c>query  =>  </c> when <paramref name="query"/> is given); a series as a
    /// sparkline line and a period/value table (with the observations of each period when explained).
    /// </summary>
    public static void WriteResult(string? query, QueryResult r, bool explain, TextWriter stdout)
    {
        string prefix = query is null ? "" : $"{query}  =>  ";
        if (r.Kind != ResultKind.Series || r.Series.Count == 0)
        {
            stdout.WriteLine(prefix + r.Display);
            if (explain) WriteProvenance(r, stdout);
            return;
        }
        var points = r.Series;
        stdout.WriteLine($"{prefix}{Sparkline.Of(points.Select(p => p.Value).ToList())}  {SeriesSummary(points, r.Calendar)}");
        var rows = SeriesRows(r, explain, out var unmatched);
        var header = explain ? new[] { "period", "value", "observations" } : new[] { "period", "value" };
        WriteAligned(header, rows, stdout, rightAligned: [1]);
        if (unmatched.Count > 0)
        {
            stdout.WriteLine("  also used:");
            foreach (var e in unmatched) stdout.WriteLine($"    {e}");
        }
    }

    private static string SeriesSummary(IReadOnlyList<KeyValuePair<Period, double>> points, FiscalCalendar calendar) =>
        points.Count == 1 ? "1 point" : $"{points.Count} points, {calendar.Format(points[0].Key)}..{calendar.Format(points[^1].Key)}";

    /// <summary>Period and value cells of a series; explained, the observations at each period, and those at no point's period.</summary>
    private static List<string[]> SeriesRows(QueryResult r, bool explain, out List<ProvenanceEntry> unmatched)
    {
        var points = r.Series;
        unmatched = [];
        var byPeriod = new Dictionary<Period, List<ProvenanceEntry>>();
        if (explain && r.Provenance is { } prov)
        {
            var periods = points.Select(p => p.Key).ToHashSet();
            foreach (var e in prov.Entries)
            {
                if (!periods.Contains(e.Period)) unmatched.Add(e);
                else if (byPeriod.TryGetValue(e.Period, out var list)) list.Add(e);
                else byPeriod[e.Period] = [e];
            }
        }
        var rows = new List<string[]>(points.Count);
        foreach (var (p, v) in points)
        {
            string period = r.Calendar.Format(p);
            string value = r.FormatPoint(v);
            if (!explain) rows.Add([period, value]);
            else rows.Add([period, value, byPeriod.TryGetValue(p, out var es) ? string.Join("; ", es.Select(Observation)) : ""]);
        }
        return rows;
    }

    /// <summary>A provenance entry without its period (the row already says it): <c>META.revenue = 32B USD (reported)</c>.</summary>
    private static string Observation(ProvenanceEntry e)
    {
        string text = e.ToString();
        string period = $" {e.PeriodText} = ";
        int at = text.IndexOf(period, StringComparison.Ordinal);
        return at < 0 ? text : text[..at] + " = " + text[(at + period.Length)..];
    }

    /// <summary>Plain columns separated by two spaces, indented by two, header first.</summary>
    public static void WriteAligned(IReadOnlyList<string> header, List<string[]> rows, TextWriter w, int[] rightAligned)
    {
        var widths = header.Select(h => h.Length).ToArray();
        foreach (var row in rows)
            for (int i = 0; i < row.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
        void Line(IReadOnlyList<string> cells)
        {
            var parts = cells.Select((c, i) => i == cells.Count - 1 && !rightAligned.Contains(i) ? c
                : rightAligned.Contains(i) ? c.PadLeft(widths[i]) : c.PadRight(widths[i]));
            w.WriteLine("  " + string.Join("  ", parts).TrimEnd());
        }
        Line(header);
        foreach (var row in rows) Line(row);
    }

    public static void WriteError(Outcome o, TextWriter stderr)
    {
        var e = o.Error!;
        if (o.File is not null && o.SourceText is not null)
        {
            stderr.WriteLine($"error: {e.Message} ({o.File}, line {o.ErrorLine}, column {o.ErrorColumn})");
            stderr.WriteLine(Caret(o.SourceText, 1, o.ErrorColumn, e.Length));
            return;
        }
        stderr.WriteLine($"error: {e.Message} (line {e.Line}, column {e.Column})");
        stderr.WriteLine(Caret(o.Query, e));
    }

    /// <summary>The query line holding the error, and a caret under the column (a run of them under the span).</summary>
    public static string Caret(string query, FinQueryException e) => Caret(query, e.Line, e.Column, e.Length);

    public static string Caret(string text, int lineNumber, int column, int length)
    {
        var lines = text.Split('\n');
        string line = lineNumber >= 1 && lineNumber <= lines.Length ? lines[lineNumber - 1].TrimEnd('\r') : "";
        int col = Math.Clamp(column, 1, line.Length + 1);
        int width = Math.Clamp(length, 1, Math.Max(1, line.Length - col + 1));
        return $"  {line}\n  {new string(' ', col - 1)}{new string('^', width)}";
    }

    public static void WriteProvenance(QueryResult r, TextWriter stdout)
    {
        if (r.Provenance is null || r.Provenance.Entries.Count == 0) return;
        foreach (var entry in r.Provenance.Entries) stdout.WriteLine($"    {entry}");
    }

    /// <summary>The fact-check table: claim, query, result (a series as its sparkline and points), and a count line.</summary>
    public static void WriteTable(List<Outcome> outcomes, bool explain, TextWriter stdout)
    {
        var rows = outcomes.Select(o => (IReadOnlyList<string>)[o.Label ?? "", o.Query, Cell(o, explain)]);
        WriteTable(["Claim", "Query", "Result"], rows, stdout, rightAligned: [2]);
        int errors = outcomes.Count(o => o.Error is not null);
        int na = outcomes.Count(o => o.Result is { IsNa: true });
        stdout.WriteLine($"{outcomes.Count} queries: {outcomes.Count - errors - na} evaluated, {na} n/a, {errors} errors");
    }

    private static string Cell(Outcome o, bool explain)
    {
        if (o.Error is not null) return $"error: {o.Error.Message}";
        var r = o.Result!.Value;
        string result = r.Display;
        if (r.Kind == ResultKind.Series && r.Series.Count > 0)
        {
            var points = r.Series;
            result = Sparkline.Of(points.Select(p => p.Value).ToList()) + "\n" + string.Join("\n", points.Select(p => $"{r.Calendar.Format(p.Key)}: {r.FormatPoint(p.Value)}"));
        }
        if (explain && r.Provenance is { } p && p.Entries.Count > 0)
            result += "\n" + string.Join("\n", p.Entries.Select(e => e.ToString()));
        return result;
    }

    /// <summary>A bordered table of text cells; the columns listed in <paramref name="rightAligned"/> align right.</summary>
    public static void WriteTable(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows, TextWriter stdout, int[]? rightAligned = null)
    {
        var console = CreateConsole(stdout);
        var table = new Table().Border(TableBorder.Rounded);
        for (int i = 0; i < columns.Count; i++)
        {
            var column = new TableColumn(new Text(columns[i]));
            if (rightAligned?.Contains(i) == true) column.RightAligned();
            table.AddColumn(column);
        }
        foreach (var row in rows) table.AddRow(row.Select(c => (IRenderable)new Text(c)).ToArray());
        console.Write(table);
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
