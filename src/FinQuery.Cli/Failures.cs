using System.Text.RegularExpressions;

namespace FinQuery.Cli;

/// <summary>
/// Reports a failure that stops a command (bad usage, a bad data file, an unreadable query file) and gives
/// its exit code. Under <c>--json</c> it is one JSON array holding
/// <c>{"type": "error", "error", "file", "line", "column"}</c> on stdout, so a JSON caller never parses text;
/// otherwise <c>finq: message</c> on stderr.
/// </summary>
internal sealed partial class Failures(bool json, TextWriter stdout, TextWriter stderr)
{
    public bool Json => json;

    /// <summary>Bad usage: exit code 2.</summary>
    public int Usage(string message, string? hint = null) => Fail(Program.UsageError, message, hint: hint);

    /// <summary>A data file that cannot be loaded: exit code 2, naming the file and, when known, the line and column.</summary>
    public int BadData(DataFileException ex)
    {
        var (line, column) = ParseLocation(ex.Location);
        return Fail(Program.UsageError, $"bad data file: {ex.Message}", ex.File, line, column, location: ex.Location);
    }

    public int Fail(int code, string message, string? file = null, int? line = null, int? column = null, string? location = null, string? hint = null)
    {
        if (json)
        {
            JsonOutput.WriteArray(stdout, w =>
            {
                w.WriteStartObject();
                w.WriteString("type", "error");
                w.WriteString("error", hint is null ? message : $"{message}. {hint}");
                JsonOutput.WriteNullable(w, "file", file);
                JsonOutput.WriteNullable(w, "line", line);
                JsonOutput.WriteNullable(w, "column", column);
                if (location is not null) w.WriteString("location", location);
                w.WriteEndObject();
            });
        }
        else
        {
            stderr.WriteLine($"finq: {message}");
            if (hint is not null) stderr.WriteLine(hint);
        }
        return code;
    }

    /// <summary>Line and column from a data-file location such as <c>line 3, column 14</c> or <c>line 7, column "value"</c>.</summary>
    internal static (int? Line, int? Column) ParseLocation(string location)
    {
        var m = LocationPattern().Match(location);
        if (!m.Success) return (null, null);
        int line = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        int? column = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        return (line, column);
    }

    [GeneratedRegex(@"^line (\d+)(?:, column (\d+))?")]
    private static partial Regex LocationPattern();
}
