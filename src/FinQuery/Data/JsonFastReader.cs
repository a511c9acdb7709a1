using System.Text;
using System.Text.Json;
using FinQuery.Series;

namespace FinQuery.Data;

/// <summary>
/// The fast path of the JSON loader: one forward pass of a <see cref="Utf8JsonReader"/> over the file's UTF-8
/// bytes, property names compared as bytes, periods and days parsed from bytes, names interned, series tables
/// built straight from the values. It makes no error message: on anything it does not accept (a syntax error,
/// a value out of the model, a duplicate, an escaped name, a property given twice) it gives up, and
/// <see cref="JsonDatasetReader"/> reads the text again to say exactly what is wrong and where. So a file loads
/// here only if the validating reader would load it into the same dataset; the tests check both on the same inputs.
/// </summary>
internal sealed class JsonFastReader
{
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Thrown to leave the fast path; never escapes <see cref="TryRead"/>.</summary>
    private sealed class GiveUp : Exception;

    private readonly NameTable _names = new();
    private readonly List<Observation> _values = new(256);
    private readonly List<SeriesPart> _parts = [];
    private Observation[] _scratch = new Observation[256];

    /// <summary>
    /// One series object: its metric and variant, unit, aggregation, published day, and its values
    /// (<c>Start</c>, <c>Count</c> into the entity's value list), not yet scaled.
    /// </summary>
    private record struct SeriesPart(string Metric, Variant Variant, string Unit, Aggregation Aggregation, double Scale,
        int Filed, ObservationOrigin? Origin, int Start, int Count);

