using FinQuery.Evaluation;
using FinQuery.Formatting;

namespace FinQuery;

/// <summary>What a query evaluated to (the JSON <c>type</c> of finq's output).</summary>
public enum ResultKind
{
    /// <summary>A number with a unit.</summary>
    Number,
    /// <summary>A percent; <see cref="QueryResult.Number"/> holds the ratio (0.11 for 11%).</summary>
    Percent,
    /// <summary>A period, such as the answer of <c>first(...)</c>.</summary>
    Period,
    /// <summary>A range of periods.</summary>
    Range,
    /// <summary>True or false.</summary>
    Bool,
    /// <summary>A series: period → number (1 or 0 for a boolean series).</summary>
    Series,
    /// <summary>Not available: see <see cref="QueryResult.NaKind"/> and <see cref="QueryResult.Reason"/>.</summary>
    NA,
}

/// <summary>
/// The typed result of evaluating a query. A struct: reading a number result allocates nothing;
/// <see cref="Display"/> and <see cref="Series"/> build their text and lists on demand. <c>default(QueryResult)</c>, a
/// buffer slot no evaluation wrote, is NA with the reason "not evaluated".
/// </summary>
public readonly struct QueryResult
{
    // Kept to 16 bytes: a screen writes one result per entity into the caller's buffer, and for thousands of
    // entities that write is much of the cost of the screen. A number, boolean or period is held in the bits beside
    // the shape every such result of the query shares (type, aggregation, calendar); an NA, range or series holds its
    // object and the shape in a box of its own.
    private readonly long _bits;
    private readonly object? _state;

    /// <param name="value">The value.</param>
    /// <param name="shape">A shape of the value's kind (<c>BoundQuery.ShapeFor(value.Kind, …)</c>).</param>
    internal QueryResult(Value value, ResultShape shape)
    {
        System.Diagnostics.Debug.Assert(shape.Kind == value.Kind);
        var reference = value.Reference;
        if (reference is null && value.Kind != ValueKind.Na)
        {
            // A number, boolean or period.
            _bits = value.Kind == ValueKind.Period ? Pack(value.AsPeriod) : BitConverter.DoubleToInt64Bits(value.AsNumber);
            _state = shape;
        }
        else
        {
            _bits = BitConverter.DoubleToInt64Bits(value.AsNumber);
            _state = new Boxed(reference ?? NotEvaluated, shape);
        }
    }

    internal QueryResult(Value value, QType type, Provenance? provenance, Aggregation? aggregation = null, FiscalCalendar calendar = default)
        : this(value, new ResultShape(value.Kind, type, aggregation, provenance, calendar))
    {
    }

    /// <summary>An NA, range or series result: its object (<see cref="NaInfo"/>, <see cref="RangeBox"/>, <see cref="ComputedSeries"/>) and the shape.</summary>
    private sealed class Boxed(object reference, ResultShape shape)
    {
        public object Reference { get; } = reference;
        public ResultShape Shape { get; } = shape;
        public ValueKind Kind { get; } = reference switch
        {
            RangeBox => ValueKind.Range,
            ComputedSeries => ValueKind.Series,
            _ => ValueKind.Na,
        };
    }

    // A period in the bits: its ordinal, frequency and calendar flag.
    private static long Pack(Period p) => (uint)p.Ordinal | (long)p.Frequency << 32 | (p.IsCalendar ? 1L << 40 : 0);

    private static Period Unpack(long bits)
    {
        var p = FinQuery.Period.FromOrdinal((Frequency)(byte)(bits >> 32), (int)(uint)bits);
        return (bits & 1L << 40) != 0 ? p.AsCalendar() : p;
    }

    private ResultShape? Shape => _state as ResultShape ?? (_state as Boxed)?.Shape;

    /// <summary>The kind of value, read without putting the value together.</summary>
    private ValueKind HeldKind => _state switch
    {
        ResultShape shape => shape.Kind,
        Boxed box => box.Kind,
        _ => ValueKind.Na,
    };

    /// <summary>The value, put together again.</summary>
    internal Value Value => _state switch
    {
        ResultShape shape => shape.Kind switch
        {
            ValueKind.Period => Value.Of(Unpack(_bits)),
            ValueKind.Bool => Value.Bool(BitConverter.Int64BitsToDouble(_bits) != 0),
            _ => Value.Number(BitConverter.Int64BitsToDouble(_bits)),
        },
        Boxed box => Value.FromParts(box.Kind, BitConverter.Int64BitsToDouble(_bits), default, box.Reference),
        _ => Value.Na(NotEvaluated),
    };

    // default(QueryResult) (a buffer slot never written) reads as NA "not evaluated", a plain number type, no unit.
    private QType Type => Shape?.Type ?? QType.Number();
    private static readonly NaInfo NotEvaluated = new(FinQuery.NaKind.Missing, "not evaluated");
    // Every NA result holds its NaInfo (an unwritten one reads as NotEvaluated).
    private NaInfo Na => Value.AsNa;

    /// <summary>
    /// The fiscal calendar that writes this result's periods: the series' own for a series result, else the
    /// entity's. <c>result.Calendar.Format(p)</c> writes <c>FY2024Q2</c> for an entity whose year does not end in
    /// December, <c>CY2023Q2</c> for a calendar period, <c>2023Q2</c> otherwise; <see cref="Display"/> does the same.
    /// </summary>
    public FiscalCalendar Calendar => _state is Boxed { Reference: ComputedSeries series } ? series.Calendar : Shape?.Calendar ?? default;

    /// <summary>
    /// How the query's series aggregates (<see cref="FinQuery.Aggregation.Sum"/> for flows, <see cref="FinQuery.Aggregation.Last"/>
    /// for balances, <see cref="FinQuery.Aggregation.None"/> for ratios and percents), inferred from the query; null for a
    /// query that is not series-valued. Charts draw <c>sum</c> series as bars and the others as lines.
    /// </summary>
    public Aggregation? Aggregation => Shape?.Aggregation;

    /// <summary>The kind of value.</summary>
    public ResultKind Kind => HeldKind switch
    {
        ValueKind.Na => ResultKind.NA,
        ValueKind.Number => Type.Unit == Units.Percent ? ResultKind.Percent : ResultKind.Number,
        ValueKind.Bool => ResultKind.Bool,
        ValueKind.Period => ResultKind.Period,
        ValueKind.Range => ResultKind.Range,
        _ => ResultKind.Series,
    };

    /// <summary>True when the result is NA.</summary>
    public bool IsNa => HeldKind == ValueKind.Na;

    /// <summary>The number (a ratio for a percent); NaN unless <see cref="Kind"/> is Number or Percent.</summary>
    public double Number => _state is ResultShape { Kind: ValueKind.Number } ? BitConverter.Int64BitsToDouble(_bits) : double.NaN;

    /// <summary>The unit of a number or series: <c>USD</c>, <c>count</c>, <c>%</c> for percent, <c>""</c> for a plain number or ratio.</summary>
    public string Unit => Type.Unit;

    /// <summary>The boolean, when <see cref="Kind"/> is Bool.</summary>
    public bool? Bool => HeldKind == ValueKind.Bool ? Value.AsBool : null;

    /// <summary>The period, when <see cref="Kind"/> is Period.</summary>
    public Period? Period => HeldKind == ValueKind.Period ? Value.AsPeriod : null;

    /// <summary>The range, when <see cref="Kind"/> is Range.</summary>
    public PeriodRange? Range => HeldKind == ValueKind.Range ? Value.AsRange : null;

    /// <summary>True when the result is a series of booleans (values 1 and 0).</summary>
    public bool IsBoolSeries => Type.Kind == TypeKind.BoolSeries;

    /// <summary>The points of a series result in period order (empty otherwise).</summary>
    public IReadOnlyList<KeyValuePair<Period, double>> Series
    {
        get
        {
            if (HeldKind != ValueKind.Series) return [];
            var s = Value.AsSeries;
            var list = new List<KeyValuePair<Period, double>>(s.Count);
            for (int i = 0; i < s.Count; i++) list.Add(new(s.PeriodAt(i), s.Values[i]));
            return list;
        }
    }

    /// <summary>Why the result is NA; <see cref="FinQuery.NaKind.None"/> otherwise.</summary>
    public NaKind NaKind => IsNa ? Na.Kind : NaKind.None;

    /// <summary>The reason for NA, naming the metric and period (<c>no revenue for 2019Q3</c>); null otherwise.</summary>
    public string? Reason => IsNa ? Na.Reason : null;

    /// <summary>The observations and derivations the result used; null unless evaluated with an explanation.</summary>
    public Provenance? Provenance => Shape?.Provenance;

    /// <summary>
    /// Display text in the invariant culture: <c>31.999B USD</c>, <c>+11.0%</c>, <c>71,469</c>, <c>2023Q2</c>,
    /// <c>true</c>, <c>n/a: no revenue for 2019Q3</c>, <c>n/m: revenue for 2022Q2 is negative: …</c>.
    /// </summary>
    public string Display => HeldKind switch
    {
        ValueKind.Na => (Na.Kind == NaKind.NotMeaningful ? "n/m: " : "n/a: ") + Na.Reason,
        ValueKind.Number => ValueFormatter.Number(Value.AsNumber, Type.Unit, signed: !Type.Share),
        ValueKind.Bool => Value.AsBool ? "true" : "false",
        ValueKind.Period => Calendar.Format(Value.AsPeriod),
        ValueKind.Range => Value.AsRange.Format(Calendar),
        _ => DisplaySeries(),
    };

    private string DisplaySeries()
    {
        var points = Series;
        if (points.Count == 0) return "(empty series)";
        var self = this;
        var calendar = Calendar;
        return string.Join(", ", points.Select(p => $"{calendar.Format(p.Key)}: {self.FormatPoint(p.Value)}"));
    }

    /// <summary>
    /// Display text of one point of a series result (or any number) in this result's unit, as
    /// <see cref="Display"/> writes it: <c>31.999B USD</c>, <c>+11.0%</c>; <c>true</c>/<c>false</c> for a boolean series.
    /// </summary>
    public string FormatPoint(double value) =>
        IsBoolSeries ? (value != 0 ? "true" : "false") : ValueFormatter.Number(value, Type.Unit, signed: !Type.Share);

    /// <summary>Same as <see cref="Display"/>.</summary>
    public override string ToString() => Display;
}

/// <summary>
/// What results of a query share: the kind of value, the type, the aggregation, the calendar that writes their periods
/// and, for an explained result, its provenance. A bound query keeps one per kind and calendar (<c>BoundQuery.ShapeFor</c>).
/// </summary>
internal sealed record ResultShape(ValueKind Kind, QType Type, Aggregation? Aggregation, Provenance? Provenance, FiscalCalendar Calendar);
