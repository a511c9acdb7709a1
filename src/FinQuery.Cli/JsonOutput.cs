using System.Text.Encodings.Web;
using System.Text.Json;

namespace FinQuery.Cli;

/// <summary>
/// The <c>--json</c> output: one array, an object per query. Other commands reuse <see cref="WriteArray"/>
/// and <see cref="WriteResult"/> so every command's JSON has the same result fields.
/// </summary>
/// <remarks>
/// <c>unit</c> is a string whenever <c>value</c> is a number or a numeric series (<c>""</c> for a plain number
/// or ratio, <c>"%"</c> for a percent, else the data's unit such as <c>"USD"</c>) and <c>null</c> when there is
/// no number to carry one: a period, a range, a boolean, a boolean series, NA and errors.
/// </remarks>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes one JSON array (what <paramref name="items"/> writes inside it) and a newline.</summary>
    public static void WriteArray(TextWriter stdout, Action<Utf8JsonWriter> items)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartArray();
            items(w);
            w.WriteEndArray();
        }
        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static void Write(IEnumerable<Outcome> outcomes, TextWriter stdout) =>
        WriteArray(stdout, w =>
        {
            foreach (var o in outcomes) WriteOne(w, o);
        });

    public static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    public static void WriteNullable(Utf8JsonWriter w, string name, int? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteNumber(name, value.Value);
    }

    /// <summary>The JSON <c>type</c> of a result.</summary>
    public static string TypeName(QueryResult r) => r.Kind switch
    {
        ResultKind.Number => "number",
        ResultKind.Percent => "percent",
        ResultKind.Period => "period",
        ResultKind.Range => "range",
        ResultKind.Bool => "bool",
        ResultKind.Series => "series",
        _ => "na",
    };

    /// <summary>The unit in JSON: a string for numbers and numeric series, null otherwise (see the remarks on the class).</summary>
    public static string? UnitOf(QueryResult r) =>
        r.Kind is ResultKind.Number or ResultKind.Percent || (r.Kind == ResultKind.Series && !r.IsBoolSeries) ? r.Unit : null;

    /// <summary>One query's object; <paramref name="extra"/> adds a command's own fields to an evaluated query's.</summary>
    public static void WriteOne(Utf8JsonWriter w, Outcome o, Action<Utf8JsonWriter>? extra = null)
    {
        w.WriteStartObject();
        w.WriteString("query", o.Query);
        WriteNullable(w, "label", o.Label);
        if (o.Error is { } e)
        {
            w.WriteString("type", "error");
            w.WriteString("error", e.Message);
            WriteNullable(w, "file", o.File);
            w.WriteNumber("line", o.ErrorLine);
            w.WriteNumber("column", o.ErrorColumn);
            w.WriteEndObject();
            return;
        }
        WriteResult(w, o.Result!.Value);
        extra?.Invoke(w);
        w.WriteEndObject();
    }

    /// <summary>
    /// The result fields inside an object already started: <c>type</c>, <c>value</c>, <c>unit</c>, <c>display</c>,
    /// <c>reason</c>, <c>na</c> (for NA) and <c>provenance</c> (when explained).
    /// </summary>
    public static void WriteResult(Utf8JsonWriter w, QueryResult r)
    {
        w.WriteString("type", TypeName(r));
        w.WritePropertyName("value");
        switch (r.Kind)
        {
            case ResultKind.Number or ResultKind.Percent:
                w.WriteNumberValue(r.Number);
                break;
            case ResultKind.Period:
                w.WriteStringValue(r.Calendar.Format(r.Period!.Value));
                break;
            case ResultKind.Range:
                w.WriteStringValue(r.Display);
                break;
            case ResultKind.Bool:
                w.WriteBooleanValue(r.Bool!.Value);
                break;
            case ResultKind.Series:
                w.WriteStartObject();
                foreach (var (p, v) in r.Series)
                {
                    w.WritePropertyName(r.Calendar.Format(p));
                    if (r.IsBoolSeries) w.WriteBooleanValue(v != 0);
                    else w.WriteNumberValue(v);
                }
                w.WriteEndObject();
                break;
            default:
                w.WriteNullValue();
                break;
        }
        WriteNullable(w, "unit", UnitOf(r));
        w.WriteString("display", r.Display);
        if (r.IsNa)
        {
            w.WriteString("reason", r.Reason);
            w.WriteString("na", r.NaKind == NaKind.NotMeaningful ? "not-meaningful" : "missing");
        }
        else
        {
            w.WriteNull("reason");
        }
        if (r.Provenance is { } prov)
        {
            w.WriteStartArray("provenance");
            foreach (var entry in prov.Entries)
            {
                w.WriteStartObject();
                w.WriteString("entity", entry.Entity);
                w.WriteString("metric", entry.Metric);
                w.WriteString("variant", entry.Variant == Variant.Consensus ? "consensus" : "actual");
                w.WriteString("period", entry.PeriodText);
                w.WriteNumber("value", entry.Value);
                w.WriteString("unit", entry.Unit);
                WriteNullable(w, "derivation", entry.Derivation);
                if (entry.Source is not null) w.WriteString("source", entry.Source);
                if (entry.Filed is { } filed) w.WriteString("filed", filed.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                if (entry.Form is not null) w.WriteString("form", entry.Form);
                if (entry.Accession is not null) w.WriteString("accession", entry.Accession);
                if (entry.Concept is not null) w.WriteString("concept", entry.Concept);
                if (entry.Start is { } start) w.WriteString("start", start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                if (entry.End is { } end) w.WriteString("end", end.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
    }
}