    /// <summary>The dataset in UTF-8 <paramref name="utf8"/> (no byte-order mark), or null when the validating reader must decide.</summary>
    public static Dataset? TryRead(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, Options);
            return new JsonFastReader().ReadRoot(ref reader);
        }
        catch (Exception)
        {
            // Whatever it was, the validating reader reports it (or, for a limit of this path, loads the file).
            return null;
        }
    }

    private Dataset ReadRoot(ref Utf8JsonReader r)
    {
        Next(ref r);
        Expect(ref r, JsonTokenType.StartObject);
        List<Entity>? entities = null;
        string? defaultEntity = null;
        int seen = 0;
        while (NextProperty(ref r))
        {
            if (Is(ref r, "entities"u8, 1, ref seen))
            {
                Next(ref r);
                Expect(ref r, JsonTokenType.StartArray);
                entities = [];
                var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                while (true)
                {
                    Next(ref r);
                    if (r.TokenType == JsonTokenType.EndArray) break;
                    var e = ReadEntity(ref r);
                    if (!ids.Add(e.Id)) throw new GiveUp();
                    entities.Add(e);
                }
            }
            else if (Is(ref r, "defaultEntity"u8, 2, ref seen))
            {
                Next(ref r);
                if (r.TokenType != JsonTokenType.Null) defaultEntity = String(ref r);
            }
            else
            {
                Skip(ref r);
            }
        }
        if (entities is null) throw new GiveUp();
        if (r.Read()) throw new GiveUp();   // text after the root (the validating reader words it)
        return new Dataset(entities, defaultEntity);
    }

    private Entity ReadEntity(ref Utf8JsonReader r)
    {
        Expect(ref r, JsonTokenType.StartObject);
        string? id = null, name = null;
        int fyEnd = 12, seen = 0;
        _values.Clear();
        _parts.Clear();
        while (NextProperty(ref r))
        {
            if (Is(ref r, "id"u8, 1, ref seen))
            {
                Next(ref r);
                Expect(ref r, JsonTokenType.String);
                id = Identifier(ref r, intern: false);
            }
            else if (Is(ref r, "name"u8, 2, ref seen))
            {
                Next(ref r);
                if (r.TokenType != JsonTokenType.Null) name = String(ref r);
            }
            else if (Is(ref r, "fiscalYearEndMonth"u8, 4, ref seen))
            {
                Next(ref r);
                if (r.TokenType != JsonTokenType.Null)
                {
                    Expect(ref r, JsonTokenType.Number);
                    if (!r.TryGetInt32(out fyEnd) || fyEnd is < 1 or > 12) throw new GiveUp();
                }
            }
            else if (Is(ref r, "series"u8, 8, ref seen))
            {
                Next(ref r);
                if (r.TokenType == JsonTokenType.Null) continue;
                Expect(ref r, JsonTokenType.StartArray);
                while (true)
                {
                    Next(ref r);
                    if (r.TokenType == JsonTokenType.EndArray) break;
                    ReadSeries(ref r);
                }
            }
            else
            {
                Skip(ref r);
            }
        }
        if (id is null) throw new GiveUp();
        var calendar = new FiscalCalendar(fyEnd);
        return new Entity(id, name ?? id, calendar, BuildSeries(calendar));
    }

    /// <summary>The entity's series: its series objects grouped by metric and variant (a restatement is another object of another day).</summary>
    private List<MetricSeries> BuildSeries(FiscalCalendar calendar)
    {
        var series = new List<MetricSeries>(_parts.Count);
        Span<bool> merged = _parts.Count <= 256 ? stackalloc bool[_parts.Count] : new bool[_parts.Count];
        for (int i = 0; i < _parts.Count; i++)
        {
            if (merged[i]) continue;
            var first = _parts[i];
            int total = first.Count;
            for (int j = i + 1; j < _parts.Count; j++)
            {
                var other = _parts[j];
                if (!SameKey(other, first)) continue;
                if (!other.Unit.Equals(first.Unit, StringComparison.Ordinal) || other.Aggregation != first.Aggregation) throw new GiveUp();
                for (int k = i; k < j; k++)
                    if (_parts[k].Filed == other.Filed && SameKey(_parts[k], first)) throw new GiveUp();
                total += other.Count;
            }
            if (_scratch.Length < total) _scratch = new Observation[Math.Max(total, _scratch.Length * 2)];
            var observations = _scratch;
            int n = Copy(first, observations, 0);
            for (int j = i + 1; j < _parts.Count; j++)
            {
                if (!SameKey(_parts[j], first)) continue;
                n = Copy(_parts[j], observations, n);
                merged[j] = true;
            }
            series.Add(new MetricSeries(first.Metric, first.Variant, first.Unit, first.Aggregation, calendar, observations.AsSpan(0, total)));
        }
        return series;
    }

    private static bool SameKey(in SeriesPart a, in SeriesPart b) =>
        a.Variant == b.Variant && a.Metric.Equals(b.Metric, StringComparison.OrdinalIgnoreCase);

    private int Copy(in SeriesPart part, Observation[] into, int at)
    {
        for (int k = 0; k < part.Count; k++)
        {
            var o = _values[part.Start + k];
            double scaled = o.Value * part.Scale;
            if (!double.IsFinite(scaled)) throw new GiveUp();
            into[at++] = new Observation(o.Period, scaled, part.Filed, part.Origin);
        }
        return at;
    }

    private void ReadSeries(ref Utf8JsonReader r)
    {
        Expect(ref r, JsonTokenType.StartObject);
        string? metric = null;
        string unit = "";
        var variant = Variant.Actual;
        var aggregation = Aggregation.None;
        double scale = 1;
        int filed = Observation.Unfiled, seen = 0, start = _values.Count;
        ObservationOrigin? origin = null;
        bool hasValues = false;
        while (NextProperty(ref r))
        {
            if (Is(ref r, "values"u8, 1, ref seen))
            {
                Next(ref r);
                Expect(ref r, JsonTokenType.StartObject);
                ReadValues(ref r);
                hasValues = true;
            }
            else if (Is(ref r, "metric"u8, 2, ref seen))
            {
                Next(ref r);
                Expect(ref r, JsonTokenType.String);
                metric = Identifier(ref r, intern: true);
            }
            else if (Is(ref r, "unit"u8, 4, ref seen))
            {
                Next(ref r);
                if (r.TokenType != JsonTokenType.Null) unit = Name(ref r);
            }
            else if (Is(ref r, "aggregation"u8, 8, ref seen))
            {
                Next(ref r);
                if (r.TokenType == JsonTokenType.Null) continue;
                Expect(ref r, JsonTokenType.String);
                var text = Plain(ref r);
                aggregation = Ascii.EqualsIgnoreCase(text, "sum"u8) ? Aggregation.Sum
                    : Ascii.EqualsIgnoreCase(text, "last"u8) ? Aggregation.Last
                    : Ascii.EqualsIgnoreCase(text, "none"u8) ? Aggregation.None
                    : throw new GiveUp();
            }
            else if (Is(ref r, "variant"u8, 16, ref seen))
            {
                Next(ref r);
                if (r.TokenType == JsonTokenType.Null) continue;
                Expect(ref r, JsonTokenType.String);
                var text = Plain(ref r);
                variant = Ascii.EqualsIgnoreCase(text, "actual"u8) ? Variant.Actual
                    : Ascii.EqualsIgnoreCase(text, "consensus"u8) ? Variant.Consensus
                    : throw new GiveUp();
            }
            else if (Is(ref r, "scale"u8, 32, ref seen))
            {
                Next(ref r);
                if (r.TokenType == JsonTokenType.Null) continue;
                Expect(ref r, JsonTokenType.Number);
                if (!r.TryGetDouble(out scale) || !double.IsFinite(scale) || scale == 0) throw new GiveUp();
            }
            else if (Is(ref r, "filed"u8, 64, ref seen))
            {
                Next(ref r);
                if (r.TokenType == JsonTokenType.Null) continue;
                Expect(ref r, JsonTokenType.String);
                if (!TryParseDay(Plain(ref r), out filed)) throw new GiveUp();
            }
            else if (Is(ref r, "source"u8, 128, ref seen))
            {
                Next(ref r);
                if (r.TokenType != JsonTokenType.Null && String(ref r) is { Length: > 0 } source) origin = new ObservationOrigin { Source = source };
            }
            else
            {
                Skip(ref r);
            }
        }
        if (metric is null || !hasValues) throw new GiveUp();
        _parts.Add(new SeriesPart(metric, variant, unit, aggregation, scale, filed, origin, start, _values.Count - start));
    }

    /// <summary>The period → number pairs of a <c>values</c> object, unscaled.</summary>
    private void ReadValues(ref Utf8JsonReader r)
    {
        while (true)
        {
            Next(ref r);
            if (r.TokenType == JsonTokenType.EndObject) return;
            if (r.ValueIsEscaped) throw new GiveUp();
            var name = r.ValueSpan;
            // An escaped or non-ASCII name is not a period here: the validating reader decides.
            if (!Period.TryParseUtf8(name, out var period) || period.IsCalendar) throw new GiveUp();
            Next(ref r);
            if (r.TokenType != JsonTokenType.Number) throw new GiveUp();
            if (!DecimalText.TryParse(r.ValueSpan, out double value) && (!r.TryGetDouble(out value) || !double.IsFinite(value))) throw new GiveUp();
            _values.Add(new Observation(period, value));
        }
    }

    // ---------- tokens ----------

    private static void Next(ref Utf8JsonReader r)
    {
        if (!r.Read()) throw new GiveUp();
    }

    private static void Expect(ref Utf8JsonReader r, JsonTokenType type)
    {
        if (r.TokenType != type) throw new GiveUp();
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader r)
    {
        Next(ref r);
        if (r.TokenType == JsonTokenType.EndObject) return false;
        if (r.ValueIsEscaped) throw new GiveUp();
        return true;
    }

    /// <summary>Whether the current property is <paramref name="name"/>; a known property given twice gives up.</summary>
    private static bool Is(ref Utf8JsonReader r, ReadOnlySpan<byte> name, int bit, ref int seen)
    {
        if (!r.ValueSpan.SequenceEqual(name)) return false;
        if ((seen & bit) != 0) throw new GiveUp();
        seen |= bit;
        return true;
    }

    private static void Skip(ref Utf8JsonReader r)
    {
        Next(ref r);
        if (r.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !r.TrySkip()) throw new GiveUp();
    }

    private static string String(ref Utf8JsonReader r)
    {
        Expect(ref r, JsonTokenType.String);
        return r.GetString()!;
    }

    /// <summary>The raw bytes of an unescaped string.</summary>
    private static ReadOnlySpan<byte> Plain(ref Utf8JsonReader r)
    {
        if (r.ValueIsEscaped) throw new GiveUp();
        return r.ValueSpan;
    }

    /// <summary>An id or metric name: ASCII letters, digits and underscores, starting with a letter or underscore.</summary>
    private string Identifier(ref Utf8JsonReader r, bool intern)
    {
        var text = Plain(ref r);
        if (text.IsEmpty || !(char.IsAsciiLetter((char)text[0]) || text[0] == '_')) throw new GiveUp();
        foreach (byte b in text)
            if (!(char.IsAsciiLetterOrDigit((char)b) || b == '_')) throw new GiveUp();
        return intern ? _names.Get(text) : System.Text.Encoding.UTF8.GetString(text);
    }

    /// <summary>A unit or other short text that repeats: interned.</summary>
    private string Name(ref Utf8JsonReader r)
    {
        Expect(ref r, JsonTokenType.String);
        return r.ValueIsEscaped ? r.GetString()! : _names.Get(r.ValueSpan);
    }

    /// <summary><c>2023-07-26</c> as a day number; exactly that form.</summary>
    internal static bool TryParseDay(ReadOnlySpan<byte> s, out int day)
    {
        day = 0;
        if (s.Length != 10 || s[4] != '-' || s[7] != '-') return false;
        if (!Digits(s[..4], out int y) || !Digits(s.Slice(5, 2), out int m) || !Digits(s.Slice(8, 2), out int d)) return false;
        if (y < 1 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m)) return false;
        day = new DateOnly(y, m, d).DayNumber;
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        foreach (byte b in s)
        {
            if (b is < (byte)'0' or > (byte)'9') return false;
            value = value * 10 + (b - '0');
        }
        return true;
    }
}

