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
}

/// <summary>
/// The <c>--format</c> and <c>--json</c> options. Add both to a command with <see cref="AddTo"/> and read the
/// choice with <see cref="Get"/>; <c>--json</c> wins over <c>--format</c>.
/// </summary>
internal sealed class FormatOptions
{
    private readonly OutputFormat _default;

    public FormatOptions(OutputFormat defaultFormat = OutputFormat.Text)
    {
        _default = defaultFormat;
        Format = new Option<string?>("--format", "-f")
        {
            Description = "Output: table, csv or json.",
            HelpName = "table|csv|json",
        };
        Format.AcceptOnlyFromAmong("text", "table", "csv", "json");
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
