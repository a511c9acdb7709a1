using System.CommandLine;
using System.Text;

namespace FinQuery.Cli;

/// <summary>
/// <c>finq extract [--data …] [--entity ID] [--lang fr|en] [--lexicon FILE] [--json] ARTICLE.txt</c>: drafts a
/// claims file from a news story, a claim per figure it recognises and a <c># ?</c> line per figure it does not.
/// Exit codes: 0 drafted (whatever was recognised), 2 bad usage, a bad file or a story it cannot read.
/// </summary>
internal static class ExtractCommand
{
    /// <summary>The largest story file read, in bytes (a long feature is well under 100 KB).</summary>
    internal const long MaxFileBytes = 1_000_000;

    public static Command Create(CliStreams io)
    {
        var data = CliOptions.Data();
        var entity = new Option<string?>("--entity", "-e") { Description = "The entity the story is about (default: the data's default entity, else the one the story names most)." };
        var lang = new Option<string?>("--lang") { Description = "The story's language, fr or en; detected when omitted." };
        var lexicon = new Option<string?>("--lexicon") { Description = "A lexicon file (JSON) adding words to the shipped lexicon of its language." };
        var json = new Option<bool>("--json") { Description = "Print one JSON array, an object per figure." };
        var article = new Argument<string>("article") { Description = "The story, a UTF-8 text file." };
        var command = new Command("extract", "Draft claims from a news story (French or English): a claim per figure, or '# ?' with what was not recognised.")
        {
            data, entity, lang, lexicon, json, article,
        };
        command.SetAction(r => Run(r.GetValue(article)!, r.GetValue(data), r.GetValue(entity), r.GetValue(lang), r.GetValue(lexicon), r.GetValue(json), io));
        return command;
    }

    public static int Run(string path, IReadOnlyList<string>? dataPath, string? entity, string? lang, string? lexiconPath, bool json, CliStreams io)
    {
        var failures = io.Failures(json ? OutputFormat.Json : OutputFormat.Text);
        if (lang is not null && !Lexicon.Languages.Contains(lang.ToLowerInvariant()) && lexiconPath is null)
            return failures.Usage($"unknown language '{lang}'; use {string.Join(" or ", Lexicon.Languages)}");
        if (ReadStory(path, out var problem) is not { } text) return failures.Usage(problem);
        Lexicon? lexicon = null;
        if (lexiconPath is not null)
        {
            try
            {
                lexicon = Lexicon.Load(lexiconPath);
            }
            catch (DataFileException ex)
            {
                return failures.Fail(Program.UsageError, $"bad lexicon: {ex.Message}", ex.File);
            }
        }
        var dataset = Commands.LoadData(dataPath, entity, failures, out int code);
        if (dataset is null) return code;
        ExtractionResult result;
        try
        {
            result = ClaimExtractor.Extract(text, dataset, entity, lang?.ToLowerInvariant(), lexicon);
        }
        catch (Exception ex) when (ex is ExtractionException or ArgumentException)
        {
            return failures.Usage($"{path}: {ex.Message}");
        }
        if (json) WriteJson(result, io.Out);
        else io.Out.Write(result.ToClaimsFile(Path.GetFileName(path)));
        return Program.Ok;
    }

    /// <summary>The story's text, or null after saying why it cannot be read.</summary>
    private static string? ReadStory(string path, out string problem)
    {
        problem = "";
        byte[] bytes;
        try
        {
            if (Directory.Exists(path)) { problem = $"{path} is a folder, not a story file"; return null; }
            var info = new FileInfo(path);
            if (!info.Exists) { problem = $"cannot read {path}: no such file"; return null; }
            if (info.Length > MaxFileBytes) { problem = $"{path} is {info.Length:N0} bytes; stories up to {MaxFileBytes:N0} bytes are read"; return null; }
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problem = $"cannot read {path}: {ex.Message}";
            return null;
        }
        if (bytes.Length == 0) { problem = $"{path} is empty"; return null; }
        if (Array.IndexOf(bytes, (byte)0) >= 0) { problem = $"{path} looks binary (it contains NUL bytes), not a story"; return null; }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8: an older French text is likely Latin-1.
            return Encoding.Latin1.GetString(bytes);
        }
    }

    private static void WriteJson(ExtractionResult result, TextWriter stdout) =>
        JsonOutput.WriteArray(stdout, w =>
        {
            foreach (var c in result.Claims)
            {
                w.WriteStartObject();
                w.WriteString("sentence", c.Sentence);
                w.WriteStartObject("figure");
                w.WriteString("text", c.Figure.Text);
                w.WriteNumber("value", c.Figure.Value);
                w.WriteString("unit", c.Figure.Unit);
                w.WriteNumber("precision", c.Figure.Precision);
                w.WriteString("literal", c.Figure.Literal);
                w.WriteEndObject();
                JsonOutput.WriteNullable(w, "label", c.Label);
                JsonOutput.WriteNullable(w, "query", c.Query);
                w.WriteBoolean("recognised", c.Recognised);
                JsonOutput.WriteNullable(w, "why", c.Why);
                w.WriteEndObject();
            }
        });
}
