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
    // Kept small (the value, one reference to what all results of a query share, the calendar): a screen writes one
    // result per entity into the caller's buffer, and that write is a good part of the cost of a screen.
    private readonly Value _value;
    private readonly ResultShape? _shape;
    private readonly FiscalCalendar _calendar;

    internal QueryResult(Value value, ResultShape shape, FiscalCalendar calendar)
    {
        _value = value;
        _shape = shape;
        _calendar = calendar;
    }

    internal QueryResult(Value value, QType type, Provenance? provenance, Aggregation? aggregation = null, FiscalCalendar calendar = default)
        : this(value, new ResultShape(type, aggregation, provenance), calendar)
    {
    }

    // default(QueryResult) (a buffer slot never written) reads as NA "not evaluated", a plain number type, no unit.
    private QType Type => _shape?.Type ?? QType.Number();
    private static readonly NaInfo NotEvaluated = new(FinQuery.NaKind.Missing, "not evaluated");
    private NaInfo Na => _value.AsNaOrNull ?? NotEvaluated;

    /// <summary>
    /// The fiscal calendar that writes this result's periods: the series' own for a series result, else the
    /// entity's. <c>result.Calendar.Format(p)</c> writes <c>FY2024Q2</c> for an entity whose year does not end in
    /// December, <c>CY2023Q2</c> for a calendar period, <c>2023Q2</c> otherwise; <see cref="Display"/> does the same.
    /// </summary>
    public FiscalCalendar Calendar => _value.Kind == ValueKind.Series ? _value.AsSeries.Calendar : _calendar;

    /// <summary>
    /// How the query's series aggregates (<see cref="FinQuery.Aggregation.Sum"/> for flows, <see cref="FinQuery.Aggregation.Last"/>
    /// for balances, <see cref="FinQuery.Aggregation.None"/> for ratios and percents), inferred from the query; null for a
    /// query that is not series-valued. Charts draw <c>sum</c> series as bars and the others as lines.
    /// </summary>
    public Aggregation? Aggregation => _shape?.Aggregation;

    /// <summary>The kind of value.</summary>
    public ResultKind Kind => _value.Kind switch
    {
        ValueKind.Na => ResultKind.NA,
        ValueKind.Number => Type.Unit == Units.Percent ? ResultKind.Percent : ResultKind.Number,
        ValueKind.Bool => ResultKind.Bool,
        ValueKind.Period => ResultKind.Period,
        ValueKind.Range => ResultKind.Range,
        _ => ResultKind.Series,
    };

    /// <summary>True when the result is NA.</summary>
    public bool IsNa => _value.IsNa;

    /// <summary>The number (a ratio for a percent); NaN unless <see cref="Kind"/> is Number or Percent.</summary>
    public double Number => _value.Kind == ValueKind.Number ? _value.AsNumber : double.NaN;

    /// <summary>The unit of a number or series: <c>USD</c>, <c>count</c>, <c>%</c> for percent, <c>""</c> for a plain number or ratio.</summary>
    public string Unit => Type.Unit;

    /// <summary>The boolean, when <see cref="Kind"/> is Bool.</summary>
    public bool? Bool => _value.Kind == ValueKind.Bool ? _value.AsBool : null;

    /// <summary>The period, when <see cref="Kind"/> is Period.</summary>
    public Period? Period => _value.Kind == ValueKind.Period ? _value.AsPeriod : null;

    /// <summary>The range, when <see cref="Kind"/> is Range.</summary>
    public PeriodRange? Range => _value.Kind == ValueKind.Range ? _value.AsRange : null;

    /// <summary>True when the result is a series of booleans (values 1 and 0).</summary>
    public bool IsBoolSeries => Type.Kind == TypeKind.BoolSeries;

    /// <summary>The points of a series result in period order (empty otherwise).</summary>
    public IReadOnlyList<KeyValuePair<Period, double>> Series
    {
        get
        {
            if (_value.Kind != ValueKind.Series) return [];
            var s = _value.AsSeries;
            var list = new List<KeyValuePair<Period, double>>(s.Count);
            for (int i = 0; i < s.Count; i++) list.Add(new(s.PeriodAt(i), s.Values[i]));
            return list;
        }
    }

    /// <summary>Why the result is NA; <see cref="FinQuery.NaKind.None"/> otherwise.</summary>
    public NaKind NaKind => _value.IsNa ? Na.Kind : NaKind.None;

    /// <summary>The reason for NA, naming the metric and period (<c>no revenue for 2019Q3</c>); null otherwise.</summary>
    public string? Reason => _value.IsNa ? Na.Reason : null;

    /// <summary>The observations and derivations the result used; null unless evaluated with an explanation.</summary>
    public Provenance? Provenance => _shape?.Provenance;

    /// <summary>
    /// Display text in the invariant culture: <c>31.999B USD</c>, <c>+11.0%</c>, <c>71,469</c>, <c>2023Q2</c>,
    /// <c>true</c>, <c>n/a: no revenue for 2019Q3</c>, <c>n/m: revenue for 2022Q2 is negative: …</c>.
    /// </summary>
    public string Display => _value.Kind switch
    {
        ValueKind.Na => (Na.Kind == NaKind.NotMeaningful ? "n/m: " : "n/a: ") + Na.Reason,
        ValueKind.Number => ValueFormatter.Number(_value.AsNumber, Type.Unit, signed: !Type.Share),
        ValueKind.Bool => _value.AsBool ? "true" : "false",
        ValueKind.Period => Calendar.Format(_value.AsPeriod),
        ValueKind.Range => _value.AsRange.Format(Calendar),
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

/// <summary>What the results of one evaluation share: the type, the aggregation and, for an explained result, its provenance.</summary>
internal sealed record ResultShape(QType Type, Aggregation? Aggregation, Provenance? Provenance);
