using System.Runtime.CompilerServices;
using FinQuery.Series;

namespace FinQuery.Data.Sec;

/// <summary>
/// The origins of one company's observations: a row per fact that became one (its start and end days, its
/// concept, its filing), the concepts and filings each once, and the filings' accession numbers as one run of
/// characters. Rows and text hold no references, so a company's thousands of facts and hundreds of filings cost
/// a few arrays the garbage collector never looks inside, instead of an origin object per fact and a string per
/// filing; the <see cref="ObservationOrigin"/> that provenance prints is made from a row when asked.
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

    /// <summary>A filing: where its accession number lies in the text (length −1 when the fact gave none) and its form (null when none).</summary>
    internal readonly record struct Filing(int Offset, int Length, string? Form);

    /// <summary>What building a company's origins borrows and gives back: its arrays and the filings seen.</summary>
    internal sealed class Buffers
    {
        public Row[] Rows = new Row[512];
        public Filing[] Filings = new Filing[64];
        public string[] Concepts = new string[16];
        public char[] Text = new char[2048];

        /// <summary>
        /// Filing by accession number and form, compared by reference: the reader keeps one string of each per
        /// company, so equal text is the same string (another string of the same text would only add a filing).
        /// </summary>
        public readonly Dictionary<(string, string), int> FilingIndex = new(ReferencePairComparer.Instance);
    }

    private Row[] _rows;
    private Filing[] _filings;
    private string[] _concepts;
    private char[] _text;
    private int _rowCount, _filingCount, _conceptCount, _textLength;
    private Buffers? _borrowed;

    public SecOrigins(Buffers buffers)
    {
        _borrowed = buffers;
        _rows = buffers.Rows;
        _filings = buffers.Filings;
        _concepts = buffers.Concepts;
        _text = buffers.Text;
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
            var accession = fact.Accession;
            if (_textLength + accession.Length > _text.Length) Array.Resize(ref _text, Math.Max(_text.Length * 2, _textLength + accession.Length));
            accession.CopyTo(_text.AsSpan(_textLength));
            _filings[_filingCount] = new Filing(_textLength, accession.Length == 0 ? -1 : accession.Length, fact.Form.Length == 0 ? null : fact.Form);
            _textLength += accession.Length;
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
        (b.Rows, b.Filings, b.Concepts, b.Text) = (_rows, _filings, _concepts, _text);
        _rows = _rows.AsSpan(0, _rowCount).ToArray();
        _filings = _filings.AsSpan(0, _filingCount).ToArray();
        _concepts = _concepts.AsSpan(0, _conceptCount).ToArray();
        _text = _text.AsSpan(0, _textLength).ToArray();
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
            Accession = f.Length < 0 ? null : new string(_text, f.Offset, f.Length),
            Start = r.Start < 0 ? null : DateOnly.FromDayNumber(r.Start),
            End = DateOnly.FromDayNumber(r.End),
        };
    }

    public override bool TryGetAccession(int row, out ReadOnlySpan<char> accession)
    {
        var f = _filings[_rows[row].Filing];
        accession = f.Length < 0 ? default : _text.AsSpan(f.Offset, f.Length);
        return f.Length >= 0;
    }

    private sealed class ReferencePairComparer : IEqualityComparer<(string, string)>
    {
        public static readonly ReferencePairComparer Instance = new();

        public bool Equals((string, string) x, (string, string) y) => ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);

        public int GetHashCode((string, string) obj) => HashCode.Combine(RuntimeHelpers.GetHashCode(obj.Item1), RuntimeHelpers.GetHashCode(obj.Item2));
    }
}
