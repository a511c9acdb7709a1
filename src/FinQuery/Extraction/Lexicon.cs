using System.Reflection;
using System.Text.Json;
using FinQuery.Extraction;

namespace FinQuery;

/// <summary>
/// The words a story uses for figures, periods and metrics in one language: scale words and currencies,
/// quarter and month names, the phrases that mark a change year over year or a consensus, and the metric
/// words mapped to a dataset's metric names. FinQuery ships one for French (<c>fr</c>) and one for English
/// (<c>en</c>); a lexicon file of your own (same JSON format, see docs/extract.md) adds words to the shipped
/// one of its language, or replaces it with <c>"replace": true</c>.
/// </summary>
public sealed class Lexicon
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private static readonly Dictionary<string, Lexicon> Shipped = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Lock ShippedLock = new();

    internal HashSet<string> Stopwords { get; } = new(StringComparer.Ordinal);
    internal HashSet<string> Fillers { get; } = new(StringComparer.Ordinal);
    internal HashSet<string> EntitySuffixes { get; } = new(StringComparer.Ordinal);
    internal char DecimalMark { get; private set; } = '.';
    internal List<string> PercentWords { get; } = [];
    internal List<(string Text, double Scale)> Scales { get; } = [];
    internal List<(string Text, string Code)> Currencies { get; } = [];

    /// <summary>Words for a hundredth of a currency, written after the number (<c>95 cents</c> is 0.95 USD), and its code.</summary>
    internal List<(string Text, string Code)> Subunits { get; } = [];
    internal List<string> CurrencyQualifiers { get; } = [];
    internal HashSet<string> Connectors { get; } = new(StringComparer.Ordinal);

    internal HashSet<string> QuarterWords { get; } = new(StringComparer.Ordinal);
    internal HashSet<string> HalfWords { get; } = new(StringComparer.Ordinal);
    internal HashSet<string> YearWords { get; } = new(StringComparer.Ordinal);
    internal PhraseTable<bool> Fiscal { get; } = new();
    internal List<string> QuarterCodes { get; } = [];
    internal List<string> HalfCodes { get; } = [];
    internal List<string> FiscalCodes { get; } = [];
    internal Dictionary<string, int> Ordinals { get; } = new(StringComparer.Ordinal);
    internal Dictionary<string, int> Months { get; } = new(StringComparer.Ordinal);
    internal PhraseTable<bool> MonthQuarter { get; } = new();
    internal PhraseTable<bool> Since { get; } = new();
    internal PhraseTable<bool> MonthEnd { get; } = new();
    internal HashSet<string> FirstWords { get; } = new(StringComparer.Ordinal);
    internal HashSet<string> Closing { get; } = new(StringComparer.Ordinal);
    internal HashSet<string> MonthWords { get; } = new(StringComparer.Ordinal);
    internal HashSet<string> From { get; } = new(StringComparer.Ordinal);
    internal HashSet<string> To { get; } = new(StringComparer.Ordinal);
    internal PhraseTable<Frequency> Consecutive { get; } = new();
    internal Dictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);

    internal PhraseTable<Cue> Cues { get; } = new();
    internal PhraseTable<MetricWords> Metrics { get; } = new();

    private Lexicon(string language) => Language = language;

    /// <summary>The language the lexicon is for: <c>fr</c> or <c>en</c> for the shipped ones.</summary>
    public string Language { get; }

    /// <summary>The languages FinQuery ships a lexicon for: <c>en</c>, <c>fr</c>.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["en", "fr"];

    /// <summary>The shipped lexicon of a language (<c>fr</c> or <c>en</c>).</summary>
    /// <exception cref="ArgumentException">No lexicon is shipped for that language.</exception>
    public static Lexicon ForLanguage(string language)
    {
        ArgumentNullException.ThrowIfNull(language);
        lock (ShippedLock)
        {
            if (Shipped.TryGetValue(language, out var known)) return known;
            if (!Languages.Contains(language.ToLowerInvariant()))
                throw new ArgumentException($"No lexicon is shipped for language '{language}'; the shipped ones are {string.Join(", ", Languages)}.", nameof(language));
            var name = language.ToLowerInvariant();
            using var stream = typeof(Lexicon).Assembly.GetManifestResourceStream($"FinQuery.Extraction.Lexicons.{name}.json")
                ?? throw new InvalidOperationException($"The {name} lexicon is missing from this build of FinQuery.");
            using var reader = new StreamReader(stream);
            var lexicon = Read(reader.ReadToEnd(), $"{name}.json", null);
            Shipped[name] = lexicon;
            return lexicon;
        }
    }

    /// <summary>Reads a lexicon file; see <see cref="Parse"/>.</summary>
    /// <exception cref="DataFileException">The file cannot be read or is not a valid lexicon.</exception>
    public static Lexicon Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new DataFileException(path, "file", $"cannot read the lexicon: {ex.Message}");
        }
        return Parse(text, path);
    }

    /// <summary>
    /// Reads a lexicon from JSON. Its <c>language</c> names the shipped lexicon it extends (its words are
    /// added to that one's, and win over them); with <c>"replace": true</c>, or for a language FinQuery does
    /// not ship, it stands alone.
    /// </summary>
    /// <exception cref="DataFileException">The text is not a valid lexicon; the message names the place.</exception>
    public static Lexicon Parse(string json, string sourceName = "<lexicon>")
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(sourceName);
        using var doc = Document(json, sourceName);
        var root = doc.RootElement;
        string language = RequireString(root, "language", "$", sourceName);
        bool replace = root.TryGetProperty("replace", out var r) && r.ValueKind == JsonValueKind.True;
        Lexicon? baseLexicon = !replace && Languages.Contains(language.ToLowerInvariant()) ? ForLanguage(language) : null;
        return Read(json, sourceName, baseLexicon);
    }

    private static JsonDocument Document(string json, string sourceName)
    {
        try
        {
            var doc = JsonDocument.Parse(json.Length > 0 && json[0] == '\uFEFF' ? json[1..] : json, Options);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                throw new DataFileException(sourceName, "$", "a lexicon is a JSON object");
            }
            return doc;
        }
        catch (JsonException ex)
        {
            throw new DataFileException(sourceName, $"line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}", "not valid JSON: " + ex.Message.Split(" Path:")[0]);
        }
    }

    private static Lexicon Read(string json, string file, Lexicon? baseLexicon)
    {
        using var doc = Document(json, file);
        var root = doc.RootElement;
        var lexicon = new Lexicon(RequireString(root, "language", "$", file).ToLowerInvariant());
        // The user's words first: at equal length, the phrase added first wins.
        lexicon.ReadInto(root, file);
        if (baseLexicon is not null) lexicon.AddFrom(baseLexicon);
        return lexicon;
    }

    private readonly List<Action<Lexicon>> _replay = [];

    /// <summary>Copies another lexicon's words into this one, after this one's own.</summary>
    private void AddFrom(Lexicon other)
    {
        foreach (var step in other._replay) step(this);
        if (!_ownDecimal) DecimalMark = other.DecimalMark;
    }

    private bool _ownDecimal;

    private void Record(Action<Lexicon> step)
    {
        _replay.Add(step);
        step(this);
    }

    private void ReadInto(JsonElement root, string file)
    {
        foreach (var w in Strings(root, "stopwords", "$", file)) Record(l => l.Stopwords.Add(Fold(w)));
        foreach (var w in Strings(root, "fillers", "$", file)) Record(l => l.Fillers.Add(Fold(w)));
        foreach (var w in Strings(root, "entitySuffixes", "$", file)) Record(l => l.EntitySuffixes.Add(Fold(w)));

        if (Object(root, "numbers", "$", file) is { } numbers)
        {
            if (numbers.TryGetProperty("decimal", out var dec))
            {
                var mark = dec.ValueKind == JsonValueKind.String ? dec.GetString() : null;
                if (mark is not ("." or ","))
                    throw new DataFileException(file, "$.numbers.decimal", "the decimal mark is \".\" or \",\"");
                DecimalMark = mark[0];
                _ownDecimal = true;
            }
            foreach (var w in Strings(numbers, "percent", "$.numbers", file)) Record(l => l.PercentWords.Add(w));
            foreach (var (text, value, path) in Numbers(numbers, "scales", "$.numbers", file))
            {
                if (!(value >= 1 && value <= 1e15))
                    throw new DataFileException(file, path, $"the scale of \"{text}\" must be between 1 and 1e15");
                Record(l => l.Scales.Add((text, value)));
            }
            foreach (var (text, code) in StringMap(numbers, "currencies", "$.numbers", file)) Record(l => l.Currencies.Add((text, code)));
            foreach (var (text, code) in StringMap(numbers, "subunits", "$.numbers", file)) Record(l => l.Subunits.Add((text, code)));
            foreach (var w in Strings(numbers, "currencyQualifiers", "$.numbers", file)) Record(l => l.CurrencyQualifiers.Add(w));
            foreach (var w in Strings(numbers, "connectors", "$.numbers", file)) Record(l => l.Connectors.Add(Fold(w)));
        }

        if (Object(root, "periods", "$", file) is { } periods)
        {
            const string p = "$.periods";
            foreach (var w in Strings(periods, "quarter", p, file)) Record(l => l.QuarterWords.Add(Fold(w)));
            foreach (var w in Strings(periods, "half", p, file)) Record(l => l.HalfWords.Add(Fold(w)));
            foreach (var w in Strings(periods, "year", p, file)) Record(l => l.YearWords.Add(Fold(w)));
            foreach (var w in Strings(periods, "fiscal", p, file)) Record(l => l.Fiscal.Add(w, true));
            foreach (var w in Strings(periods, "quarterCodes", p, file)) Record(l => l.QuarterCodes.Add(Fold(w)));
            foreach (var w in Strings(periods, "halfCodes", p, file)) Record(l => l.HalfCodes.Add(Fold(w)));
            foreach (var w in Strings(periods, "fiscalCodes", p, file)) Record(l => l.FiscalCodes.Add(Fold(w)));
            foreach (var (text, value, path) in Numbers(periods, "ordinals", p, file))
            {
                if (value is not (1 or 2 or 3 or 4)) throw new DataFileException(file, path, $"the ordinal \"{text}\" must be 1 to 4");
                Record(l => l.Ordinals.TryAdd(Fold(text), (int)value));
            }
            foreach (var (text, value, path) in Numbers(periods, "months", p, file))
            {
                if (value < 1 || value > 12 || value != Math.Floor(value)) throw new DataFileException(file, path, $"the month \"{text}\" must be 1 to 12");
                Record(l => l.Months.TryAdd(Fold(text), (int)value));
            }
            foreach (var w in Strings(periods, "monthQuarter", p, file)) Record(l => l.MonthQuarter.Add(w, true));
            foreach (var w in Strings(periods, "since", p, file)) Record(l => l.Since.Add(w, true));
            foreach (var w in Strings(periods, "monthEnd", p, file)) Record(l => l.MonthEnd.Add(w, true));
            foreach (var w in Strings(periods, "firstMonths", p, file)) Record(l => l.FirstWords.Add(Fold(w)));
            foreach (var w in Strings(periods, "closing", p, file)) Record(l => l.Closing.Add(Fold(w)));
            foreach (var w in Strings(periods, "monthWords", p, file)) Record(l => l.MonthWords.Add(Fold(w)));
            foreach (var w in Strings(periods, "from", p, file)) Record(l => l.From.Add(Fold(w)));
            foreach (var w in Strings(periods, "to", p, file)) Record(l => l.To.Add(Fold(w)));
            foreach (var (text, value, path) in Numbers(periods, "counts", p, file))
            {
                if (value < 2 || value > 20 || value != Math.Floor(value)) throw new DataFileException(file, path, $"the count \"{text}\" must be a whole number from 2 to 20");
                Record(l => l.Counts.TryAdd(Fold(text), (int)value));
            }
            if (Object(periods, "consecutive", p, file) is { } consecutive)
            {
                foreach (var prop in consecutive.EnumerateObject())
                {
                    var at = $"{p}.consecutive[\"{prop.Name}\"]";
                    Frequency? step = prop.Value.ValueKind == JsonValueKind.String ? prop.Value.GetString() switch
                    {
                        "year" => Frequency.Year,
                        "half" => Frequency.Half,
                        "quarter" => Frequency.Quarter,
                        _ => null,
                    } : null;
                    if (step is not { } f) throw new DataFileException(file, at, "expected \"year\", \"half\" or \"quarter\"");
                    if (string.IsNullOrWhiteSpace(prop.Name)) throw new DataFileException(file, at, "the phrase must not be empty");
                    var phrase = prop.Name.Trim();
                    Record(l => l.Consecutive.Add(phrase, f));
                }
            }
        }

        if (Object(root, "cues", "$", file) is { } cues)
        {
            foreach (var prop in cues.EnumerateObject())
            {
                if (!Enum.TryParse<Cue>(prop.Name, ignoreCase: true, out var cue) || !Enum.IsDefined(cue))
                    throw new DataFileException(file, $"$.cues.{prop.Name}",
                        $"unknown kind of cue; the kinds are {string.Join(", ", Enum.GetNames<Cue>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}");
                foreach (var w in Strings(cues, prop.Name, "$.cues", file)) Record(l => l.Cues.Add(w, cue));
            }
        }

        if (root.TryGetProperty("metrics", out var metrics))
        {
            if (metrics.ValueKind != JsonValueKind.Array) throw new DataFileException(file, "$.metrics", "expected an array of {\"words\", \"metric\"} objects");
            int i = 0;
            foreach (var entry in metrics.EnumerateArray())
            {
                var path = $"$.metrics[{i++}]";
                if (entry.ValueKind != JsonValueKind.Object) throw new DataFileException(file, path, "expected an object {\"words\", \"metric\"}");
                var words = Strings(entry, "words", path, file);
                if (words.Count == 0) throw new DataFileException(file, path + ".words", "a metric entry needs at least one word");
                if (!entry.TryGetProperty("metric", out var m)) throw new DataFileException(file, path, "missing \"metric\"");
                string[] names = m.ValueKind switch
                {
                    JsonValueKind.String => [m.GetString()!],
                    JsonValueKind.Array => Strings(entry, "metric", path, file).ToArray(),
                    _ => throw new DataFileException(file, path + ".metric", "a metric name or an array of names"),
                };
                if (names.Length == 0 || names.Any(string.IsNullOrWhiteSpace)) throw new DataFileException(file, path + ".metric", "metric names must not be empty");
                bool loss = entry.TryGetProperty("loss", out var l) && l.ValueKind == JsonValueKind.True;
                string? ratioOf = null;
                if (entry.TryGetProperty("ratioOf", out var ro))
                {
                    if (ro.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(ro.GetString()))
                        throw new DataFileException(file, path + ".ratioOf", "the metric a margin is a share of, such as \"revenue\"");
                    ratioOf = ro.GetString()!.Trim();
                }
                var tag = new MetricWords(names, loss) { RatioOf = ratioOf };
                foreach (var w in words) Record(x => x.Metrics.Add(w, tag with { Phrase = w }));
            }
        }
    }

    internal static string Fold(string text) => Words.FoldAll(text.Trim());

    private static string RequireString(JsonElement obj, string name, string path, string file) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString())
            ? v.GetString()!
            : throw new DataFileException(file, path, $"missing \"{name}\" (a language code such as \"fr\")");

    private static JsonElement? Object(JsonElement obj, string name, string path, string file)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Object) throw new DataFileException(file, $"{path}.{name}", "expected an object");
        return v;
    }

    private static List<string> Strings(JsonElement obj, string name, string path, string file)
    {
        var list = new List<string>();
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return list;
        if (v.ValueKind != JsonValueKind.Array) throw new DataFileException(file, $"{path}.{name}", "expected an array of strings");
        int i = 0;
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
                throw new DataFileException(file, $"{path}.{name}[{i}]", "expected a non-empty string");
            list.Add(item.GetString()!.Trim());
            i++;
        }
        return list;
    }

    private static List<(string Text, double Value, string Path)> Numbers(JsonElement obj, string name, string path, string file)
    {
        var list = new List<(string, double, string)>();
        var o = Object(obj, name, path, file);
        if (o is null) return list;
        foreach (var prop in o.Value.EnumerateObject())
        {
            var at = $"{path}.{name}[\"{prop.Name}\"]";
            if (prop.Value.ValueKind != JsonValueKind.Number || !prop.Value.TryGetDouble(out var d))
                throw new DataFileException(file, at, "expected a number");
            if (string.IsNullOrWhiteSpace(prop.Name)) throw new DataFileException(file, at, "the word must not be empty");
            list.Add((prop.Name.Trim(), d, at));
        }
        return list;
    }

    private static List<(string Text, string Value)> StringMap(JsonElement obj, string name, string path, string file)
    {
        var list = new List<(string, string)>();
        var o = Object(obj, name, path, file);
        if (o is null) return list;
        foreach (var prop in o.Value.EnumerateObject())
        {
            var at = $"{path}.{name}[\"{prop.Name}\"]";
            if (prop.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(prop.Value.GetString()))
                throw new DataFileException(file, at, "expected a currency code such as \"USD\"");
            if (string.IsNullOrWhiteSpace(prop.Name)) throw new DataFileException(file, at, "the word must not be empty");
            list.Add((prop.Name.Trim(), prop.Value.GetString()!.Trim()));
        }
        return list;
    }

    /// <inheritdoc />
    public override string ToString() => $"lexicon ({Language})";
}
