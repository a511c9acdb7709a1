namespace FinQuery.Data.Sec;

/// <summary>One company's facts as the SEC serves them (<c>companyfacts/CIK##########.json</c>), every filing kept.</summary>
internal sealed class CompanyFacts(long cik, string entityName, List<Concept> concepts)
{
    public long Cik { get; } = cik;

    /// <summary><c>CIK</c> and ten digits: <c>CIK0000320193</c>.</summary>
    public string CikId => FormatCik(Cik);

    public string EntityName { get; } = entityName;

    /// <summary>Concepts in file order.</summary>
    public List<Concept> Concepts { get; } = concepts;

    public static string FormatCik(long cik) => "CIK" + cik.ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A concept of one taxonomy (<c>us-gaap:Revenues</c>) with its facts by unit.</summary>
internal sealed class Concept(string taxonomy, string name)
{
    public string Taxonomy { get; } = taxonomy;
    public string Name { get; } = name;
    public string? Label { get; set; }

    /// <summary>Units in file order, each with its facts.</summary>
    public List<UnitFacts> Units { get; } = [];
}

/// <summary>The facts of a concept in one unit (<c>USD</c>, <c>USD/shares</c>, <c>shares</c>, <c>pure</c>, …).</summary>
internal sealed class UnitFacts(string unit, FactStore store, int offset, int count)
{
    public string Unit { get; } = unit;

    /// <summary>The facts in file order.</summary>
    public ReadOnlySpan<Fact> Facts => store.Facts.AsSpan(Offset, Count);

    /// <summary>The array that holds the facts of every unit of the company (read complete: it no longer grows).</summary>
    public Fact[] Store => store.Facts;

    /// <summary>Where the unit's facts start in <see cref="Store"/>.</summary>
    public int Offset { get; } = offset;

    public int Count { get; } = count;
}

/// <summary>
/// The facts of one company, every unit's facts one after the other in one array. A loader reuses one store
/// (and its string table) for company after company, so reading allocates no array per unit; the facts of a
/// company read into a reused store last until the next company is read into it.
/// </summary>
internal sealed class FactStore
{
    public Fact[] Facts = new Fact[1024];
    public int Count;

    /// <summary>Accession numbers and forms, one string of each.</summary>
    public readonly TextInterner Strings = new();

    /// <summary>Taxonomies, concepts, labels and units: one string of each for every company read into this store.</summary>
    public readonly TextInterner Names = new();

    /// <summary>The concept names of the taxonomy being read (to refuse one given twice).</summary>
    public readonly HashSet<string> Concepts = new(StringComparer.OrdinalIgnoreCase);

    public void Add(in Fact fact)
    {
        if (Count == Facts.Length) Array.Resize(ref Facts, Count * 2);
        Facts[Count++] = fact;
    }

    public void Clear()
    {
        Count = 0;
        Strings.Clear();
    }
}

/// <summary>
/// One reported fact: a value for a date range (or an instant, <see cref="StartDay"/> = −1) in one filing.
/// Days are <see cref="DateOnly.DayNumber"/>s; <see cref="FiledDay"/> is −1 when the filing day is not given.
/// </summary>
internal readonly record struct Fact(int StartDay, int EndDay, double Value, string Accession, string Form, int FiledDay)
{
    public bool IsInstant => StartDay < 0;

    /// <summary>Days covered, both ends included (a calendar quarter is 91 or 92; a 52-week year 364).</summary>
    public int Days => EndDay - StartDay + 1;

    /// <summary>Whether this fact comes from a later filing than <paramref name="other"/>: by filed day, then accession number.</summary>
    public bool IsLaterThan(in Fact other) =>
        FiledDay != other.FiledDay ? FiledDay > other.FiledDay : string.CompareOrdinal(Accession, other.Accession) > 0;
}
