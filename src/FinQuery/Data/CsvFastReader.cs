using System.Globalization;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Text;
using FinQuery.Series;

namespace FinQuery.Data;

/// <summary>
/// The fast path of the CSV loader: one pass over the file's UTF-8 bytes that splits each record into field
/// slices (RFC 4180 quoting, CR, LF or CRLF), parses periods, numbers and days from bytes, reuses the previous
/// row's entity and series, interns names, and builds each series when its run of rows ends (a series whose rows are
/// scattered over the file, at the end). The text is the whole file or a stream read in blocks. It makes no error
/// message: on anything it does not accept it gives up, and <see cref="CsvDatasetReader"/> reads the text again
/// to say exactly what is wrong and where. So a file loads here only if the validating reader would load it
/// into the same dataset; the tests check both on the same inputs.
/// </summary>
internal sealed class CsvFastReader
{
    private sealed class GiveUp : Exception;

    private const int Entity = 0, Metric = 1, VariantColumn = 2, PeriodColumn = 3, Value = 4, Unit = 5, Scale = 6,
        AggregationColumn = 7, Name = 8, FiscalYearEndMonth = 9, Filed = 10, Source = 11, ColumnCount = 12;

    private static readonly string[] Known =
        ["entity", "metric", "variant", "period", "value", "unit", "scale", "aggregation", "name", "fiscalYearEndMonth", "filed", "source"];

    // The text read so far that is still needed: the whole file, or a block of it read from a stream. Fields are
    // offsets into it; _end is where the bytes read end, _checked where the bytes known to be UTF-8 end.
    private byte[] _bytes;
    private int _end, _checked;
    private readonly Stream? _stream;
    private bool _atEnd;
    private bool _ascii;   // every byte up to _checked: then no cell needs checking
    private readonly int[] _column = new int[ColumnCount];   // field index of each known column, or −1
    private int _headerCount;
    private bool _lastColumnIsRead, _sourceIsLast;

    // The current record's fields: start, end (exclusive) and whether quoted; a quoted field's slice is inside the quotes.
    private Field[] _fields = new Field[16];
    private int _fieldCount;

    private readonly NameTable _names = new();
    private readonly Dictionary<string, EntityState> _entities = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<EntityState> _order = [];
    private readonly Dictionary<(string Entity, string Metric, Variant Variant), SeriesState> _series = new(DatasetBuilder.SeriesKeyComparer.Instance);
    private readonly Dictionary<string, ObservationOrigin> _origins = new(StringComparer.Ordinal);
    private EntityState? _lastEntity;
    private SeriesState? _lastSeries;

    private record struct Field(int Start, int End, bool Quoted, bool Escaped);

    private sealed class EntityState(string id)
    {
        public string Id { get; } = id;
        public string? Name { get; set; }
        public int FiscalYearEndMonth { get; set; }
        public List<SeriesState> Series { get; } = [];
    }

    private sealed class SeriesState(string metric, Variant variant, string unit, double scale, Aggregation aggregation)
    {
        public string Metric { get; } = metric;
        public Variant Variant { get; } = variant;
        public string Unit { get; } = unit;
        public double Scale { get; } = scale;
        public Aggregation Aggregation { get; } = aggregation;
        // The series' values in the reader's buffer: its last run of consecutive rows and, when its rows are
        // scattered over the file, the runs before it.
        private int _runStart, _runCount;
        private List<(int Start, int Count)>? _earlierRuns;

        /// <summary>How many values the series has in the buffer.</summary>
        public int Count { get; private set; }

        /// <summary>The value at <paramref name="at"/> in the buffer is this series'.</summary>
        public void Add(int at)
        {
            if (_runCount > 0 && _runStart + _runCount == at)
            {
                _runCount++;
            }
            else
            {
                if (_runCount > 0) (_earlierRuns ??= []).Add((_runStart, _runCount));
                _runStart = at;
                _runCount = 1;
            }
            Count++;
        }

        /// <summary>Marks <paramref name="count"/> values from <paramref name="at"/> as this series'.</summary>
        public void AddRun(int at, int count)
        {
            for (int i = 0; i < count; i++) Add(at + i);
        }

