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
    public static Value Of(MetricSeries s) => new(ValueKind.Series, 0, default, s);
    public static Value Of(ComputedSeries s) => new(ValueKind.Series, 0, default, s);
    public static Value Na(NaInfo info) => new(ValueKind.Na, double.NaN, default, info);
    public static Value Missing(string reason) => Na(new NaInfo(NaKind.Missing, reason));
    public static Value NotMeaningful(string reason) => Na(new NaInfo(NaKind.NotMeaningful, reason));

    public bool IsNa => Kind == ValueKind.Na;
    public double AsNumber => _number;
    public bool AsBool => _number != 0;
    public Period AsPeriod => _period;
    public PeriodRange AsRange => ((RangeBox)_ref!).Range;
    public NaInfo AsNa => (NaInfo)_ref!;
    /// <summary>A <see cref="MetricSeries"/> or a <see cref="ComputedSeries"/>.</summary>
    public object AsSeries => _ref!;
}

/// <summary>A range held by reference so that <see cref="Value"/> stays small; made once at bind time.</summary>
internal sealed class RangeBox(PeriodRange range)
{
    public PeriodRange Range { get; } = range;
}

/// <summary>
/// A series computed during evaluation: points of one frequency in period order, NA points left out.
/// Lookups binary-search the ordinals.
/// </summary>
internal sealed class ComputedSeries
{
    public ComputedSeries(Frequency frequency, int[] ordinals, double[] values, int count, string name, FiscalCalendar calendar, bool isBool)
    {
        Frequency = frequency;
        Ordinals = ordinals;
        Values = values;
        Count = count;
        Name = name;
        Calendar = calendar;
        IsBool = isBool;
    }

    public Frequency Frequency { get; }
    public int[] Ordinals { get; }
    public double[] Values { get; }
    public int Count { get; }
    /// <summary>What the series is, for NA reasons: <c>yoy(revenue)</c>.</summary>
    public string Name { get; }
    public FiscalCalendar Calendar { get; }
    public bool IsBool { get; }

    public bool TryGet(Period p, out double value)
    {
        if (p.Frequency == Frequency)
        {
            int i = Array.BinarySearch(Ordinals, 0, Count, p.Ordinal);
            if (i >= 0)
            {
                value = Values[i];
                return true;
            }
        }
        value = 0;
        return false;
    }

    public Period PeriodAt(int i) => Period.FromOrdinal(Frequency, Ordinals[i]);
}

/// <summary>Collects the points of a computed series; grows like a list.</summary>
internal struct SeriesBuilder(Frequency frequency, int capacity)
{
    private int[] _ordinals = new int[Math.Max(capacity, 4)];
    private double[] _values = new double[Math.Max(capacity, 4)];
    private int _count;

    public readonly Frequency Frequency = frequency;

    public void Add(int ordinal, double value)
    {
        if (_count == _ordinals.Length)
        {
            Array.Resize(ref _ordinals, _count * 2);
            Array.Resize(ref _values, _count * 2);
        }
        _ordinals[_count] = ordinal;
        _values[_count] = value;
        _count++;
    }

    public ComputedSeries Build(string name, FiscalCalendar calendar, bool isBool = false) =>
        new(Frequency, _ordinals, _values, _count, name, calendar, isBool);
}
