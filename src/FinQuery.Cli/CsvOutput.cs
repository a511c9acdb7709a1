using System.Globalization;

namespace FinQuery.Cli;

/// <summary>
/// <c>--format csv</c>: RFC 4180 (comma separated, fields with a comma, quote or line break quoted, quotes
/// doubled, CRLF-free: one <c>\n</c> per record). Any command can print rows with <see cref="Write"/>.
/// </summary>
internal static class CsvOutput
{
    /// <summary>The columns of a query's rows: a series gives one row per point, with its period.</summary>
    public static readonly string[] OutcomeColumns = ["query", "label", "type", "period", "value", "unit", "display", "reason", "error", "line", "column"];

    public static void Write(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string?>> rows, TextWriter w)
    {
        w.Write(string.Join(",", columns.Select(Field)) + "\n");
        foreach (var row in rows) w.Write(string.Join(",", row.Select(Field)) + "\n");
    }

    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static void WriteOutcomes(IEnumerable<Outcome> outcomes, TextWriter w) => Write(OutcomeColumns, outcomes.SelectMany(Rows), w);

    private static IEnumerable<string?[]> Rows(Outcome o)
    {
        if (o.Error is { } e)
        {
            yield return [o.Query, o.Label, "error", null, null, null, null, null, e.Message, Number(o.ErrorLine), Number(o.ErrorColumn)];
            yield break;
        }
        var r = o.Result!.Value;
        string type = JsonOutput.TypeName(r);
        string? unit = JsonOutput.UnitOf(r);
        if (r.Kind == ResultKind.Series)
        {
            foreach (var (p, v) in r.Series)
                yield return [o.Query, o.Label, type, r.Calendar.Format(p), r.IsBoolSeries ? (v != 0 ? "true" : "false") : Number(v), unit, r.FormatPoint(v), null, null, null, null];
            yield break;
        }
        string? value = r.Kind switch
        {
            ResultKind.Number or ResultKind.Percent => Number(r.Number),
            ResultKind.Period => r.Calendar.Format(r.Period!.Value),
            ResultKind.Range => r.Display,
            ResultKind.Bool => r.Bool!.Value ? "true" : "false",
            _ => null,
        };
        yield return [o.Query, o.Label, type, null, value, unit, r.Display, r.Reason, null, null, null];
    }

    private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Number(int v) => v.ToString(CultureInfo.InvariantCulture);
}
