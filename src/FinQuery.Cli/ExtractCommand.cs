using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

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

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var data = new Option<string?>("--data", "-d") { Description = "A data file; the bundled Meta Q2 2023 sample when omitted." };
        var entity = new Option<string?>("--entity", "-e") { Description = "The entity the story is about (default: the data's default entity, else the one the story names most)." };
        var lang = new Option<string?>("--lang") { Description = "The story's language, fr or en; detected when omitted." };
        var lexicon = new Option<string?>("--lexicon") { Description = "A lexicon file (JSON) adding words to the shipped lexicon of its language." };
        var json = new Option<bool>("--json") { Description = "Print one JSON array, an object per figure." };
        var article = new Argument<string>("article") { Description = "The story, a UTF-8 text file." };
        var command = new Command("extract", "Draft claims from a news story (French or English): a claim per figure, or '# ?' with what was not recognised.")
        {
            data, entity, lang, lexicon, json, article,
        };
        command.SetAction(r => Run(r.GetValue(article)!, r.GetValue(data), r.GetValue(entity), r.GetValue(lang), r.GetValue(lexicon), r.GetValue(json), stdout, stderr));
        return command;
    }

    public static int Run(string path, string? dataPath, string? entity, string? lang, string? lexiconPath, bool json, TextWriter stdout, TextWriter stderr)
    {
        if (lang is not null && !Lexicon.Languages.Contains(lang.ToLowerInvariant()) && lexiconPath is null)
            return Fail(stderr, $"unknown language '{lang}'; use {string.Join(" or ", Lexicon.Languages)}");
        if (ReadStory(path, stderr) is not { } text) return Program.UsageError;
        Lexicon? lexicon = null;
        if (lexiconPath is not null)
        {
            try
            {
                lexicon = Lexicon.Load(lexiconPath);
            }
            catch (DataFileException ex)
            {
                return Fail(stderr, $"bad lexicon: {ex.Message}");
            }
        }
        var dataset = DataSource.TryLoad(dataPath, stderr);
        if (dataset is null || !Commands.CheckEntity(dataset, entity, stderr)) return Program.UsageError;
        ExtractionResult result;
        try
        {
            result = ClaimExtractor.Extract(text, dataset, entity, lang?.ToLowerInvariant(), lexicon);
        }
        catch (Exception ex) when (ex is ExtractionException or ArgumentException)
        {
            return Fail(stderr, $"{path}: {ex.Message}");
        }
        if (json) WriteJson(result, stdout);
        else stdout.Write(result.ToClaimsFile(Path.GetFileName(path)));
        return Program.Ok;
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"finq: {message}");
        return Program.UsageError;
    }

    /// <summary>The story's text, or null after saying why it cannot be read.</summary>
    private static string? ReadStory(string path, TextWriter stderr)
    {
        byte[] bytes;
        try
        {
            if (Directory.Exists(path)) { Fail(stderr, $"{path} is a folder, not a story file"); return null; }
            var info = new FileInfo(path);
            if (!info.Exists) { Fail(stderr, $"cannot read {path}: no such file"); return null; }
            if (info.Length > MaxFileBytes) { Fail(stderr, $"{path} is {info.Length:N0} bytes; stories up to {MaxFileBytes:N0} bytes are read"); return null; }
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            Fail(stderr, $"cannot read {path}: {ex.Message}");
            return null;
        }
        if (bytes.Length == 0) { Fail(stderr, $"{path} is empty"); return null; }
        if (Array.IndexOf(bytes, (byte)0) >= 0) { Fail(stderr, $"{path} looks binary (it contains NUL bytes), not a story"); return null; }
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

    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static void WriteJson(ExtractionResult result, TextWriter stdout)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartArray();
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
                if (c.Label is not null) w.WriteString("label", c.Label);
                else w.WriteNull("label");
                if (c.Query is not null) w.WriteString("query", c.Query);
                else w.WriteNull("query");
                w.WriteBoolean("recognised", c.Recognised);
                if (c.Why is not null) w.WriteString("why", c.Why);
                else w.WriteNull("why");
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        stdout.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
