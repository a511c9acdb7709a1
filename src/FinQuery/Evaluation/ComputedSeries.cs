namespace FinQuery.Evaluation;

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
        if (p.Frequency == Frequency && (p.IsCalendar == Calendar.IsCalendarized || Frequency < Frequency.Quarter))
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

    public Period PeriodAt(int i) => Calendar.PeriodAt(Frequency, Ordinals[i]);
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
