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
    }

    public Frequency Frequency { get; }

    /// <summary>Ordinal of <c>Values[0]</c>.</summary>
    public int First { get; }

    public int Last => First + Values.Length - 1;

    public double[] Values { get; }

    // Derivations are cold: allocated on the first one, so that a table's hot values sit next to the table.
    private Derivation?[]? _derived;

    /// <summary>Records how the value at index <paramref name="i"/> was derived (while the series is built).</summary>
    public void SetDerived(int i, Derivation derivation) => (_derived ??= new Derivation?[Values.Length])[i] = derivation;

    /// <summary>Whether the value at index <paramref name="i"/> was derived (rather than reported or absent).</summary>
    public bool IsDerivedAt(int i) => _derived is not null && _derived[i] is not null;

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
        return i < (uint)Values.Length && !double.IsNaN(Values[i]) && !IsDerivedAt((int)i);
    }

    public Derivation? DerivationAt(int ordinal)
    {
        uint i = (uint)(ordinal - First);
        return i < (uint)Values.Length && _derived is not null ? _derived[i] : null;
    }
}
