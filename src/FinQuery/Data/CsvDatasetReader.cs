using System.Globalization;
using System.Text;
using FinQuery.Series;

namespace FinQuery.Data;

/// <summary>
/// Reads the long-form CSV data format (docs/data-files.md): a header naming the columns, then one
/// observation per row. Columns are matched by name (case-insensitive, any order); <c>entity</c>,
/// <c>metric</c>, <c>period</c> and <c>value</c> are required; <c>variant</c>, <c>unit</c>,
/// <c>scale</c> and <c>aggregation</c> are optional and an empty cell takes the default
/// (<c>actual</c>, no unit, 1, <c>none</c>); optional <c>name</c> and <c>fiscalYearEndMonth</c>
/// describe the entity (an empty cell says nothing). Other columns are ignored, and when the last
/// column is one of them it may hold unquoted commas (free-text notes); empty fields past the header's
/// end (a trailing comma) are ignored too. The rows of one entity,
/// metric and variant form one series and must agree on unit, scale and aggregation.
/// </summary>
internal sealed class CsvDatasetReader
{
    private const string Entity = "entity", Metric = "metric", VariantColumn = "variant", PeriodColumn = "period",
        Value = "value", Unit = "unit", Scale = "scale", AggregationColumn = "aggregation", Name = "name",
        FiscalYearEndMonth = "fiscalYearEndMonth", Filed = "filed", Source = "source";

    private static readonly string[] Known =
        [Entity, Metric, VariantColumn, PeriodColumn, Value, Unit, Scale, AggregationColumn, Name, FiscalYearEndMonth, Filed, Source];

    private static readonly string[] Required = [Entity, Metric, PeriodColumn, Value];

