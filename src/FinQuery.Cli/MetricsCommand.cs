using System.CommandLine;
using System.Globalization;

namespace FinQuery.Cli;

/// <summary>
/// <c>finq metrics [--data …] [--entity ID] [--search WORD]</c>: every metric of the data, standard names first, with
/// its label (the SEC's, for company facts), unit, aggregation, and first and last reported period.
/// </summary>
internal static class MetricsCommand
{
    public static Command Create(CliStreams io)
    {
        var data = CliOptions.Data();
        var entity = CliOptions.Entity();
        var search = new Option<string?>("--search", "-s") { Description = "Only metrics whose name or label contains this word (case-insensitive)." };
        var command = new Command("metrics", "List the metrics of the data: standard names and concepts with their labels, units and first and last periods.")
        {
            data, entity, search,
        };
        command.SetAction(r => Run(r.GetValue(data), r.GetValue(entity), r.GetValue(search), io));
        return command;
    }

    public static int Run(string[]? sources, string? entity, string? search, CliStreams io)
    {
        var data = Commands.LoadData(sources, entity, io.Failures(OutputFormat.Text), out int code);
        if (data is null) return code;
        var entities = entity is null ? data.Entities : [data.FindEntity(entity)!];
        int shown = Write(entities, search, io.Out);
        if (shown == 0 && search is not null) io.Err.WriteLine($"finq: no metric matches '{search}'");
        return Program.Ok;
    }

    /// <summary>Writes one table per entity; returns the number of metrics written.</summary>
    public static int Write(IEnumerable<Entity> entities, string? search, TextWriter stdout)
    {
        int shown = 0;
        foreach (var e in entities)
        {
            var rows = e.Series
                .Where(s => search is null
                            || s.Metric.Contains(search, StringComparison.OrdinalIgnoreCase)
                            || (s.Label?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false))
                .Select(s => Row(e, s))
                .ToList();
            if (rows.Count == 0) continue;
            stdout.WriteLine($"{e.Id}: {e.Name}, fiscal year ends in {CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(e.Calendar.YearEndMonth)}");
            var header = new[] { "metric", "unit", "aggregation", "first", "last", "label" };
            var widths = new int[5];
            // Concept names run to 130 characters: a longer one than this does not widen its column but stands on its
            // own line, and the rest of its row goes on the next, under its columns.
            for (int i = 0; i < 5; i++) widths[i] = Math.Min(MaxColumn, Math.Max(header[i].Length, rows.Max(r => r[i].Length)));
            stdout.WriteLine(Line(header, widths));
            foreach (var r in rows)
                foreach (string line in Line(r, widths).Split('\n'))
                    stdout.WriteLine(line);
            stdout.WriteLine();
            shown += rows.Count;
        }
        return shown;
    }

    private const int MaxColumn = 44;

    /// <summary>A row, indented by two; a cell longer than its column ends the line and the row goes on under the next column.</summary>
    internal static string Line(string[] cells, int[] widths)
    {
        var sb = new System.Text.StringBuilder("  ");
        int column = 2;   // where the next cell starts on the current line
        int lineStart = 0;
        for (int i = 0; i < cells.Length; i++)
        {
            sb.Append(' ', Math.Max(0, column - (sb.Length - lineStart)));
            sb.Append(cells[i]);
            if (i >= widths.Length) break;
            column += widths[i] + 2;
            if (cells[i].Length > widths[i] && i + 1 < cells.Length)
            {
                TrimEnd(sb);
                sb.Append('\n');
                lineStart = sb.Length;
            }
        }
        TrimEnd(sb);
        return sb.ToString();

        static void TrimEnd(System.Text.StringBuilder sb)
        {
            while (sb.Length > 0 && sb[^1] == ' ') sb.Length--;
        }
    }

    private static string[] Row(Entity e, MetricSeries s)
    {
        string first = "", last = "";
        if (s.Reported.Count > 0)
        {
            // The earliest start and the latest end; on a tie the finer period (a quarter rather than its year).
            // A balance is reported at points: its quarters and years are those points read again.
            var periods = s.Reported.Select(o => o.Key).Where(p => s.Aggregation != Aggregation.Last || p.Frequency == s.FinestReported).ToList();
            var byStart = periods.OrderBy(p => e.Calendar.StartDate(p)).ThenBy(p => p.Frequency).First();
            var byEnd = periods.OrderByDescending(p => e.Calendar.EndDate(p)).ThenBy(p => p.Frequency).First();
            first = e.Calendar.Format(byStart);
            last = e.Calendar.Format(byEnd);
        }
        string metric = s.Variant == Variant.Consensus ? s.Metric + " (consensus)" : s.Metric;
        return [metric, s.Unit.Length == 0 ? "-" : s.Unit, s.Aggregation.ToString().ToLowerInvariant(), first, last, s.Label ?? ""];
    }
}
