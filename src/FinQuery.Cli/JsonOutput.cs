using System.Text.Encodings.Web;
using System.Text.Json;

namespace FinQuery.Cli;

/// <summary>The <c>--json</c> output of §9: one array, an object per query.</summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(IEnumerable<Outcome> outcomes, TextWriter stdout) => Write(outcomes, stdout, null);

    /// <param name="outcomes">The queries' outcomes, in order.</param>
    /// <param name="stdout">Where the array goes.</param>
    /// <param name="extra">Writes a command's own properties into each evaluated query's object, after the common ones.</param>
    public static void Write(IEnumerable<Outcome> outcomes, TextWriter stdout, Action<Utf8JsonWriter, Outcome>? extra)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartArray();
            foreach (var o in outcomes) WriteOne(w, o, extra);
            w.WriteEndArray();
        }
        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteOne(Utf8JsonWriter w, Outcome o, Action<Utf8JsonWriter, Outcome>? extra)
    {
        w.WriteStartObject();
        w.WriteString("query", o.Query);
        if (o.Label is not null) w.WriteString("label", o.Label);
        else w.WriteNull("label");
        if (o.Error is { } e)
        {
            w.WriteString("type", "error");
            w.WriteString("error", e.Message);
            w.WriteNumber("line", e.Line);
            w.WriteNumber("column", e.Column);
            w.WriteEndObject();
            return;
        }
        var r = o.Result!.Value;
        w.WriteString("type", r.Kind switch
        {
            ResultKind.Number => "number",
            ResultKind.Percent => "percent",
            ResultKind.Period or ResultKind.Range => "period",
            ResultKind.Bool => "bool",
            ResultKind.Series => "series",
            _ => "na",
        });
        WriteValue(w, r);
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
                w.WriteString("period", entry.Period.ToString());
                w.WriteNumber("value", entry.Value);
                w.WriteString("unit", entry.Unit);
                if (entry.Derivation is null) w.WriteNull("derivation");
                else w.WriteString("derivation", entry.Derivation);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        extra?.Invoke(w, o);
        w.WriteEndObject();
    }

    /// <summary>The <c>value</c> and <c>unit</c> properties of a result, as every query's object has them.</summary>
    public static void WriteValue(Utf8JsonWriter w, QueryResult r)
    {
        w.WritePropertyName("value");
        switch (r.Kind)
        {
            case ResultKind.Number or ResultKind.Percent:
                w.WriteNumberValue(r.Number);
                break;
            case ResultKind.Period:
                w.WriteStringValue(r.Period!.Value.ToString());
                break;
            case ResultKind.Range:
                w.WriteStringValue(r.Range!.Value.ToString());
                break;
            case ResultKind.Bool:
                w.WriteBooleanValue(r.Bool!.Value);
                break;
            case ResultKind.Series:
                w.WriteStartObject();
                foreach (var (p, v) in r.Series)
                {
                    w.WritePropertyName(p.ToString());
                    if (r.IsBoolSeries) w.WriteBooleanValue(v != 0);
                    else w.WriteNumberValue(v);
                }
                w.WriteEndObject();
                break;
            default:
                w.WriteNullValue();
                break;
        }
        if (r.Kind is ResultKind.Number or ResultKind.Percent || (r.Kind == ResultKind.Series && !r.IsBoolSeries)) w.WriteString("unit", r.Unit);
        else w.WriteNull("unit");
    }
}
