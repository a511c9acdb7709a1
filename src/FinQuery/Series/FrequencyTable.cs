namespace FinQuery.Series;

/// <summary>
/// The values of one series at one frequency, in a dense array indexed by period ordinal, so a lookup
/// is a subtraction and a bounds check. NaN marks "no value" (data files never hold NaN).
/// </summary>
internal sealed class FrequencyTable
{
    /// <param name="frequency">The table's frequency.</param>
    /// <param name="first">The ordinal of the first value.</param>
    /// <param name="last">The ordinal of the last value.</param>
    /// <param name="pinnable">
    /// Whether the table belongs to loaded data, kept for as long as the dataset is, and the application lets such
    /// tables be pinned (<see cref="PinLongLived"/>): its arrays then go to the pinned object heap, which the collector
    /// never compacts, unless they are short. Loading a dataset otherwise makes the collector copy every value it has
    /// just read from generation 0 to 1 and from 1 to 2 (measured: about half of a large load's time in collection
    /// pauses); there, only the small objects move. Allocating there costs more than on the ordinary heap, which is
    /// why short tables stay, and so do views made from a series (as of a day).
    /// </param>
    public FrequencyTable(Frequency frequency, int first, int last, bool pinnable)
    {
        Frequency = frequency;
        First = first;
        int length = last - first + 1;
        _pinned = pinnable && length >= PinnedFrom;
        Values = GC.AllocateUninitializedArray<double>(length, pinned: _pinned);
        Array.Fill(Values, double.NaN);
    }

    /// <summary>The shortest table of loaded data whose arrays go to the pinned object heap: 32 values, 256 bytes.</summary>
    internal const int PinnedFrom = 32;

    /// <summary>
    /// The <see cref="AppContext"/> switch that, set to true, keeps every table on the ordinary heap: for a long-running
    /// process that loads and drops large datasets again and again, where the pinned heap's free space (up to about one
    /// dataset's tables) would cost more than the collections it saves.
    /// </summary>
    internal const string MovableSwitch = "FinQuery.Data.MovableSeriesTables";

    /// <summary>Whether tables of loaded data may be pinned: the application's choice, read once per series built.</summary>
    public static bool PinLongLived => !(AppContext.TryGetSwitch(MovableSwitch, out bool movable) && movable);

    private readonly bool _pinned;

    public Frequency Frequency { get; }

    /// <summary>Ordinal of <c>Values[0]</c>.</summary>
    public int First { get; }

    public int Last => First + Values.Length - 1;

    public double[] Values { get; }

    // How each value was derived, one byte a value: 0 when reported or absent, else the kind (plus one) in the low
    // bits and the other frequency it was derived with (the parts' for a roll-up, the total's for a remainder)
    // above. The Derivation itself is rebuilt from the calendar when asked for, so a derived value costs one
    // byte, not an object. Cold: allocated on the first derivation, so the hot values sit next to the table.
    private byte[]? _derived;

    /// <summary>Records how the value at index <paramref name="i"/> was derived (while the series is built).</summary>
    public void SetDerived(int i, DerivationKind kind, Frequency other) =>
        (_derived ??= GC.AllocateArray<byte>(Values.Length, pinned: _pinned))[i] = (byte)((int)kind + 1 | (int)other << 3);

    /// <summary>Whether the value at index <paramref name="i"/> was derived (rather than reported or absent).</summary>
    public bool IsDerivedAt(int i) => _derived is not null && _derived[i] != 0;

    /// <summary>How the value at an ordinal was derived, and with which other frequency; false when reported or absent.</summary>
    public bool TryGetDerivation(int ordinal, out DerivationKind kind, out Frequency other)
    {
        uint i = (uint)(ordinal - First);
        byte b = i < (uint)Values.Length && _derived is not null ? _derived[i] : (byte)0;
        kind = (DerivationKind)((b & 7) - 1);
        other = (Frequency)(b >> 3);
        return b != 0;
    }

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
}
