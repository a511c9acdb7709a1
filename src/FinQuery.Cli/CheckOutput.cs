using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace FinQuery.Cli;

/// <summary>
/// What <c>finq check</c> prints: a table (text or Markdown) with the claim, the query, the figure computed for its
/// left side, the figure claimed, the verdict, how a <c>~=</c> held and where the figures come from; or JSON.
/// </summary>
internal static class CheckOutput
{
    private static readonly string[] Headers = ["Claim", "Query", "Computed", "Claimed", "Verdict", "By", "Source"];

    /// <summary>One row of the table, as text.</summary>
    private sealed record Row(string Label, string Query, string Computed, string Claimed, string Verdict, string By, string Source, IReadOnlyList<ProvenanceEntry> Provenance);

    public static void WriteTable(List<CheckedClaim> claims, bool explain, TextWriter stdout)
    {
        var console = TextOutput.CreateConsole(stdout);
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in Headers)
            table.AddColumn(header == "Computed" ? new TableColumn(header).RightAligned() : new TableColumn(header));
        foreach (var row in claims.Select(ToRow))
        {
            string verdict = row.Verdict;
            if (explain && row.Provenance.Count > 0) verdict += "\n" + string.Join("\n", row.Provenance.Select(e => e.ToString()));
            table.AddRow(new IRenderable[]
            {
                new Text(row.Label), new Text(row.Query), new Text(row.Computed), new Text(row.Claimed),
                new Text(verdict), new Text(row.By), new Text(row.Source),
            });
        }
        console.Write(table);
        stdout.WriteLine(Summary(claims));
    }

    public static void WriteMarkdown(List<CheckedClaim> claims, bool explain, TextWriter stdout)
    {
        var sb = new StringBuilder();
        sb.Append("| ").AppendJoin(" | ", Headers).Append(" |\n");
        sb.Append("| --- | --- | ---: | ---: | --- | --- | --- |\n");
        foreach (var row in claims.Select(ToRow))
        {
            string[] cells = [Cell(row.Label), Code(row.Query), Cell(row.Computed), Cell(row.Claimed), Cell(row.Verdict), Cell(row.By), Cell(row.Source)];
            sb.Append("| ").AppendJoin(" | ", cells).Append(" |\n");
        }
        sb.Append('\n').Append(Summary(claims)).Append('\n');
        if (explain)
        {
            foreach (var row in claims.Select(ToRow).Where(r => r.Provenance.Count > 0))
            {
                sb.Append('\n').Append(row.Label.Length > 0 ? Cell(row.Label) : Code(row.Query)).Append(":\n");
                foreach (var entry in row.Provenance) sb.Append("- ").Append(Cell(entry.ToString())).Append('\n');
            }
        }
        stdout.Write(sb.ToString());
    }

    /// <summary>The objects of <c>finq run --json</c>, each with the claim's <c>verdict</c>, <c>actual</c>, <c>claimed</c>, <c>by</c> and <c>sources</c>.</summary>
    public static void WriteJson(List<CheckedClaim> claims, TextWriter stdout)
    {
        // Outcomes are records: two identical lines are equal, so they are told apart by reference.
        var byOutcome = new Dictionary<object, Claim>(ReferenceEqualityComparer.Instance);
        foreach (var c in claims)
            if (c.Claim is not null) byOutcome[c.Outcome] = c.Claim;
        JsonOutput.Write(claims.Select(c => c.Outcome), stdout, (w, outcome) =>
        {
            if (!byOutcome.TryGetValue(outcome, out var claim)) return;
            w.WriteString("verdict", claim.Verdict switch
            {
                ClaimVerdict.Holds => "holds",
                ClaimVerdict.Fails => "fails",
                _ => "na",
            });
            WriteSide(w, "actual", claim.Actual);
            if (claim.Operator is not null) w.WriteString("operator", claim.Operator);
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
            if (By(claim) is { Length: > 0 } by) w.WriteString("by", by);
            else w.WriteNull("by");
            w.WriteStartArray("sources");
            foreach (var source in claim.Sources) w.WriteStringValue(source);
            w.WriteEndArray();
        });
    }

    /// <summary>Each line that is not a valid claim, with a caret under the column, as <c>finq run</c> reports errors.</summary>
    public static void WriteErrors(List<CheckedClaim> claims, TextWriter stderr, string fileName)
    {
        foreach (var c in claims.Where(c => c.Outcome.Error is not null)) TextOutput.WriteError(c.Outcome, stderr, fileName);
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

    private static Row ToRow(CheckedClaim c)
    {
        var o = c.Outcome;
        if (c.Claim is not { } claim)
            return new Row(o.Label ?? "", o.Query, "", "", $"error: {o.Error!.Message}", "", "", []);
        string verdict = claim.Verdict switch
        {
            ClaimVerdict.Holds => "holds",
            ClaimVerdict.Fails => "fails",
            // "n/m" when not meaningful, as results display it.
            _ => claim.Result.Display,
        };
        string claimed = claim.Claimed?.Text ?? claim.Against?.Display ?? "";
        if (claim.Operator is { } op && op != "~=" && claimed.Length > 0) claimed = $"{op} {claimed}";
        var provenance = o.Result?.Provenance?.Entries ?? (IReadOnlyList<ProvenanceEntry>)[];
        return new Row(o.Label ?? "", o.Query, claim.Actual?.Display ?? "", claimed, verdict, By(claim), string.Join("; ", claim.Sources), provenance);
    }

    private static string By(Claim claim) => claim.By switch
    {
        ClaimMatch.Exact => "exact",
        ClaimMatch.Rounding => "rounding",
        ClaimMatch.Truncation => "truncation",
        _ => "",
    };

    private static void WriteSide(Utf8JsonWriter w, string name, QueryResult? side)
    {
        if (side is not { } r)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartObject(name);
        JsonOutput.WriteValue(w, r);
        w.WriteString("display", r.Display);
        w.WriteEndObject();
    }

    /// <summary>A Markdown table cell: pipes escaped, line breaks as spaces.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string Code(string text) => text.Length == 0 ? "" : "`" + Cell(text).Replace("`", "'", StringComparison.Ordinal) + "`";
}