        /// <summary>Where the series' values start when they are one run that ends at <paramref name="end"/>; −1 otherwise.</summary>
        public int OneRunEndingAt(int end) => _earlierRuns is null && _runCount > 0 && _runStart + _runCount == end ? _runStart : -1;

        /// <summary>Its values have left the buffer.</summary>
        public void Clear()
        {
            _runCount = 0;
            _earlierRuns = null;
            Count = 0;
        }

        /// <summary>The series' values: a slice of the buffer when they are one run, else gathered into <paramref name="scratch"/>.</summary>
        public Span<Observation> Values(Observation[] buffer, ref Observation[] scratch)
        {
            if (_earlierRuns is null) return buffer.AsSpan(_runStart, _runCount);
            if (scratch.Length < Count) scratch = new Observation[Count];
            int at = 0;
            foreach (var (start, count) in _earlierRuns)
            {
                buffer.AsSpan(start, count).CopyTo(scratch.AsSpan(at));
                at += count;
            }
            buffer.AsSpan(_runStart, _runCount).CopyTo(scratch.AsSpan(at));
            return scratch.AsSpan(0, Count);
        }

        /// <summary>The series, built when its first run of rows ended; null while its rows are being read or when it has several runs.</summary>
        public MetricSeries? Built { get; set; }

        /// <summary>Whether the series' rows came in more than one run: its values stay in the buffer until the end.</summary>
        public bool Scattered { get; set; }
    }

    // The values not yet made into series, in row order: the current run of rows, and the runs of series whose rows
    // are scattered over the file. A series whose rows come together (the usual layout) is built when its run ends,
    // and its values leave the buffer, so the buffer stays as small as the longest run.
    private Observation[] _values = new Observation[256];
    private int _valueCount;

    private CsvFastReader(byte[] bytes)
    {
        _bytes = bytes;
        _end = bytes.Length;
        _atEnd = true;
        Check();
    }

    private CsvFastReader(Stream stream, byte[] buffer)
    {
        _stream = stream;
        _bytes = buffer;
    }

    /// <summary>The dataset in UTF-8 <paramref name="bytes"/> from <paramref name="start"/> (past any byte-order mark), or null when the validating reader must decide.</summary>
    public static Dataset? TryRead(byte[] bytes, int start)
    {
        try
        {
            return new CsvFastReader(bytes).Read(start);
        }
        catch (Exception)
        {
            // Whatever it was (text that is not UTF-8 included), the validating reader reports it or loads the file.
            return null;
        }
    }

    /// <summary>The size of the blocks a stream is read in; a record longer than a block makes the buffer grow.</summary>
    internal const int BlockSize = 1 << 18;