/// <summary>
/// Interns short UTF-8 names (metrics, units) as strings: a file repeats a few of them thousands of times, and
/// one string each keeps the loaded data small. Linear over a handful of recent names, then a dictionary.
/// </summary>
internal sealed class NameTable
{
    private readonly Dictionary<string, string> _byText = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly (byte[] Utf8, string Text)[] _recent = new (byte[], string)[8];
    private int _next;

    public NameTable() => _lookup = _byText.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<byte> utf8)
    {
        foreach (var (bytes, text) in _recent)
            if (bytes is not null && utf8.SequenceEqual(bytes)) return text;
        string result;
        if (utf8.Length <= 128)
        {
            Span<char> chars = stackalloc char[256];
            int n = System.Text.Encoding.UTF8.GetChars(utf8, chars);
            if (!_lookup.TryGetValue(chars[..n], out result!))
            {
                result = new string(chars[..n]);
                _byText.Add(result, result);
            }
        }
        else
        {
            result = System.Text.Encoding.UTF8.GetString(utf8);
        }
        _recent[_next] = (utf8.ToArray(), result);
        _next = (_next + 1) % _recent.Length;
        return result;
    }

    /// <summary>The same for text already decoded (CSV cells).</summary>
    public string Get(ReadOnlySpan<char> text)
    {
        if (_lookup.TryGetValue(text, out var result)) return result;
        result = new string(text);
        _byText.Add(result, result);
        return result;
    }
}