    private readonly string _file;
    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EntityState> _entities = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Entity, string Metric, Variant Variant), SeriesState> _series = new(DatasetBuilder.SeriesKeyComparer.Instance);
    private readonly Dictionary<string, ObservationOrigin> _origins = new(StringComparer.Ordinal);
    private readonly DatasetDraft _draft;
    private bool _lastColumnIsRead;
    private bool _sourceIsLast;

    private CsvDatasetReader(string file)
    {
        _file = file;
        _draft = new DatasetDraft(file);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads CSV text: the fast path over its UTF-8 bytes, and this reader when that gives up.</summary>
    public static Dataset Parse(string csv, string file)
    {
        if (csv.Length > 0 && csv[0] == '\uFEFF') csv = csv[1..];
        byte[]? utf8 = null;
        try
        {
            utf8 = StrictUtf8.GetBytes(csv);
        }
        catch (EncoderFallbackException)
        {
            // A lone surrogate: the validating reader takes it as text.
        }
        return (utf8 is null ? null : CsvFastReader.TryRead(utf8, 0)) ?? ParseValidating(csv, file);
    }

    /// <summary>
    /// Reads a file's bytes as <see cref="File.ReadAllText(string)"/> would decode them; well-formed UTF-8 goes to the
    /// fast path undecoded, unless <paramref name="fast"/> is false (the fast path has already given up on them).
    /// </summary>
    public static Dataset Parse(byte[] bytes, string file, bool fast = true)
    {
        var span = bytes.AsSpan();
        int start = span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        bool utf16or32 = span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
            || span.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]);
        if (fast && !utf16or32 && CsvFastReader.TryRead(bytes, start) is { } data) return data;
        return ParseValidating(JsonDatasetReader.Decode(bytes), file);
    }

    /// <summary>Reads CSV text record by record, so that any error names its line and column.</summary>
    internal static Dataset ParseValidating(string csv, string file)
    {
        if (csv.Length > 0 && csv[0] == '\uFEFF') csv = csv[1..];
        var records = CsvTokenizer.Read(csv, file);
        var reader = new CsvDatasetReader(file);
        if (records.Count == 0)
            throw new DataFileException(file, "line 1", "the file is empty: expected a header line such as entity,metric,variant,period,value,unit,scale,aggregation");
        reader.ReadHeader(records[0]);
        for (int r = 1; r < records.Count; r++) reader.ReadRow(records[r], records[0].Fields.Count);
        return reader._draft.Build();
    }

    private void ReadHeader(CsvRecord header)
    {
        for (int i = 0; i < header.Fields.Count; i++)
        {
            string text = header.Fields[i].Text.Trim();
            string? name = Array.Find(Known, k => k.Equals(text, StringComparison.OrdinalIgnoreCase));
            if (name is not null && !_columns.TryAdd(name, i))
                throw new DataFileException(_file, $"line {header.Line}, column \"{name}\"", $"column \"{name}\" appears twice in the header");
        }
        foreach (var name in Required)
        {
            if (!_columns.ContainsKey(name))
                throw new DataFileException(_file, $"line {header.Line}",
                    $"the header has no \"{name}\" column: it needs entity, metric, period and value, and may have variant, unit, scale and aggregation");
        }
        // A source in the last column is free text: unquoted commas there are part of it.
        _sourceIsLast = _columns.TryGetValue(Source, out int source) && source == header.Fields.Count - 1;
        _lastColumnIsRead = _columns.ContainsValue(header.Fields.Count - 1) && !_sourceIsLast;
    }

    private void ReadRow(CsvRecord row, int headerCount)
    {
        if (row.Fields.Count > headerCount && _lastColumnIsRead
            && row.Fields.FindIndex(headerCount, f => f.Quoted || !string.IsNullOrWhiteSpace(f.Text)) is int surplus and >= 0)
        {
            var extra = row.Fields[surplus];
            throw new DataFileException(_file, $"line {extra.Line}, column {extra.Column}",
                $"expected {headerCount} fields as in the header, found {row.Fields.Count}: quote a field that contains a comma");
        }

        string entityId = RequiredCell(row, Entity, out var entityLocation);
        if (!DatasetBuilder.IsIdentifier(entityId))
            throw Error(entityLocation, $"{DatasetDraft.Quote(entityId)} is not a valid entity id: {DatasetDraft.IdentifierRule}");

        string metric = RequiredCell(row, Metric, out var metricLocation);
        if (!DatasetBuilder.IsIdentifier(metric))
            throw Error(metricLocation, $"{DatasetDraft.Quote(metric)} is not a valid metric name: {DatasetDraft.IdentifierRule}");

        var variant = Variant.Actual;
        if (OptionalCell(row, VariantColumn, out var variantLocation) is { } variantText
            && !DatasetDraft.TryParseVariant(variantText, out variant))
            throw Error(variantLocation, $"unknown variant {DatasetDraft.Quote(variantText)}: {DatasetDraft.VariantForms}");

        string periodText = RequiredCell(row, PeriodColumn, out var periodLocation);
        if (!Period.TryParse(periodText, out var period))
            throw Error(periodLocation, $"{DatasetDraft.Quote(periodText)} is not a period: {DatasetDraft.PeriodForms}");
        if (period.IsCalendar) throw Error(periodLocation, DatasetDraft.CalendarPeriodError(periodText));

        string valueText = RequiredCell(row, Value, out var valueLocation);
        double value = ReadNumber(valueText, valueLocation);

        string unit = OptionalCell(row, Unit, out var unitLocation) ?? "";

        double scale = 1;
        string scaleText = OptionalCell(row, Scale, out var scaleLocation) ?? "1";
        if (!double.TryParse(scaleText, NumberStyles.Float, CultureInfo.InvariantCulture, out scale) || !double.IsFinite(scale) || scale == 0)
            throw Error(scaleLocation, $"scale must be a finite non-zero number, found {DatasetDraft.Quote(scaleText)}");

        var aggregation = Aggregation.None;
        if (OptionalCell(row, AggregationColumn, out var aggregationLocation) is { } aggregationText
            && !DatasetDraft.TryParseAggregation(aggregationText, out aggregation))
            throw Error(aggregationLocation, $"unknown aggregation {DatasetDraft.Quote(aggregationText)}: {DatasetDraft.AggregationForms}");

        int filed = Observation.Unfiled;
        if (OptionalCell(row, Filed, out var filedLocation) is { } filedText && !DatasetDraft.TryParseDay(filedText, out filed))
            throw Error(filedLocation, $"{DatasetDraft.Quote(filedText)} is not a date: {DatasetDraft.DateForms}");

        ObservationOrigin? origin = null;
        if (SourceCell(row) is { } sourceText && !_origins.TryGetValue(sourceText, out origin))
        {
            origin = new ObservationOrigin { Source = sourceText };
            _origins.Add(sourceText, origin);
        }

        var entity = ReadEntity(row, entityId);

        var key = (entityId, metric, variant);
        if (!_series.TryGetValue(key, out var series))
        {
            var draft = new SeriesDraft(metric, variant, $"line {row.Line}") { Unit = unit, Aggregation = aggregation };
            series = new SeriesState(draft, row.Line, scale, scaleText);
            _series.Add(key, series);
            entity.Draft.Series.Add(draft);
        }
        else
        {
            string name = DatasetDraft.SeriesName(entity.Draft.Id, series.Draft.Metric, variant);
            if (!string.Equals(unit, series.Draft.Unit, StringComparison.Ordinal))
                throw Error(unitLocation, $"unit {DatasetDraft.Quote(unit)} conflicts with {DatasetDraft.Quote(series.Draft.Unit)} on line {series.Line} for {name}");
            if (scale != series.Scale)
                throw Error(scaleLocation, $"scale {scaleText} conflicts with {series.ScaleText} on line {series.Line} for {name}");
            if (aggregation != series.Draft.Aggregation)
                throw Error(aggregationLocation, $"aggregation \"{Lower(aggregation)}\" conflicts with \"{Lower(series.Draft.Aggregation)}\" on line {series.Line} for {name}");
        }

        if (!series.Lines.TryAdd((period, filed), row.Line))
            throw Error(periodLocation, filed == Observation.Unfiled
                ? $"duplicate observation for {period} (first on line {series.Lines[(period, filed)]})"
                : $"duplicate observation for {period} filed {DatasetDraft.FormatDay(filed)} (first on line {series.Lines[(period, filed)]})");

        double scaled = value * scale;
        if (!double.IsFinite(scaled))
            throw Error(valueLocation, $"{valueText} times scale {scaleText} is not a finite number");
        series.Draft.Values.Add(new(period, scaled, filed, origin));
    }

    private EntityState ReadEntity(CsvRecord row, string id)
    {
        if (!_entities.TryGetValue(id, out var entity))
        {
            entity = new EntityState(new EntityDraft(id, $"line {row.Line}"));
            _entities.Add(id, entity);
            _draft.Entities.Add(entity.Draft);
        }

        if (OptionalCell(row, Name, out var nameLocation) is { } name)
        {
            if (entity.NameLine == 0)
            {
                entity.Draft.Name = name;
                entity.NameLine = row.Line;
            }
            else if (!string.Equals(name, entity.Draft.Name, StringComparison.Ordinal))
            {
                throw Error(nameLocation, $"name {DatasetDraft.Quote(name)} conflicts with {DatasetDraft.Quote(entity.Draft.Name)} on line {entity.NameLine} for entity {entity.Draft.Id}");
            }
        }

        if (OptionalCell(row, FiscalYearEndMonth, out var fyLocation) is { } fyText)
        {
            if (!int.TryParse(fyText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int month) || month is < 1 or > 12)
                throw Error(fyLocation, $"fiscal year end month must be an integer from 1 to 12, found {DatasetDraft.Quote(fyText)}");
            if (entity.FiscalYearEndMonthLine == 0)
            {
                entity.Draft.FiscalYearEndMonth = month;
                entity.FiscalYearEndMonthLine = row.Line;
            }
            else if (month != entity.Draft.FiscalYearEndMonth)
            {
                throw Error(fyLocation, $"fiscal year end month {month} conflicts with {entity.Draft.FiscalYearEndMonth} on line {entity.FiscalYearEndMonthLine} for entity {entity.Draft.Id}");
            }
        }
        return entity;
    }

    private double ReadNumber(string text, string location)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            throw Error(location, $"{DatasetDraft.Quote(text)} is not a number: write numbers in the invariant culture, like 2.98 or 1e6");
        if (!double.IsFinite(value))
            throw Error(location, $"{DatasetDraft.Quote(text)} is not a finite number");
        return value;
    }

    private string RequiredCell(CsvRecord row, string column, out string location) =>
        OptionalCell(row, column, out location) ?? throw Error(location, $"the {column} is empty");

    /// <summary>
    /// The text of a cell, or null when the cell is empty or the row is short. Unquoted cells are
    /// trimmed; a quoted cell keeps its spaces (<c>"  padded  "</c>).
    /// </summary>
    private string? OptionalCell(CsvRecord row, string column, out string location)
    {
        if (!_columns.TryGetValue(column, out int i))
        {
            location = $"line {row.Line}";
            return null;
        }
        int line = i < row.Fields.Count ? row.Fields[i].Line : row.Line;
        location = $"line {line}, column \"{column}\"";
        if (i >= row.Fields.Count) return null;
        var field = row.Fields[i];
        string text = field.Quoted ? field.Text : field.Text.Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>The source cell; in the last column, the rest of the row, commas included.</summary>
    private string? SourceCell(CsvRecord row)
    {
        if (!_sourceIsLast || !_columns.TryGetValue(Source, out int i) || row.Fields.Count <= i + 1)
            return OptionalCell(row, Source, out _);
        string text = string.Join(",", row.Fields.Skip(i).Select(f => f.Text)).Trim();
        return text.Length == 0 ? null : text;
    }

    private static string Lower(Aggregation a) => a.ToString().ToLowerInvariant();

    private DataFileException Error(string location, string message) => new(_file, location, message);

    private sealed class EntityState(EntityDraft draft)
    {
        public EntityDraft Draft { get; } = draft;
        public int NameLine { get; set; }
        public int FiscalYearEndMonthLine { get; set; }
    }

    private sealed class SeriesState(SeriesDraft draft, int line, double scale, string scaleText)
    {
        public SeriesDraft Draft { get; } = draft;
        public int Line { get; } = line;
        public double Scale { get; } = scale;
        public string ScaleText { get; } = scaleText;
        public Dictionary<(Period Period, int Filed), int> Lines { get; } = [];
    }
}
