using System.Globalization;
using System.Text;
using System.Text.Json;
using FinQuery.Series;

namespace FinQuery.Data;

/// <summary>
/// Reads the JSON data format (docs/data-files.md) by walking a <see cref="JsonDocument"/>, so that every
/// error names its JSON path. Property names are case-sensitive; unknown properties are ignored;
/// an optional property given as <c>null</c> takes its default. Comments and trailing commas are allowed.
/// </summary>
internal sealed class JsonDatasetReader
{
    private static readonly JsonDocumentOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly string _file;

    private JsonDatasetReader(string file) => _file = file;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads JSON text: the fast path over its UTF-8 bytes, and this reader when that gives up.</summary>
    public static Dataset Parse(string json, string file)
    {
        if (json.Length > 0 && json[0] == '\uFEFF') json = json[1..];
        byte[]? utf8 = null;
        try
        {
            utf8 = StrictUtf8.GetBytes(json);
        }
        catch (EncoderFallbackException)
        {
            // A lone surrogate: this reader words it.
        }
        return (utf8 is null ? null : JsonFastReader.TryRead(utf8)) ?? ParseValidating(json, file);
    }

    /// <summary>
    /// Reads a file's bytes as <see cref="File.ReadAllText(string)"/> would decode them (a byte-order mark selects
    /// the encoding, else UTF-8): well-formed UTF-8 goes to the fast path without being decoded.
    /// </summary>
    public static Dataset Parse(byte[] bytes, string file)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        bool utf16or32 = span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
            || span.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]);
        if (!utf16or32 && System.Text.Unicode.Utf8.IsValid(span) && JsonFastReader.TryRead(span) is { } data) return data;
        return ParseValidating(Decode(bytes), file);
    }

    /// <summary>Text as <see cref="File.ReadAllText(string)"/> gives it.</summary>
    internal static string Decode(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>Reads JSON text by walking a document, so that any error names its place.</summary>
    internal static Dataset ParseValidating(string json, string file)
    {
        if (json.Length > 0 && json[0] == '\uFEFF') json = json[1..];
        // System.Text.Json counts lines at '\n' only: make a lone '\r' (old Mac line ends) a line end too.
        // Outside strings both are whitespace, and inside a string either is an error, so nothing else changes.
        if (json.Contains('\r')) json = json.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            string location = ex.LineNumber is { } line && ex.BytePositionInLine is { } column
                ? string.Create(CultureInfo.InvariantCulture, $"line {line + 1}, column {CharColumn(json, line, column) + 1}")
                : "$";
            throw new DataFileException(file, location, "malformed JSON: " + WithoutPosition(ex.Message), ex);
        }
        catch (ArgumentException ex)
        {
            // Thrown for text holding a lone surrogate, which cannot be transcoded to UTF-8.
            throw new DataFileException(file, "$", "malformed JSON: the text is not valid Unicode", ex);
        }
        using (document)
        {
            return new JsonDatasetReader(file).ReadRoot(document.RootElement).Build();
        }
    }

    /// <summary>The 0-based character column of a UTF-8 byte offset in a 0-based line (they differ after non-ASCII text).</summary>
    private static long CharColumn(string text, long line, long bytePosition)
    {
        int start = 0;
        for (long l = 0; l < line; l++)
        {
            int next = text.IndexOf('\n', start);
            if (next < 0) return bytePosition;
            start = next + 1;
        }
        int end = text.IndexOf('\n', start);
        var lineText = text.AsSpan(start, (end < 0 ? text.Length : end) - start);
        int chars = 0;
        long bytes = 0;
        while (chars < lineText.Length && bytes < bytePosition)
        {
            int width = char.IsHighSurrogate(lineText[chars]) && chars + 1 < lineText.Length ? 2 : 1;
            bytes += Encoding.UTF8.GetByteCount(lineText.Slice(chars, width));
            chars += width;
        }
        return chars + Math.Max(0, bytePosition - bytes);
    }

    /// <summary>
    /// Plain words for the two commonest failures; otherwise the reader's message without the
    /// "LineNumber: 2 | BytePositionInLine: 13." it appends, which the location already says.
    /// </summary>
    private static string WithoutPosition(string message)
    {
        if (message.StartsWith("Expected depth to be zero", StringComparison.Ordinal))
            return "the text ends inside an object or array";
        if (message.StartsWith("The input does not contain any JSON tokens", StringComparison.Ordinal))
            return "there is no JSON value";
        int i = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (i < 0) i = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (i >= 0 ? message[..i] : message).TrimEnd().TrimEnd('.');
    }

    private DatasetDraft ReadRoot(JsonElement root)
    {
        const string path = "$";
        RequireKind(root, JsonValueKind.Object, path, "an object");
        var props = Properties(root, path, "entities", "defaultEntity");
        var draft = new DatasetDraft(_file);

        var entities = Required(props, "entities", path);
        string entitiesPath = Child(path, "entities");
        RequireKind(entities, JsonValueKind.Array, entitiesPath, "an array");
        var firstById = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int index = 0;
        foreach (var e in entities.EnumerateArray())
        {
            string entityPath = $"{entitiesPath}[{index++}]";
            var entity = ReadEntity(e, entityPath);
            if (!firstById.TryAdd(entity.Id, entityPath))
                throw Error(Child(entityPath, "id"), $"entity {DatasetDraft.Quote(entity.Id)} is defined twice (first at {firstById[entity.Id]})");
            draft.Entities.Add(entity);
        }

        if (Optional(props, "defaultEntity") is { } d)
        {
            string defaultPath = Child(path, "defaultEntity");
            string id = ReadString(d, defaultPath);
            var entity = draft.Entities.Find(x => string.Equals(x.Id, id, StringComparison.OrdinalIgnoreCase))
                ?? throw Error(defaultPath, $"no entity {DatasetDraft.Quote(id)} in the data");
            draft.DefaultEntity = entity.Id;
            draft.DefaultEntityLocation = defaultPath;
        }
        return draft;
    }

    private EntityDraft ReadEntity(JsonElement e, string path)
    {
        RequireKind(e, JsonValueKind.Object, path, "an object");
        var props = Properties(e, path, "id", "name", "fiscalYearEndMonth", "series");
        string idPath = Child(path, "id");
        string id = ReadString(Required(props, "id", path), idPath);
        if (!DatasetBuilder.IsIdentifier(id))
            throw Error(idPath, $"{DatasetDraft.Quote(id)} is not a valid entity id: {DatasetDraft.IdentifierRule}");
        var entity = new EntityDraft(id, path);

        if (Optional(props, "name") is { } name)
            entity.Name = ReadString(name, Child(path, "name"));

        if (Optional(props, "fiscalYearEndMonth") is { } fy)
        {
            if (fy.ValueKind != JsonValueKind.Number || !fy.TryGetInt32(out int month) || month is < 1 or > 12)
                throw Error(Child(path, "fiscalYearEndMonth"), $"fiscal year end month must be an integer from 1 to 12, found {Describe(fy)}");
            entity.FiscalYearEndMonth = month;
        }

        if (Optional(props, "series") is { } series)
        {
            string seriesPath = Child(path, "series");
            RequireKind(series, JsonValueKind.Array, seriesPath, "an array");
            var firstByKey = new Dictionary<(string, Variant), (SeriesDraft Draft, Dictionary<int, string> PathByFiled)>(MetricKeyComparer.Instance);
            int index = 0;
            foreach (var s in series.EnumerateArray())
            {
                string itemPath = $"{seriesPath}[{index++}]";
                var draft = ReadSeries(s, itemPath, out int filed);
                if (!firstByKey.TryGetValue((draft.Metric, draft.Variant), out var first))
                {
                    firstByKey.Add((draft.Metric, draft.Variant), (draft, new Dictionary<int, string> { [filed] = itemPath }));
                    entity.Series.Add(draft);
                    continue;
                }
                // The same metric and variant published on another day: a restatement, one series.
                string seriesName = DatasetDraft.SeriesName(id, draft.Metric, draft.Variant);
                if (!first.PathByFiled.TryAdd(filed, itemPath))
                    throw Error(itemPath, filed == Observation.Unfiled
                        ? $"series {seriesName} is defined twice (first at {first.PathByFiled[filed]})"
                        : $"series {seriesName} filed {DatasetDraft.FormatDay(filed)} is defined twice (first at {first.PathByFiled[filed]})");
                if (!string.Equals(draft.Unit, first.Draft.Unit, StringComparison.Ordinal))
                    throw Error(Child(itemPath, "unit"), $"unit {DatasetDraft.Quote(draft.Unit)} conflicts with {DatasetDraft.Quote(first.Draft.Unit)} at {first.Draft.Location} for {seriesName}");
                if (draft.Aggregation != first.Draft.Aggregation)
                    throw Error(Child(itemPath, "aggregation"), $"aggregation \"{Lower(draft.Aggregation)}\" conflicts with \"{Lower(first.Draft.Aggregation)}\" at {first.Draft.Location} for {seriesName}");
                first.Draft.Values.AddRange(draft.Values);
            }
        }
        return entity;
    }

    private SeriesDraft ReadSeries(JsonElement s, string path, out int filed)
    {
        RequireKind(s, JsonValueKind.Object, path, "an object");
        var props = Properties(s, path, "metric", "variant", "unit", "scale", "aggregation", "values", "filed", "source");

        string metricPath = Child(path, "metric");
        string metric = ReadString(Required(props, "metric", path), metricPath);
        if (!DatasetBuilder.IsIdentifier(metric))
            throw Error(metricPath, $"{DatasetDraft.Quote(metric)} is not a valid metric name: {DatasetDraft.IdentifierRule}");

        var variant = Variant.Actual;
        if (Optional(props, "variant") is { } v)
        {
            string variantPath = Child(path, "variant");
            string text = ReadString(v, variantPath);
            if (!DatasetDraft.TryParseVariant(text, out variant))
                throw Error(variantPath, $"unknown variant {DatasetDraft.Quote(text)}: {DatasetDraft.VariantForms}");
        }

        var series = new SeriesDraft(metric, variant, path);

        if (Optional(props, "unit") is { } unit)
            series.Unit = ReadString(unit, Child(path, "unit"));

        double scale = 1;
        string scaleText = "1";
        if (Optional(props, "scale") is { } sc)
        {
            if (sc.ValueKind != JsonValueKind.Number || !sc.TryGetDouble(out scale) || !double.IsFinite(scale) || scale == 0)
                throw Error(Child(path, "scale"), $"scale must be a finite non-zero number, found {Describe(sc)}");
            scaleText = sc.GetRawText();
        }

        if (Optional(props, "aggregation") is { } a)
        {
            string aggregationPath = Child(path, "aggregation");
            string text = ReadString(a, aggregationPath);
            if (!DatasetDraft.TryParseAggregation(text, out var aggregation))
                throw Error(aggregationPath, $"unknown aggregation {DatasetDraft.Quote(text)}: {DatasetDraft.AggregationForms}");
            series.Aggregation = aggregation;
        }

        filed = Observation.Unfiled;
        if (Optional(props, "filed") is { } f)
        {
            string filedPath = Child(path, "filed");
            string text = ReadString(f, filedPath);
            if (!DatasetDraft.TryParseDay(text, out filed))
                throw Error(filedPath, $"{DatasetDraft.Quote(text)} is not a date: {DatasetDraft.DateForms}");
        }

        ObservationOrigin? origin = null;
        // An empty source says nothing, as an empty CSV cell does.
        if (Optional(props, "source") is { } src && ReadString(src, Child(path, "source")) is { Length: > 0 } source)
            origin = new ObservationOrigin { Source = source };

        string valuesPath = Child(path, "values");
        var values = Required(props, "values", path);
        RequireKind(values, JsonValueKind.Object, valuesPath, "an object");
        var firstSpelling = new Dictionary<Period, string>();
        foreach (var o in values.EnumerateObject())
        {
            string valuePath = $"{valuesPath}[{JsonQuote(o.Name)}]";
            if (!Period.TryParse(o.Name, out var period))
                throw Error(valuePath, $"{DatasetDraft.Quote(o.Name)} is not a period: {DatasetDraft.PeriodForms}");
            if (period.IsCalendar) throw Error(valuePath, DatasetDraft.CalendarPeriodError(o.Name));
            if (!firstSpelling.TryAdd(period, o.Name))
                throw Error(valuePath, $"duplicate observation for {period} (first given as {DatasetDraft.Quote(firstSpelling[period])})");
            var value = o.Value;
            if (value.ValueKind != JsonValueKind.Number)
                throw Error(valuePath, $"expected a number, found {Describe(value)}");
            if (!value.TryGetDouble(out double number) || !double.IsFinite(number))
                throw Error(valuePath, $"{value.GetRawText()} is not a finite number");
            double scaled = number * scale;
            if (!double.IsFinite(scaled))
                throw Error(valuePath, $"{value.GetRawText()} times scale {scaleText} is not a finite number");
            series.Values.Add(new(period, scaled, filed, origin));
        }
        return series;
    }

    /// <summary>The known properties of an object; a known property given twice is an error.</summary>
    private Dictionary<string, JsonElement> Properties(JsonElement obj, string path, params string[] known)
    {
        var found = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in obj.EnumerateObject())
        {
            if (Array.IndexOf(known, p.Name) < 0) continue;
            if (!found.TryAdd(p.Name, p.Value))
                throw Error(Child(path, p.Name), $"property \"{p.Name}\" is given twice");
        }
        return found;
    }

    private JsonElement Required(Dictionary<string, JsonElement> props, string name, string path)
    {
        if (!props.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
            throw Error(path, $"missing required property \"{name}\"");
        return value;
    }

    private static JsonElement? Optional(Dictionary<string, JsonElement> props, string name) =>
        props.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private string ReadString(JsonElement e, string path)
    {
        RequireKind(e, JsonValueKind.String, path, "a string");
        return e.GetString()!;
    }

    private void RequireKind(JsonElement e, JsonValueKind kind, string path, string expected)
    {
        if (e.ValueKind != kind)
            throw Error(path, $"expected {expected}, found {Describe(e)}");
    }

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "the string " + DatasetDraft.Quote(e.GetString()!),
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };

    private static string Lower(Aggregation a) => a.ToString().ToLowerInvariant();

    private static string Child(string path, string name) => path + "." + name;

    private static string JsonQuote(string text) =>
        "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private DataFileException Error(string location, string message) => new(_file, location, message);
}
