namespace FinQuery.Evaluation;

internal enum ValueKind : byte { Na, Number, Bool, Period, Range, Series }

/// <summary>Why a value is not available.</summary>
internal sealed class NaInfo(NaKind kind, string reason)
{
    public NaKind Kind { get; } = kind;
    public string Reason { get; } = reason;
}

/// <summary>
/// A runtime value. A struct so that numbers, booleans and periods flow through evaluation
/// without boxing; series, ranges and NA reasons are references.
/// </summary>
internal readonly struct Value
{
    private readonly double _number;
    private readonly object? _ref;
    private readonly Period _period;
    public readonly ValueKind Kind;

    private Value(ValueKind kind, double number, Period period, object? reference)
    {
        Kind = kind;
        _number = number;
        _period = period;
        _ref = reference;
    }

    public static Value Number(double v) => new(ValueKind.Number, v, default, null);
    public static Value Bool(bool b) => new(ValueKind.Bool, b ? 1 : 0, default, null);
    public static Value Of(Period p) => new(ValueKind.Period, 0, p, null);
    public static Value Of(RangeBox r) => new(ValueKind.Range, 0, default, r);
    public static Value Of(ComputedSeries s) => new(ValueKind.Series, 0, default, s);
    public static Value Na(NaInfo info) => new(ValueKind.Na, double.NaN, default, info);
    public static Value Missing(string reason) => Na(new NaInfo(NaKind.Missing, reason));
    public static Value NotMeaningful(string reason) => Na(new NaInfo(NaKind.NotMeaningful, reason));

    /// <summary>A value from the parts <see cref="QueryResult"/> keeps: what the constructor of its kind was given.</summary>
    public static Value FromParts(ValueKind kind, double number, Period period, object? reference) => new(kind, number, period, reference);

    /// <summary>The object a value of kind NA, range or series holds; null for the others.</summary>
    public object? Reference => _ref;

    public bool IsNa => Kind == ValueKind.Na;
    public double AsNumber => _number;
    public bool AsBool => _number != 0;
    public Period AsPeriod => _period;
    public PeriodRange AsRange => ((RangeBox)_ref!).Range;
    public NaInfo AsNa => (NaInfo)_ref!;
    /// <summary>A materialised series (the answer of a series-valued query, or the input of first/last).</summary>
    public ComputedSeries AsSeries => (ComputedSeries)_ref!;
}

/// <summary>A range held by reference so that <see cref="Value"/> stays small; made once at bind time.</summary>
internal sealed class RangeBox(PeriodRange range)
{
    public PeriodRange Range { get; } = range;
}

