using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FinQuery.Cli;

/// <summary>
/// What <c>finq check</c> prints: a table (text or Markdown) with the claim, the query, the figure computed for its
/// left side, the figure claimed, the verdict, how a <c>~=</c> held and where the figures come from; CSV; or JSON.
/// </summary>
internal static class CheckOutput
{
    private static readonly string[] Columns = ["Claim", "Query", "Computed", "Claimed", "Verdict", "By", "Source"];

    private static readonly string[] CsvColumns =
        ["label", "query", "verdict", "actual", "unit", "computed", "claimed", "claimed_text", "by", "sources", "reason", "error", "line", "column"];

    public static void WriteTable(List<CheckedClaim> claims, bool explain, TextWriter stdout)
    {
        var rows = claims.Select(c =>
        {
            var cells = Cells(c);
            if (explain && Provenance(c) is { Count: > 0 } entries) cells[4] += "\n" + string.Join("\n", entries);
            return (IReadOnlyList<string>)cells;
        });
        TextOutput.WriteTable(Columns, rows, stdout, rightAligned: [2, 3]);
        stdout.WriteLine(Summary(claims));
    }

    public static void WriteMarkdown(List<CheckedClaim> claims, bool explain, TextWriter stdout)
    {
        var sb = new StringBuilder();
        sb.Append("| ").AppendJoin(" | ", Columns).Append(" |\n");
        sb.Append("| --- | --- | ---: | ---: | --- | --- | --- |\n");
        foreach (var c in claims)
        {
            var cells = Cells(c).Select(Cell).ToArray();
            cells[1] = Code(c.Outcome.Query);
            sb.Append("| ").AppendJoin(" | ", cells).Append(" |\n");
        }
        sb.Append('\n').Append(Summary(claims)).Append('\n');
        if (explain)
        {
            foreach (var c in claims)
            {
                var entries = Provenance(c);
                if (entries.Count == 0) continue;
                sb.Append('\n').Append(c.Outcome.Label is { Length: > 0 } label ? Cell(label) : Code(c.Outcome.Query)).Append(":\n");
                foreach (var entry in entries) sb.Append("- ").Append(Cell(entry.ToString())).Append('\n');
            }
        }
        stdout.Write(sb.ToString());
    }

    /// <summary>
    /// The objects of <c>finq run --json</c>, each evaluated claim with its <c>verdict</c>, <c>actual</c> (the left
    /// side), <c>operator</c>, <c>claimed</c> (a written figure) or <c>against</c> (a computed right side), <c>by</c> and <c>sources</c>.
    /// </summary>
    public static void WriteJson(List<CheckedClaim> claims, TextWriter stdout) =>
        JsonOutput.WriteArray(stdout, w =>
        {
            foreach (var c in claims)
                JsonOutput.WriteOne(w, c.Outcome, c.Claim is { } claim ? w => WriteClaim(w, claim) : null);
        });

    public static void WriteCsv(List<CheckedClaim> claims, TextWriter stdout) =>
        CsvOutput.Write(CsvColumns, claims.Select(CsvRow), stdout);

    /// <summary>Each line that is not a valid claim, with a caret under its column in the file.</summary>
    public static void WriteErrors(List<CheckedClaim> claims, TextWriter stderr)
    {
        foreach (var c in claims.Where(c => c.Outcome.Error is not null)) TextOutput.WriteError(c.Outcome, stderr);
    }

    /// <summary><c>13 claims: 12 hold, 1 fails</c>, then n/a and errors when there are any.</summary>
    public static string Summary(List<CheckedClaim> claims)
    {
        int holds = claims.Count(c => c.Claim?.Verdict == ClaimVerdict.Holds);
        int fails = claims.Count(c => c.Claim?.Verdict == ClaimVerdict.Fails);
        int na = claims.Count(c => c.Claim?.Verdict == ClaimVerdict.NA);
        int errors = claims.Count(c => c.Claim is null);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{claims.Count} claim{(claims.Count == 1 ? "" : "s")}: ");
        sb.Append(CultureInfo.InvariantCulture, $"{holds} {(holds == 1 ? "holds" : "hold")}, {fails} {(fails == 1 ? "fails" : "fail")}");
        if (na > 0) sb.Append(CultureInfo.InvariantCulture, $", {na} n/a");
        if (errors > 0) sb.Append(CultureInfo.InvariantCulture, $", {errors} error{(errors == 1 ? "" : "s")}");
        return sb.ToString();
    }

