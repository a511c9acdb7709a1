namespace FinQuery.Series;

/// <summary>
/// The values of one series at one frequency, in a dense array indexed by period ordinal, so a lookup
/// is a subtraction and a bounds check. NaN marks "no value" (data files never hold NaN).
/// </summary>
internal sealed class FrequencyTable
{
    public FrequencyTable(Frequency frequency, int first, int last)
    {
        Frequency = frequency;
        First = first;
        Values = new double[last - first + 1];
        Array.Fill(Values, double.NaN);
        Derived = new Derivation?[Values.Length];
    }

    public Frequency Frequency { get; }

    /// <summary>Ordinal of <c>Values[0]</c>.</summary>
    public int First { get; }

    public int Last => First + Values.Length - 1;

    public double[] Values { get; }

    /// <summary>Null where the value is reported (or absent).</summary>
    public Derivation?[] Derived { get; }

    public int ReportedCount { get; set; }

    public bool TryGet(int ordinal, out double value)
    {
        uint i = (uint)(ordinal - First);
        if (i < (uint)Values.Length)
        {
            value = Values[i];
            return !double.IsNaN(value);
        }
        value = 0;
        return false;
    }

    public bool Has(int ordinal)
    {
        uint i = (uint)(ordinal - First);
        return i < (uint)Values.Length && !double.IsNaN(Values[i]);
    }

    public bool IsReported(int ordinal)
    {
        uint i = (uint)(ordinal - First);
        return i < (uint)Values.Length && !double.IsNaN(Values[i]) && Derived[i] is null;
    }

    public Derivation? DerivationAt(int ordinal)
    {
        uint i = (uint)(ordinal - First);
        return i < (uint)Values.Length ? Derived[i] : null;
    }
}
