using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace FinQuery.Data.Sec;

/// <summary>
/// The notes of a standard name's series: per period, which concept of its chain gave a value that concept
/// derived or noted, or that the formula gave it. A standard name has such a value at most of its periods (every
/// half and year a concept rolls up, every period of a formula), so a note is a 16-byte entry of one array, and the
/// <see cref="ObservationNote"/> is made when provenance asks for it.
/// </summary>
internal sealed class StandardNotes : IReadOnlyDictionary<Period, ObservationNote>
{
    internal enum Kind : byte
    {
        /// <summary>A concept's own note (a quarter it derived from year-to-date facts).</summary>
        InMetric,
        /// <summary>A value the concept's series derived (a year from its quarters).</summary>
        DerivedIn,
        /// <summary>The standard name's formula.</summary>
        Formula,
    }

    /// <summary>A note at a period: its kind and, but for a formula, the index of the concept in the chain.</summary>
    internal readonly record struct Entry(Period Period, Kind Kind, int Concept);

    /// <summary>What the standard name's formula needs to make its notes.</summary>
    internal sealed record Formula(string Name, string Text, string[] Metrics, FiscalCalendar Calendar);

    private readonly Entry[] _entries;
    private readonly MetricSeries[] _chain;
    private readonly Formula? _formula;

    /// <param name="entries">The notes, in any order; sorted in place (coarsest frequency first, then by period), one per period.</param>
    /// <param name="chain">The concepts' series the entries' indexes refer to.</param>
    /// <param name="formula">The formula, when an entry is of <see cref="Kind.Formula"/>.</param>
    public StandardNotes(Span<Entry> entries, MetricSeries[] chain, Formula? formula)
    {
        for (int k = 1; k < entries.Length; k++)
        {
            if (Compare(entries[k - 1].Period, entries[k].Period) > 0)
            {
                entries.Sort(static (a, b) => Compare(a.Period, b.Period));
                break;
            }
        }
        _entries = entries.ToArray();
        _chain = chain;
        _formula = formula;
    }

    private static int Compare(Period a, Period b) =>
        a.Frequency != b.Frequency ? ((int)b.Frequency).CompareTo((int)a.Frequency) : a.Ordinal.CompareTo(b.Ordinal);

    private int IndexOf(Period period)
    {
        int lo = 0, hi = _entries.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int c = Compare(_entries[mid].Period, period);
            if (c == 0) return _entries[mid].Period == period ? mid : -1;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }

    private ObservationNote Make(in Entry e) => e.Kind switch
    {
        Kind.InMetric => ObservationNote.InMetric(_chain[e.Concept].Notes![e.Period], _chain[e.Concept]),
        Kind.DerivedIn => ObservationNote.DerivedIn(_chain[e.Concept], e.Period),
        _ => ObservationNote.OfFormula(_formula!.Name, e.Period, _formula.Text, _formula.Metrics, _formula.Calendar),
    };

    public bool TryGetValue(Period key, [MaybeNullWhen(false)] out ObservationNote value)
    {
        int i = IndexOf(key);
        value = i < 0 ? null : Make(_entries[i]);
        return i >= 0;
    }

    public ObservationNote this[Period key] => TryGetValue(key, out var note) ? note : throw new KeyNotFoundException($"No note at {key}.");

    public bool ContainsKey(Period key) => IndexOf(key) >= 0;

    public int Count => _entries.Length;

    public IEnumerable<Period> Keys => _entries.Select(e => e.Period);

    public IEnumerable<ObservationNote> Values => _entries.Select(e => Make(e));

    public IEnumerator<KeyValuePair<Period, ObservationNote>> GetEnumerator() =>
        _entries.Select(e => new KeyValuePair<Period, ObservationNote>(e.Period, Make(e))).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