    private static void WriteClaim(Utf8JsonWriter w, Claim claim)
    {
        w.WriteString("verdict", claim.Verdict switch
        {
            ClaimVerdict.Holds => "holds",
            ClaimVerdict.Fails => "fails",
            _ => "na",
        });
        WriteSide(w, "actual", claim.Actual);
        JsonOutput.WriteNullable(w, "operator", claim.Operator);
        if (claim.Claimed is { } figure)
        {
            w.WriteStartObject("claimed");
            w.WriteNumber("value", figure.Value);
            w.WriteString("text", figure.Text);
            w.WriteEndObject();
        }
        else if (claim.Against is { } against)
        {
            WriteSide(w, "against", against);
        }
        JsonOutput.WriteNullable(w, "by", By(claim));
        w.WriteStartArray("sources");
        foreach (var source in claim.Sources) w.WriteStringValue(source);
        w.WriteEndArray();
    }

    private static void WriteSide(Utf8JsonWriter w, string name, QueryResult? side)
    {
        if (side is not { } r)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartObject(name);
        w.WritePropertyName("value");
        switch (r.Kind)
        {
            case ResultKind.Number or ResultKind.Percent: w.WriteNumberValue(r.Number); break;
            case ResultKind.Period: w.WriteStringValue(r.Calendar.Format(r.Period!.Value)); break;
            case ResultKind.Bool: w.WriteBooleanValue(r.Bool!.Value); break;
            default: w.WriteNullValue(); break;
        }
        JsonOutput.WriteNullable(w, "unit", JsonOutput.UnitOf(r));
        w.WriteString("display", r.Display);
        w.WriteEndObject();
    }

    /// <summary>The table's cells: claim, query, computed, claimed, verdict, by, source.</summary>
    private static string[] Cells(CheckedClaim c)
    {
        var o = c.Outcome;
        if (c.Claim is not { } claim) return [o.Label ?? "", o.Query, "", "", $"error: {o.Error!.Message}", "", ""];
        string claimed = claim.Claimed?.Text ?? claim.Against?.Display ?? "";
        if (claim.Operator is { } op && op != "~=" && claimed.Length > 0) claimed = $"{op} {claimed}";
        return [o.Label ?? "", o.Query, Computed(claim), claimed, Verdict(claim), By(claim) ?? "", string.Join("; ", claim.Sources)];
    }

    private static string?[] CsvRow(CheckedClaim c)
    {
        var o = c.Outcome;
        if (c.Claim is not { } claim)
            return [o.Label, o.Query, "error", null, null, null, null, null, null, null, null, o.Error!.Message, Number(o.ErrorLine), Number(o.ErrorColumn)];
        var actual = claim.Actual;
        string? value = actual is { } a ? a.Kind switch
        {
            ResultKind.Number or ResultKind.Percent => Number(a.Number),
            ResultKind.Period => a.Calendar.Format(a.Period!.Value),
            ResultKind.Bool => a.Bool!.Value ? "true" : "false",
            _ => null,
        } : null;
        return [o.Label, o.Query, claim.Verdict switch { ClaimVerdict.Holds => "holds", ClaimVerdict.Fails => "fails", _ => "na" },
            value, actual is { } u ? JsonOutput.UnitOf(u) : null, actual is null ? null : Computed(claim),
            claim.Claimed is { } f ? Number(f.Value) : null, claim.Claimed?.Text, By(claim), string.Join("; ", claim.Sources),
            claim.Reason, null, null, null];
    }

    /// <summary>
    /// The left side's value. A percent shows two decimals (more when the figure is written finer), so that a reader
    /// sees why it rounds as it does: +16.46% is about 16%, where the one decimal of +16.5% would suggest 17%.
    /// </summary>
    private static string Computed(Claim claim)
    {
        if (claim.Actual is not { } actual) return "";
        if (actual.Kind != ResultKind.Percent) return actual.Display;
        int decimals = 2;
        if (claim.Claimed is { Precision: > 0 } figure)
            decimals = Math.Clamp((int)Math.Round(-Math.Log10(figure.Precision * 100)) + 1, 2, 12);
        double pct = actual.Number * 100;
        string text = pct.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        bool zero = !text.Any(ch => ch is >= '1' and <= '9');
        if (zero) return text.TrimStart('-') + "%";
        return (pct > 0 ? "+" : "") + text + "%";
    }

    private static string Verdict(Claim claim) => claim.Verdict switch
    {
        ClaimVerdict.Holds => "holds",
        ClaimVerdict.Fails => "fails",
        // "n/a: …" or "n/m: …", as results display it.
        _ => claim.Result.Display,
    };

    private static string? By(Claim claim) => claim.By switch
    {
        ClaimMatch.Exact => "exact",
        ClaimMatch.Rounding => "rounding",
        ClaimMatch.Truncation => "truncation",
        _ => null,
    };

    private static IReadOnlyList<ProvenanceEntry> Provenance(CheckedClaim c) => c.Outcome.Result?.Provenance?.Entries ?? [];

    private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Number(int v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>A Markdown table cell: pipes escaped, line breaks as spaces.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string Code(string text) => text.Length == 0 ? "" : "`" + Cell(text).Replace("`", "'", StringComparison.Ordinal) + "`";
}