    /// <summary>
    /// The dataset in a UTF-8 <paramref name="stream"/> read from its current position to its end in blocks, so a
    /// large file is never held whole; null when the validating reader must decide (the stream is then partly read).
    /// Reading errors propagate. <paramref name="blockSize"/> is for tests.
    /// </summary>
    public static Dataset? TryRead(Stream stream, int blockSize = BlockSize)
    {
        // The pool keeps the block for the next load; a test passes small blocks to cut records at every byte.
        var buffer = blockSize == BlockSize ? System.Buffers.ArrayPool<byte>.Shared.Rent(BlockSize) : new byte[blockSize];
        var reader = new CsvFastReader(stream, buffer);
        try
        {
            reader.Fill(0);
            while (reader._end < 4 && !reader._atEnd) reader.Fill(0);   // enough to see a byte-order mark
            var head = reader._bytes.AsSpan(0, reader._end);
            // UTF-16 and UTF-32 files are decoded by the validating reader.
            if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
                || head.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF])) return null;
            return reader.Read(head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0);
        }
        catch (Exception ex) when (ex is not IOException and not UnauthorizedAccessException)
        {
            return null;
        }
        finally
        {
            if (blockSize == BlockSize) System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Keeps the bytes from <paramref name="keep"/> on (moved to the front of the buffer, which grows when they fill
    /// it) and reads more after them; returns how far the bytes moved. At the end of the stream, <see cref="_atEnd"/>.
    /// </summary>
    private int Fill(int keep)
    {
        int kept = _end - keep;
        if (keep > 0) Buffer.BlockCopy(_bytes, keep, _bytes, 0, kept);
        else if (kept == _bytes.Length) Array.Resize(ref _bytes, _bytes.Length * 2);
        _end = kept;
        _checked = Math.Max(0, _checked - keep);   // a byte-order mark is skipped before it is checked
        for (int i = 0; i < _previousCount; i++) _previous[i] = _previous[i] with { Start = _previous[i].Start - keep, End = _previous[i].End - keep };
        while (_end < _bytes.Length)
        {
            int read = _stream!.Read(_bytes, _end, _bytes.Length - _end);
            if (read == 0)
            {
                _atEnd = true;
                break;
            }
            _end += read;
        }
        Check();
        return keep;
    }

    /// <summary>
    /// Checks the bytes read since the last call up to the last line end (the whole rest at the end of the stream):
    /// they must be UTF-8; and notes whether all of the buffer is ASCII. A line end is ASCII, so no character is split.
    /// </summary>
    private void Check()
    {
        int upTo = _atEnd ? _end : _bytes.AsSpan(_checked, _end - _checked).LastIndexOfAny((byte)'\n', (byte)'\r') + 1 + _checked;
        if (upTo <= _checked) return;
        var fresh = _bytes.AsSpan(_checked, upTo - _checked);
        // ASCII text is UTF-8 text; other text must be well-formed UTF-8 to be read here.
        bool ascii = Ascii.IsValid(fresh);
        if (!ascii && !System.Text.Unicode.Utf8.IsValid(fresh)) throw new GiveUp();
        _ascii = ascii && (_checked == 0 || Ascii.IsValid(_bytes.AsSpan(0, _checked)));
        _checked = upTo;
    }

    private Dataset Read(int pos)
    {
        bool header = true;
        while (pos < _end || !_atEnd)
        {
            int next = Tokenize(pos);
            if (next < 0)
            {
                // The record runs past the bytes read: read more, keeping the record before it (for SameAsPrevious).
                int keep = _previousCount > 0 ? Math.Min(pos, Math.Max(0, _previous[0].Start - 1)) : pos;
                pos -= Fill(keep);
                continue;
            }
            pos = next;
            if (IsBlank()) continue;
            if (header)
            {
                ReadHeader();
                header = false;
            }
            else
            {
                ReadRow();
            }
        }
        if (header) throw new GiveUp();   // no header: the validating reader says the file is empty
        if (_lastSeries is not null) EndRun(_lastSeries, _lastEntity!);
        var entities = new List<Entity>(_order.Count);
        var scratch = Array.Empty<Observation>();
        foreach (var e in _order)
        {
            var calendar = Calendar(e);
            var series = new List<MetricSeries>(e.Series.Count);
            foreach (var s in e.Series)
            {
                if (s.Built is { } built)
                {
                    series.Add(built);
                    continue;
                }
                series.Add(new MetricSeries(s.Metric, s.Variant, s.Unit, s.Aggregation, calendar, s.Values(_values, ref scratch)));
            }
            entities.Add(new Entity(e.Id, e.Name ?? e.Id, calendar, series));
        }
        return new Dataset(entities, null);
    }

    private static FiscalCalendar Calendar(EntityState e) => new(e.FiscalYearEndMonth == 0 ? 12 : e.FiscalYearEndMonth);

    /// <summary>
    /// The rows of <paramref name="series"/> stop here. If they were its first and only run, and are the last values in
    /// the buffer, it is built now and its values leave the buffer; otherwise its values stay until the end.
    /// </summary>
    private void EndRun(SeriesState series, EntityState entity)
    {
        if (series.Built is not null || series.Scattered) return;
        int start = series.OneRunEndingAt(_valueCount);
        if (start >= 0)
        {
            series.Built = new MetricSeries(series.Metric, series.Variant, series.Unit, series.Aggregation, Calendar(entity), _values.AsSpan(start, series.Count));
            series.Clear();
            _valueCount = start;
        }
        else
        {
            series.Scattered = true;
        }
    }

    /// <summary>A series built early has more rows (or its entity's calendar changed): its values go back into the buffer.</summary>
    private void Reopen(SeriesState series)
    {
        if (series.Built is not { } built) return;
        int count = built.CopyObservations(ref _values, _valueCount);
        series.Built = null;
        series.Scattered = true;
        series.AddRun(_valueCount, count);
        _valueCount += count;
    }

    /// <summary>
    /// Splits the record at <paramref name="pos"/> into <see cref="_fields"/>; returns where the next one starts, or −1
    /// when the record may go on past the bytes read (or past the bytes checked to be UTF-8) and more must be read first.
    /// </summary>
    private int Tokenize(int pos)
    {
        if (Vector256.IsHardwareAccelerated && TokenizeUnquoted(pos) is var next and >= 0) return next;
        var b = _bytes;
        int n = _atEnd ? _end : _checked;
        _fieldCount = 0;
        while (true)
        {
            Field field;
            if (pos < n && b[pos] == '"')
            {
                int start = ++pos;
                bool escaped = false;
                while (true)
                {
                    int q = Array.IndexOf(b, (byte)'"', pos, n - pos);
                    if (q < 0) return _atEnd ? throw new GiveUp() : -1;   // not closed
                    if (q + 1 < n && b[q + 1] == '"')
                    {
                        escaped = true;
                        pos = q + 2;
                        continue;
                    }
                    field = new Field(start, q, true, escaped);
                    pos = q + 1;
                    break;
                }
                if (pos < n && b[pos] is not ((byte)',' or (byte)'\r' or (byte)'\n')) throw new GiveUp();
            }
            else
            {
                // Fields are short: a plain loop beats a vectorised search here.
                int start = pos;
                while (pos < n && b[pos] is not ((byte)',' or (byte)'\r' or (byte)'\n')) pos++;
                field = new Field(start, pos, false, false);
            }
            AddField(field);
            if (pos < n && b[pos] == ',')
            {
                pos++;
                continue;
            }
            if (pos < n) return PastLineEnd(pos, n);
            return _atEnd ? pos : -1;
        }
    }

    /// <summary>
    /// The common record, split 32 bytes at a time: no quotes, and its line end within the bytes checked. Returns where
    /// the next record starts, or −1 when the record is not like that (a quote, the end of the bytes, a CR whose line
    /// feed is not read yet) and <see cref="Tokenize"/> splits it byte by byte.
    /// </summary>
    private int TokenizeUnquoted(int pos)
    {
        var b = _bytes;
        int n = _atEnd ? _end : _checked;
        _fieldCount = 0;
        int start = pos;
        ref byte first = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(b);
        for (int at = pos; at + Vector256<byte>.Count <= b.Length && at < n; at += Vector256<byte>.Count)
        {
            var v = Vector256.LoadUnsafe(ref first, (nuint)at);
            uint commas = Vector256.Equals(v, Vector256.Create((byte)',')).ExtractMostSignificantBits();
            uint stops = (Vector256.Equals(v, Vector256.Create((byte)'\n')) | Vector256.Equals(v, Vector256.Create((byte)'\r'))
                | Vector256.Equals(v, Vector256.Create((byte)'"'))).ExtractMostSignificantBits();
            if (n - at < Vector256<byte>.Count)
            {
                uint inside = (1u << (n - at)) - 1;
                commas &= inside;
                stops &= inside;
            }
            if (stops != 0) commas &= (1u << BitOperations.TrailingZeroCount(stops)) - 1;
            while (commas != 0)
            {
                int comma = at + BitOperations.TrailingZeroCount(commas);
                AddField(new Field(start, comma, false, false));
                start = comma + 1;
                commas &= commas - 1;
            }
            if (stops == 0) continue;
            int stop = at + BitOperations.TrailingZeroCount(stops);
            if (b[stop] == '"') return -1;
            AddField(new Field(start, stop, false, false));
            return PastLineEnd(stop, n);
        }
        return -1;
    }

    private void AddField(Field field)
    {
        if (_fieldCount == _fields.Length)
        {
            Array.Resize(ref _fields, _fields.Length * 2);
            Array.Resize(ref _previous, _fields.Length);
        }
        _fields[_fieldCount++] = field;
    }

    /// <summary>
    /// Where the next record starts after the line end at <paramref name="end"/> (CR, LF or CRLF), or −1 for a CR that
    /// is the last byte checked: whether a line feed follows is not known yet.
    /// </summary>
    private int PastLineEnd(int end, int n)
    {
        if (_bytes[end] != '\r') return end + 1;
        if (end + 1 < n) return _bytes[end + 1] == '\n' ? end + 2 : end + 1;
        return _atEnd ? end + 1 : -1;
    }

    private bool IsBlank()
    {
        for (int i = 0; i < _fieldCount; i++)
            if (_fields[i].Quoted || !IsWhiteSpace(_fields[i])) return false;
        return true;
    }

    private bool IsWhiteSpace(Field f)
    {
        var s = _bytes.AsSpan(f.Start, f.End - f.Start);
        foreach (byte c in s)
        {
            if (c >= 0x80) return string.IsNullOrWhiteSpace(Encoding.UTF8.GetString(s));
            if (!char.IsWhiteSpace((char)c)) return false;
        }
        return true;
    }

    private void ReadHeader()
    {
        Array.Fill(_column, -1);
        for (int i = 0; i < _fieldCount; i++)
        {
            string text = Text(_fields[i]).Trim();
            int k = Array.FindIndex(Known, name => name.Equals(text, StringComparison.OrdinalIgnoreCase));
            if (k < 0) continue;
            if (_column[k] >= 0) throw new GiveUp();
            _column[k] = i;
        }
        if (_column[Entity] < 0 || _column[Metric] < 0 || _column[PeriodColumn] < 0 || _column[Value] < 0) throw new GiveUp();
        _headerCount = _fieldCount;
        _sourceIsLast = _column[Source] == _fieldCount - 1;
        // The fields that name or describe the series, as runs of neighbouring fields; the source, when last, runs to the row's end.
        var fields = SeriesColumns.Where(c => _column[c] >= 0).Select(c => _column[c]).Order().ToList();
        var ranges = new List<(int From, int To)>();
        foreach (int i in fields)
        {
            int to = _sourceIsLast && i == _column[Source] ? int.MaxValue : i;
            if (ranges.Count > 0 && ranges[^1].To == i - 1) ranges[^1] = (ranges[^1].From, to);
            else ranges.Add((i, to));
        }
        _seriesRanges = [.. ranges];
        _lastColumnIsRead = Array.IndexOf(_column, _fieldCount - 1) >= 0 && !_sourceIsLast;
    }

    private void ReadRow()
    {
        if (_fieldCount > _headerCount && _lastColumnIsRead)
            for (int i = _headerCount; i < _fieldCount; i++)
                if (_fields[i].Quoted || !IsWhiteSpace(_fields[i])) throw new GiveUp();

        if (_lastSeries is not null && SameAsPrevious())
        {
            // The commonest case: the row before had the same entity, series, name and source.
            AddValue(_lastSeries, _lastOrigin);
            return;
        }

        var entityCell = Cell(Entity);
        if (entityCell.IsEmpty) throw new GiveUp();
        var entity = _lastEntity is not null && entityCell.SequenceEqual(_lastIdBytes) ? _lastEntity : FindEntity(entityCell);

        var metricCell = Cell(Metric);
        if (metricCell.IsEmpty) throw new GiveUp();

        var variant = Variant.Actual;
        var variantCell = Cell(VariantColumn);
        if (!variantCell.IsEmpty)
        {
            variant = Ascii.EqualsIgnoreCase(variantCell, "actual"u8) ? Variant.Actual
                : Ascii.EqualsIgnoreCase(variantCell, "consensus"u8) ? Variant.Consensus
                : throw new GiveUp();
        }

        string unit = _column[Unit] >= 0 ? TextCell(Unit) ?? "" : "";
        double scale = Number(Cell(Scale), required: false, 1);
        if (scale == 0) throw new GiveUp();

        var aggregation = Aggregation.None;
        var aggregationCell = Cell(AggregationColumn);
        if (!aggregationCell.IsEmpty)
        {
            aggregation = Ascii.EqualsIgnoreCase(aggregationCell, "sum"u8) ? Aggregation.Sum
                : Ascii.EqualsIgnoreCase(aggregationCell, "last"u8) ? Aggregation.Last
                : Ascii.EqualsIgnoreCase(aggregationCell, "none"u8) ? Aggregation.None
                : throw new GiveUp();
        }

        ObservationOrigin? origin = null;
        if (_column[Source] >= 0 && SourceCell() is { } source && !_origins.TryGetValue(source, out origin))
        {
            origin = new ObservationOrigin { Source = source };
            _origins.Add(source, origin);
        }

        if (_column[Name] >= 0 && TextCell(Name) is { } name)
        {
            if (entity.Name is null) entity.Name = name;
            else if (!string.Equals(name, entity.Name, StringComparison.Ordinal)) throw new GiveUp();
        }
        var fyCell = Cell(FiscalYearEndMonth);
        if (!fyCell.IsEmpty)
        {
            if (!int.TryParse(fyCell, NumberStyles.Integer, CultureInfo.InvariantCulture, out int month) || month is < 1 or > 12) throw new GiveUp();
            if (entity.FiscalYearEndMonth == 0)
            {
                entity.FiscalYearEndMonth = month;
                // Series built with the default calendar are built again, with this one, at the end.
                if (month != 12)
                    foreach (var built in entity.Series)
                        Reopen(built);
            }
            else if (month != entity.FiscalYearEndMonth) throw new GiveUp();
        }

        var series = _lastSeries;
        if (series is null || !ReferenceEquals(entity, _lastEntity) || series.Variant != variant || !metricCell.SequenceEqual(_lastMetricBytes))
        {
            string metric = Identifier(metricCell);
            var key = (entity.Id, metric, variant);
            if (!_series.TryGetValue(key, out series))
            {
                series = new SeriesState(metric, variant, unit, scale, aggregation);
                _series.Add(key, series);
                entity.Series.Add(series);
            }
            _lastMetricBytes = metricCell.ToArray();
        }
        if (!ReferenceEquals(series, _lastSeries))
        {
            if (_lastSeries is not null) EndRun(_lastSeries, _lastEntity!);
            Reopen(series);
        }
        if (!string.Equals(unit, series.Unit, StringComparison.Ordinal) || scale != series.Scale || aggregation != series.Aggregation)
            throw new GiveUp();
        _lastEntity = entity;
        _lastSeries = series;
        _lastOrigin = origin;
        AddValue(series, origin);
    }

    private ObservationOrigin? _lastOrigin;

    /// <summary>The row's period, value and published day, added to its series.</summary>
    private void AddValue(SeriesState series, ObservationOrigin? origin)
    {
        var periodCell = Cell(PeriodColumn);
        if (!Period.TryParseUtf8(periodCell, out var period) || period.IsCalendar) throw new GiveUp();

        double value = Number(Cell(Value), required: true, 0);
        int filed = Observation.Unfiled;
        var filedCell = Cell(Filed);
        if (!filedCell.IsEmpty && !JsonFastReader.TryParseDay(filedCell, out filed)) throw new GiveUp();

        double scaled = value * series.Scale;
        if (!double.IsFinite(scaled)) throw new GiveUp();
        if (_valueCount == _values.Length) Array.Resize(ref _values, _values.Length * 2);
        _values[_valueCount] = new Observation(period, scaled, filed, origin);
        series.Add(_valueCount);
        _valueCount++;
        (_fields, _previous) = (_previous, _fields);
        _previousCount = _fieldCount;
    }

    private Field[] _previous = new Field[16];
    private int _previousCount = -1;

    private static readonly int[] SeriesColumns = [Entity, Metric, VariantColumn, Unit, Scale, AggregationColumn, Name, FiscalYearEndMonth, Source];
    private (int From, int To)[] _seriesRanges = [];   // field indexes, inclusive, of those the header has

    /// <summary>
    /// Whether every cell that names the entity and series, or describes them, is the same as in the row before. Each
    /// run of neighbouring fields is compared as one slice of text, quotes and commas included: the same text splits
    /// into the same fields.
    /// </summary>
    private bool SameAsPrevious()
    {
        if (_previousCount != _fieldCount) return false;
        var b = _bytes;
        foreach (var (from, last) in _seriesRanges)
        {
            if (from >= _fieldCount) continue;
            int to = Math.Min(last, _fieldCount - 1);
            int start = RawStart(_fields[from]), length = RawEnd(_fields[to]) - start;
            int previousStart = RawStart(_previous[from]), previousLength = RawEnd(_previous[to]) - previousStart;
            if (!b.AsSpan(start, length).SequenceEqual(b.AsSpan(previousStart, previousLength))) return false;
        }
        return true;

        static int RawStart(Field f) => f.Quoted ? f.Start - 1 : f.Start;
        static int RawEnd(Field f) => f.Quoted ? f.End + 1 : f.End;
    }

    private byte[] _lastIdBytes = [], _lastMetricBytes = [];

    private EntityState FindEntity(ReadOnlySpan<byte> cell)
    {
        string id = Identifier(cell);
        if (!_entities.TryGetValue(id, out var entity))
        {
            entity = new EntityState(id);
            _entities.Add(id, entity);
            _order.Add(entity);
        }
        _lastIdBytes = cell.ToArray();
        return entity;
    }

    /// <summary>An entity id or metric name: ASCII letters, digits and underscores, starting with a letter or underscore.</summary>
    private string Identifier(ReadOnlySpan<byte> text)
    {
        if (!(char.IsAsciiLetter((char)text[0]) || text[0] == '_')) throw new GiveUp();
        foreach (byte c in text)
            if (!(char.IsAsciiLetterOrDigit((char)c) || c == '_')) throw new GiveUp();
        return _names.Get(text);
    }

    private static double Number(ReadOnlySpan<byte> cell, bool required, double otherwise)
    {
        if (cell.IsEmpty)
        {
            if (required) throw new GiveUp();
            return otherwise;
        }
        if (!DecimalText.TryParse(cell, out double value)
            && (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))) throw new GiveUp();
        return value;
    }

    /// <summary>
    /// A cell read as ASCII: trimmed (a quoted cell keeps its spaces); empty when the column is absent, the row
    /// short or the cell empty. Non-ASCII text or doubled quotes give up: those columns only take ASCII values.
    /// </summary>
    private ReadOnlySpan<byte> Cell(int column)
    {
        int i = _column[column];
        if (i < 0 || i >= _fieldCount) return default;
        var f = _fields[i];
        if (f.Escaped) throw new GiveUp();
        var s = _bytes.AsSpan(f.Start, f.End - f.Start);
        if (!_ascii && !Ascii.IsValid(s)) throw new GiveUp();
        if (f.Quoted) return s;
        int a = 0, b = s.Length;
        while (a < b && char.IsWhiteSpace((char)s[a])) a++;
        while (b > a && char.IsWhiteSpace((char)s[b - 1])) b--;
        return s[a..b];
    }

    /// <summary>A free-text cell (unit, name, source) as the validating reader gives it: null when empty.</summary>
    private string? TextCell(int column)
    {
        int i = _column[column];
        if (i >= _fieldCount) return null;
        var f = _fields[i];
        var raw = _bytes.AsSpan(f.Start, f.End - f.Start);
        if (!f.Quoted && Ascii.IsValid(raw))
        {
            int a = 0, b = raw.Length;
            while (a < b && char.IsWhiteSpace((char)raw[a])) a++;
            while (b > a && char.IsWhiteSpace((char)raw[b - 1])) b--;
            return a == b ? null : _names.Get(raw[a..b]);
        }
        string text = f.Quoted ? Text(f) : Text(f).Trim();
        return text.Length == 0 ? null : _names.Get(text.AsSpan());
    }

    /// <summary>The source; in the last column, the rest of the row, commas included.</summary>
    private string? SourceCell()
    {
        int i = _column[Source];
        if (!_sourceIsLast || _fieldCount <= i + 1) return TextCell(Source);
        var sb = new StringBuilder();
        for (int k = i; k < _fieldCount; k++)
        {
            if (k > i) sb.Append(',');
            sb.Append(Text(_fields[k]));
        }
        string text = sb.ToString().Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>The text of a field, doubled quotes undone.</summary>
    private string Text(Field f)
    {
        string text = Encoding.UTF8.GetString(_bytes, f.Start, f.End - f.Start);
        return f.Escaped ? text.Replace("\"\"", "\"", StringComparison.Ordinal) : text;
    }
}
