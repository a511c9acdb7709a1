using System.Runtime.CompilerServices;
using FinQuery.Series;

namespace FinQuery.Data.Sec;

/// <summary>
/// The origins of one company's observations: a row per fact that became one (its start and end days, its
/// concept, its filing), the concepts and filings each once. Rows hold numbers only, so a company's thousands of
/// facts cost one array the garbage collector never looks inside, instead of an origin object per fact; the
/// <see cref="ObservationOrigin"/> that provenance prints is made from a row when asked.
/// </summary>
/// <remarks>
/// Rows are added while the company's series are built (a series reads the accession numbers of rows already
/// added to order its publications) and <see cref="Seal"/> then trims the arrays to what was used; the building
/// arrays are borrowed from, and given back to, the builder's scratch, so building allocates what is kept.
/// </remarks>
internal sealed class SecOrigins : Origins
{
    /// <summary>A fact's part of its origin: days (<see cref="Start"/> −1 for an instant) and indexes of its concept and filing.</summary>
    internal readonly record struct Row(int Start, int End, int Concept, int Filing);

    /// <summary>A filing: accession number and form, null when the fact did not give them.</summary>
    internal readonly record struct Filing(string? Accession, string? Form);

    /// <summary>What building a company's origins borrows and gives back: its arrays and the filings seen.</summary>
    internal sealed class Buffers
    {
        public Row[] Rows = new Row[512];
        public Filing[] Filings = new Filing[64];
        public string[] Concepts = new string[16];

        /// <summary>
        /// Filing by accession number and form, compared by reference: the reader keeps one string of each per
        /// company, so equal text is the same string (another string of the same text would only add a filing).
        /// </summary>
        public readonly Dictionary<(string, string), int> FilingIndex = new(ReferencePairComparer.Instance);
    }

    private Row[] _rows;
    private Filing[] _filings;
    private string[] _concepts;
    private int _rowCount, _filingCount, _conceptCount;
    private Buffers? _borrowed;

    public SecOrigins(Buffers buffers)
    {
        _borrowed = buffers;
        _rows = buffers.Rows;
        _filings = buffers.Filings;
        _concepts = buffers.Concepts;
        buffers.FilingIndex.Clear();
    }

    /// <summary>Adds a concept (once, before its facts); its index for <see cref="Add"/>.</summary>
    public int AddConcept(string concept)
    {
        if (_conceptCount == _concepts.Length) Array.Resize(ref _concepts, _conceptCount * 2);
        _concepts[_conceptCount] = concept;
        return _conceptCount++;
    }

    /// <summary>Adds a fact of concept <paramref name="concept"/> (an index of <see cref="AddConcept"/>); its row.</summary>
    public int Add(int concept, in Fact fact)
    {
        var index = _borrowed!.FilingIndex;
        ref int filing = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(index, (fact.Accession, fact.Form), out bool known);
        if (!known)
        {
            if (_filingCount == _filings.Length) Array.Resize(ref _filings, _filingCount * 2);
            _filings[_filingCount] = new Filing(fact.Accession.Length == 0 ? null : fact.Accession, fact.Form.Length == 0 ? null : fact.Form);
            filing = _filingCount++;
        }
        if (_rowCount == _rows.Length) Array.Resize(ref _rows, _rowCount * 2);
        _rows[_rowCount] = new Row(fact.StartDay, fact.EndDay, concept, filing);
        return _rowCount++;
    }

    /// <summary>The end day of a row.</summary>
    public int EndDay(int row) => _rows[row].End;

    /// <summary>Trims the arrays to what was added and gives the building arrays (grown or not) back.</summary>
    public void Seal()
    {
        var b = _borrowed!;
        (b.Rows, b.Filings, b.Concepts) = (_rows, _filings, _concepts);
        _rows = _rows.AsSpan(0, _rowCount).ToArray();
        _filings = _filings.AsSpan(0, _filingCount).ToArray();
        _concepts = _concepts.AsSpan(0, _conceptCount).ToArray();
        Array.Clear(b.Filings, 0, _filingCount); // no strings of this company kept alive by the scratch
        Array.Clear(b.Concepts, 0, _conceptCount);
        b.FilingIndex.Clear();
        _borrowed = null;
    }

    public override ObservationOrigin At(int row)
    {
        var r = _rows[row];
        var f = _filings[r.Filing];
        return new ObservationOrigin
        {
            Concept = _concepts[r.Concept],
            Form = f.Form,
            Accession = f.Accession,
            Start = r.Start < 0 ? null : DateOnly.FromDayNumber(r.Start),
            End = DateOnly.FromDayNumber(r.End),
        };
    }

    public override string? AccessionAt(int row) => _filings[_rows[row].Filing].Accession;

    private sealed class ReferencePairComparer : IEqualityComparer<(string, string)>
    {
        public static readonly ReferencePairComparer Instance = new();

        public bool Equals((string, string) x, (string, string) y) => ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);

        public int GetHashCode((string, string) obj) => HashCode.Combine(RuntimeHelpers.GetHashCode(obj.Item1), RuntimeHelpers.GetHashCode(obj.Item2));
    }
}
