using System.Globalization;
using System.Text.Json;

namespace FinQuery.Data.Sec;

/// <summary>What a JSON document is, judged by its first top-level property names.</summary>
internal enum JsonContent
{
    Unknown,
    /// <summary>A FinQuery data file (<c>entities</c>, <c>defaultEntity</c>).</summary>
    FinQuery,
    /// <summary>An SEC company facts file (<c>cik</c>, <c>entityName</c>, <c>facts</c>).</summary>
    CompanyFacts,
    /// <summary>The SEC's <c>company_tickers.json</c> (<c>{"0": {"cik_str", "ticker", "title"}}</c>).</summary>
    Tickers,
}

/// <summary>
/// Reads an SEC company facts document in one forward pass with <see cref="Utf8JsonReader"/> (no document
/// tree), keeping every fact of every filing. Errors name the file and the JSON path.
/// </summary>
internal static class CompanyFactsReader
{
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Tells company facts, tickers and FinQuery files apart by their first decisive property, so a truncated file is still recognised.</summary>
    public static JsonContent Sniff(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith(Bom)) utf8 = utf8[3..];
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return JsonContent.Unknown;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("cik"u8) || reader.ValueTextEquals("entityName"u8) || reader.ValueTextEquals("facts"u8))
                    return JsonContent.CompanyFacts;
                if (reader.ValueTextEquals("entities"u8) || reader.ValueTextEquals("defaultEntity"u8))
                    return JsonContent.FinQuery;
                bool numbered = IsDigits(reader.ValueSpan);
                if (!reader.Read()) return JsonContent.Unknown;
                if (numbered && reader.TokenType == JsonTokenType.StartObject)
                {
                    if (reader.Read() && reader.TokenType == JsonTokenType.PropertyName
                        && (reader.ValueTextEquals("cik_str"u8) || reader.ValueTextEquals("ticker"u8) || reader.ValueTextEquals("title"u8)))
                        return JsonContent.Tickers;
                    return JsonContent.Unknown;
                }
                if (!reader.TrySkip()) return JsonContent.Unknown;
            }
        }
        catch (JsonException)
        {
        }
        return JsonContent.Unknown;
    }

    private static bool IsDigits(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty) return false;
        foreach (var b in s)
            if (b is < (byte)'0' or > (byte)'9') return false;
        return true;
    }

    /// <summary>Reads a whole company facts document.</summary>
    /// <exception cref="DataFileException">Invalid JSON or a value that does not fit the format.</exception>
    /// <param name="utf8">The file's bytes.</param>
    /// <param name="file">The file's name, for messages.</param>
    /// <param name="store">
    /// Where to keep the facts: a loader passes the same store for every company, and each read then replaces
    /// the facts of the one before. Null for a store of this company's own.
    /// </param>
    public static CompanyFacts Read(ReadOnlySpan<byte> utf8, string file, FactStore? store = null)
    {
        if (utf8.StartsWith(Bom)) utf8 = utf8[3..];
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 16 });
        store ??= new FactStore();
        store.Clear();
        var state = new State(file, store);
        try
        {
            return ReadRoot(ref reader, state);
        }
        catch (JsonException ex)
        {
            string what = reader.BytesConsumed >= utf8.Length - 1 || ex.Message.Contains("end of the JSON", StringComparison.Ordinal)
                ? "the JSON ends too early (is the file truncated?)"
                : "invalid JSON: " + FirstSentence(ex.Message);
            throw new DataFileException(file, state.Path(), string.Create(CultureInfo.InvariantCulture,
                $"{what} (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})"), ex);
        }
    }

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    /// <summary>Where the reader is, for messages; the path is only formatted when something goes wrong.</summary>
    private sealed class State(string file, FactStore store)
    {
        public string File { get; } = file;
        public string? Taxonomy, Concept, Unit, Property;
        public int Index = -1;
        public FactStore Store { get; } = store;

        public string Path()
        {
            var sb = new System.Text.StringBuilder("$");
            if (Taxonomy is null) return Property is null ? "$" : Member(sb, Property).ToString();
            Member(sb, "facts");
            Member(sb, Taxonomy);
            if (Concept is not null)
            {
                Member(sb, Concept);
                if (Unit is not null)
                {
                    Member(sb, "units");
                    Member(sb, Unit);
                    if (Index >= 0) sb.Append(CultureInfo.InvariantCulture, $"[{Index}]");
                }
                if (Property is not null) Member(sb, Property);
            }
            return sb.ToString();
        }

        public DataFileException Error(string message) => new(File, Path(), message);

        /// <summary>
        /// Accession numbers and forms repeat thousands of times: one string of each, looked up by its characters
        /// so that a string already seen costs no allocation.
        /// </summary>
        public string Intern(ReadOnlySpan<char> s) => Store.Strings.Intern(s);

        /// <summary>
        /// A taxonomy, concept, label or unit (the current string token): every company names the same ones, so
        /// one string of each serves the whole load.
        /// </summary>
        public string Name(ref Utf8JsonReader reader)
        {
            var names = Store.Names;
            if (names.Count > MaxNames) names.Clear(); // a bound on what a load keeps for this
            if (!reader.ValueIsEscaped && !reader.HasValueSequence && names.Intern(reader.ValueSpan) is { } ascii) return ascii;
            return names.Intern(reader.GetString());
        }
    }

    private const int MaxNames = 1 << 16;

    private static System.Text.StringBuilder Member(System.Text.StringBuilder sb, string name) =>
        DatasetBuilder.IsIdentifier(name) ? sb.Append('.').Append(name) : sb.Append("[\"").Append(name.Replace("\"", "\\\"")).Append("\"]");

    private static CompanyFacts ReadRoot(ref Utf8JsonReader reader, State state)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw state.Error("not SEC company facts: expected a JSON object with cik, entityName and facts");
        long? cik = null;
        string? name = null;
        List<Concept>? concepts = null;
        while (Next(ref reader))
        {
            if (reader.ValueTextEquals("cik"u8))
            {
                state.Property = "cik";
                reader.Read();
                cik = ReadCik(ref reader, state);
            }
            else if (reader.ValueTextEquals("entityName"u8))
            {
                state.Property = "entityName";
                reader.Read();
                if (reader.TokenType != JsonTokenType.String) throw state.Error($"expected the company's name as a string, found {Describe(reader.TokenType)}");
                name = reader.GetString();
            }
            else if (reader.ValueTextEquals("facts"u8))
            {
                state.Property = "facts";
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject) throw state.Error($"expected an object of taxonomies, found {Describe(reader.TokenType)}");
                concepts = ReadTaxonomies(ref reader, state);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
            state.Property = null;
        }
        if (cik is null) throw state.Error("not SEC company facts: there is no \"cik\"");
        if (concepts is null) throw state.Error("not SEC company facts: there is no \"facts\"");
        if (reader.Read()) throw state.Error("unexpected data after the end of the company facts object");
        return new CompanyFacts(cik.Value, string.IsNullOrWhiteSpace(name) ? CompanyFacts.FormatCik(cik.Value) : name, concepts);
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    private static bool Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new JsonException("The JSON ends inside an object.");
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    private static long ReadCik(ref Utf8JsonReader reader, State state)
    {
        long cik;
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (!reader.TryGetInt64(out cik)) throw state.Error("the CIK is not a whole number");
        }
        else if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            if (text.StartsWith("CIK", StringComparison.OrdinalIgnoreCase)) text = text[3..];
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out cik))
                throw state.Error($"the CIK {DatasetDraft.Quote(text)} is not a number");
        }
        else
        {
            throw state.Error($"expected the CIK as a number, found {Describe(reader.TokenType)}");
        }
        if (cik is <= 0 or > 9_999_999_999) throw state.Error(string.Create(CultureInfo.InvariantCulture, $"the CIK {cik} is not 1 to 10 digits"));
        return cik;
    }

    private static List<Concept> ReadTaxonomies(ref Utf8JsonReader reader, State state)
    {
        var concepts = new List<Concept>();
        while (Next(ref reader))
        {
            state.Taxonomy = state.Name(ref reader);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject) throw state.Error($"expected an object of concepts, found {Describe(reader.TokenType)}");
            var seen = state.Store.Concepts;
            seen.Clear();
            while (Next(ref reader))
            {
                var concept = new Concept(state.Taxonomy, state.Name(ref reader));
                state.Concept = concept.Name;
                if (!seen.Add(concept.Name)) throw state.Error($"the concept {concept.Name} appears twice in {state.Taxonomy}");
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject) throw state.Error($"expected a concept object (label, description, units), found {Describe(reader.TokenType)}");
                ReadConcept(ref reader, concept, state);
                concepts.Add(concept);
                state.Concept = null;
            }
        }
        state.Taxonomy = null;
        return concepts;
    }

    private static void ReadConcept(ref Utf8JsonReader reader, Concept concept, State state)
    {
        while (Next(ref reader))
        {
            if (reader.ValueTextEquals("label"u8))
            {
                state.Property = "label";
                reader.Read();
                concept.Label = reader.TokenType == JsonTokenType.String ? state.Name(ref reader) : Skip(ref reader);
            }
            else if (reader.ValueTextEquals("description"u8))
            {
                state.Property = "description";
                reader.Read();
                reader.Skip(); // not used: real descriptions run to hundreds of characters per concept
            }
            else if (reader.ValueTextEquals("units"u8))
            {
                state.Property = "units";
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject) throw state.Error($"expected an object of units, found {Describe(reader.TokenType)}");
                state.Property = null;
                while (Next(ref reader))
                {
                    string unit = state.Name(ref reader);
                    state.Unit = unit;
                    if (!IsKnownUnitForm(unit))
                        throw state.Error($"unknown unit {DatasetDraft.Quote(unit)}: expected a unit name such as USD, shares, pure or USD/shares");
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray) throw state.Error($"expected an array of facts, found {Describe(reader.TokenType)}");
                    state.Index = 0;
                    int offset = state.Store.Count;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        state.Store.Add(ReadFact(ref reader, state));
                        state.Index++;
                    }
                    state.Index = -1;
                    concept.Units.Add(new UnitFacts(unit, state.Store, offset, state.Store.Count - offset));
                    state.Unit = null;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
            state.Property = null;
        }
    }

    private static string? Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    /// <summary>A unit is one or two XBRL unit names (<c>USD</c>, <c>shares</c>, <c>USD/shares</c>, <c>iso4217_EUR</c>).</summary>
    internal static bool IsKnownUnitForm(string unit)
    {
        if (unit.Length is 0 or > 64) return false;
        int parts = 0;
        foreach (var part in unit.Split('/'))
        {
            parts++;
            if (part.Length == 0 || !(char.IsAsciiLetter(part[0]) || part[0] == '_')) return false;
            foreach (var c in part)
                if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')) return false;
        }
        return parts <= 3;
    }

    private enum FactProperty : byte { Other, Val, End, Start, Filed, Accn, Form }

    /// <summary>A fact's property by its name's bytes (SEC files never escape them; escaped names compare the slow way).</summary>
    private static FactProperty Classify(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return reader.ValueTextEquals("val"u8) ? FactProperty.Val
                : reader.ValueTextEquals("end"u8) ? FactProperty.End
                : reader.ValueTextEquals("start"u8) ? FactProperty.Start
                : reader.ValueTextEquals("filed"u8) ? FactProperty.Filed
                : reader.ValueTextEquals("accn"u8) ? FactProperty.Accn
                : reader.ValueTextEquals("form"u8) ? FactProperty.Form
                : FactProperty.Other;
        }
        var name = reader.ValueSpan;
        return name.Length switch
        {
            3 when name.SequenceEqual("val"u8) => FactProperty.Val,
            3 when name.SequenceEqual("end"u8) => FactProperty.End,
            4 when name.SequenceEqual("accn"u8) => FactProperty.Accn,
            4 when name.SequenceEqual("form"u8) => FactProperty.Form,
            5 when name.SequenceEqual("start"u8) => FactProperty.Start,
            5 when name.SequenceEqual("filed"u8) => FactProperty.Filed,
            _ => FactProperty.Other,
        };
    }

    private static Fact ReadFact(ref Utf8JsonReader reader, State state)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw state.Error($"expected a fact object, found {Describe(reader.TokenType)}");
        int start = -1, end = -1, filed = -1;
        double value = double.NaN;
        bool hasValue = false;
        string accession = "", form = "";
        while (Next(ref reader))
        {
            switch (Classify(ref reader))
            {
                case FactProperty.Val:
                    state.Property = "val";
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number)
                        throw state.Error($"expected a number, found {Describe(reader.TokenType)}");
                    if (!reader.TryGetDouble(out value) || !double.IsFinite(value))
                        throw state.Error("the number is too large");
                    hasValue = true;
                    break;
                case FactProperty.End:
                    state.Property = "end";
                    end = ReadDate(ref reader, state, required: true);
                    break;
                case FactProperty.Start:
                    state.Property = "start";
                    start = ReadDate(ref reader, state, required: false);
                    break;
                case FactProperty.Filed:
                    state.Property = "filed";
                    filed = ReadDate(ref reader, state, required: false);
                    break;
                case FactProperty.Accn:
                    state.Property = "accn";
                    accession = ReadText(ref reader, state);
                    break;
                case FactProperty.Form:
                    state.Property = "form";
                    form = ReadText(ref reader, state);
                    break;
                default:
                    reader.Read();
                    reader.Skip();
                    break;
            }
            state.Property = null;
        }
        if (end < 0) throw state.Error("the fact has no \"end\" date");
        if (!hasValue) throw state.Error("the fact has no \"val\"");
        if (start > end)
        {
            state.Property = "start";
            throw state.Error($"the fact starts ({DateOnly.FromDayNumber(start):yyyy-MM-dd}) after it ends ({DateOnly.FromDayNumber(end):yyyy-MM-dd})");
        }
        return new Fact(start, end, value, accession, form, filed);
    }

    private static string ReadText(ref Utf8JsonReader reader, State state)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return "";
        if (reader.TokenType != JsonTokenType.String) throw state.Error($"expected a string, found {Describe(reader.TokenType)}");
        // Accession numbers and forms are short ASCII: looked up by their bytes, the string made only when new.
        if (!reader.ValueIsEscaped && !reader.HasValueSequence && state.Store.Strings.Intern(reader.ValueSpan) is { } ascii) return ascii;
        int length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (length > 256) return state.Intern(reader.GetString());
        Span<char> chars = stackalloc char[length];
        int written = reader.CopyString(chars);
        return state.Intern(chars[..written]);
    }

    private static int ReadDate(ref Utf8JsonReader reader, State state, bool required)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null && !required) return -1;
        if (reader.TokenType != JsonTokenType.String) throw state.Error($"expected a date (\"2023-06-30\"), found {Describe(reader.TokenType)}");
        if (!reader.ValueIsEscaped && !reader.HasValueSequence && TryParseDate(reader.ValueSpan, out int day)) return day;
        string text = reader.GetString()!;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date.DayNumber;
        throw state.Error($"{DatasetDraft.Quote(text)} is not a date: expected yyyy-mm-dd");
    }

    /// <summary>Parses <c>yyyy-MM-dd</c> from UTF-8 without allocating.</summary>
    private static bool TryParseDate(ReadOnlySpan<byte> s, out int dayNumber)
    {
        dayNumber = 0;
        if (s.Length != 10 || s[4] != '-' || s[7] != '-') return false;
        int y = 0, m = 0, d = 0;
        for (int i = 0; i < 4; i++) { if (!Digit(s[i], ref y)) return false; }
        for (int i = 5; i < 7; i++) { if (!Digit(s[i], ref m)) return false; }
        for (int i = 8; i < 10; i++) { if (!Digit(s[i], ref d)) return false; }
        if (y < 1 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m)) return false;
        dayNumber = new DateOnly(y, m, d).DayNumber;
        return true;
    }

    private static bool Digit(byte b, ref int acc)
    {
        if (b is < (byte)'0' or > (byte)'9') return false;
        acc = acc * 10 + (b - '0');
        return true;
    }

    private static string Describe(JsonTokenType t) => t switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        _ => t.ToString(),
    };
}
