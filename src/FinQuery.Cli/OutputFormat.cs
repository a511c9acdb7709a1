using System.CommandLine;

namespace FinQuery.Cli;

/// <summary>How a command prints its results: <c>--format table|csv|json</c>, <c>--json</c> for short.</summary>
internal enum OutputFormat
{
    /// <summary>The command's own human-readable text (eval: one result per line; series as a small table).</summary>
    Text,
    /// <summary>A bordered table, a row per result.</summary>
    Table,
    /// <summary>RFC 4180 CSV with a header line; a series gives a row per point.</summary>
    Csv,
    /// <summary>One JSON array, an object per result; failures too.</summary>
    Json,
    /// <summary>A Markdown table to paste into a review (the commands that offer it say so).</summary>
    Markdown,
}

/// <summary>
/// The <c>--format</c> and <c>--json</c> options. Add both to a command with <see cref="AddTo"/> and read the
/// choice with <see cref="Get"/>; <c>--json</c> wins over <c>--format</c>.
/// </summary>
internal sealed class FormatOptions
{
    private readonly OutputFormat _default;

    /// <param name="defaultFormat">The format without <c>--format</c>.</param>
    /// <param name="markdown">Whether the command also offers <c>--format markdown</c>.</param>
    public FormatOptions(OutputFormat defaultFormat = OutputFormat.Text, bool markdown = false)
    {
        _default = defaultFormat;
        Format = new Option<string?>("--format", "-f")
        {
            Description = markdown ? "Output: table, markdown, csv or json." : "Output: table, csv or json.",
            HelpName = markdown ? "table|markdown|csv|json" : "table|csv|json",
        };
        Format.AcceptOnlyFromAmong(markdown ? ["text", "table", "markdown", "csv", "json"] : ["text", "table", "csv", "json"]);
        Json = new Option<bool>("--json") { Description = "Same as --format json: one JSON array, an object per result." };
    }

    public Option<string?> Format { get; }

    public Option<bool> Json { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Format);
        command.Options.Add(Json);
    }

    public OutputFormat Get(ParseResult result)
    {
        if (result.GetValue(Json)) return OutputFormat.Json;
        return result.GetValue(Format) is { } f ? Parse(f) ?? _default : _default;
    }

    public static OutputFormat? Parse(string text) => text.ToLowerInvariant() switch
    {
        "text" => OutputFormat.Text,
        "table" => OutputFormat.Table,
        "csv" => OutputFormat.Csv,
        "json" => OutputFormat.Json,
        "markdown" => OutputFormat.Markdown,
        _ => null,
    };

    /// <summary>
    /// Whether raw arguments ask for JSON: used when the command line itself does not parse, so that even
    /// usage errors reach a <c>--json</c> caller as JSON.
    /// </summary>
    public static bool AsksForJson(IReadOnlyList<string> args)
    {
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a == "--json") return true;
            if ((a is "--format" or "-f") && i + 1 < args.Count && args[i + 1].Equals("json", StringComparison.OrdinalIgnoreCase)) return true;
            if (a.StartsWith("--format=", StringComparison.Ordinal) || a.StartsWith("--format:", StringComparison.Ordinal))
                if (a[9..].Equals("json", StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
