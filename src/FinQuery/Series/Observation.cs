namespace FinQuery.Series;

/// <summary>
/// Where published values came from, as rows: an observation holds one of these and its row in it. A data file's
/// source text is a one-row <see cref="ObservationOrigin"/> shared by every observation that names it; an SEC
/// company's facts are rows of one table per company (<see cref="FinQuery.Data.Sec.SecOrigins"/>), so a fact's
/// origin costs no object of its own and the collector has nothing per fact to trace.
/// </summary>
internal abstract class Origins
{
    /// <summary>The origin of a row, made when asked (provenance, tests): for a table, a new object each time.</summary>
    public abstract ObservationOrigin At(int row);

    /// <summary>The accession number of a row's filing, without making its origin or a string; false when none.</summary>
    public abstract bool TryGetAccession(int row, out ReadOnlySpan<char> accession);
}

/// <summary>
/// Where a published value came from. One instance is shared by every observation of the same origin
/// (a data file's series object, a CSV <c>source</c> text), so it costs one reference per observation that has
/// one; it is its own only row. Immutable.
/// </summary>
internal sealed class ObservationOrigin : Origins
{
    /// <summary>Where the figures come from, as the data says: <c>10-Q</c>, <c>press release</c>.</summary>
    public string? Source { get; init; }

    /// <summary>The SEC form of the filing (<c>10-Q</c>, <c>10-K</c>).</summary>
    public string? Form { get; init; }

    /// <summary>The SEC accession number of the filing (<c>0000320193-23-000077</c>).</summary>
    public string? Accession { get; init; }

    /// <summary>The XBRL concept the value was reported under (<c>Revenues</c>).</summary>
    public string? Concept { get; init; }

    /// <summary>The first day of the reported duration; null for an instant or when not known.</summary>
    public DateOnly? Start { get; init; }

    /// <summary>The last day of the reported duration, or the day of an instant.</summary>
    public DateOnly? End { get; init; }

    public override ObservationOrigin At(int row) => this;

    public override bool TryGetAccession(int row, out ReadOnlySpan<char> accession)
    {
        accession = Accession;
        return Accession is not null;
    }
}

/// <summary>
/// One published value of a period: the value (already scaled), the day it was published as a day
/// number (<see cref="Unfiled"/> when known from the beginning), and where it came from (a row of an
/// <see cref="Origins"/>; none when <see cref="Origins"/> is null).
/// </summary>
internal readonly record struct Observation
{
    /// <summary>The <see cref="Filed"/> of an observation known from the beginning; it sorts before every day.</summary>
    public const int Unfiled = int.MinValue;

    public Observation(Period period, double value) : this(period, value, Unfiled, null, 0)
    {
    }

    public Observation(Period period, double value, int filed, ObservationOrigin? origin) : this(period, value, filed, origin, 0)
    {
    }

    public Observation(Period period, double value, int filed, Origins? origins, int row)
    {
        Period = period;
        Value = value;
        Filed = filed;
        Origins = origins;
        Row = row;
    }

    public Period Period { get; }

    public double Value { get; }

    public int Filed { get; }

    /// <summary>The table of origins this observation's origin is a row of; null when it has none.</summary>
    public Origins? Origins { get; }

    /// <summary>The row of <see cref="Origins"/>.</summary>
    public int Row { get; }

    /// <summary>Where the value came from, made from its row when asked; null when not known.</summary>
    public ObservationOrigin? Origin => Origins?.At(Row);

    /// <summary>The accession number of the SEC filing that published the value; false for other data.</summary>
    public bool TryGetAccession(out ReadOnlySpan<char> accession)
    {
        if (Origins is { } o) return o.TryGetAccession(Row, out accession);
        accession = default;
        return false;
    }

    /// <summary>The published day, or null when known from the beginning.</summary>
    public DateOnly? FiledDay => Filed == Unfiled ? null : DateOnly.FromDayNumber(Filed);

    public static int FiledNumber(DateOnly? day) => day is { } d ? d.DayNumber : Unfiled;

    /// <summary>
    /// Orders the observations of one period by publication: filed day (none first), then accession number
    /// (SEC filings of one day). Zero means the two are the same publication.
    /// </summary>
    public static int ComparePublication(in Observation a, in Observation b)
    {
        int c = a.Filed.CompareTo(b.Filed);
        if (c != 0) return c;
        // Ordinal, and none before any (as string.CompareOrdinal orders null).
        bool x = a.TryGetAccession(out var s), y = b.TryGetAccession(out var t);
        return x && y ? s.SequenceCompareTo(t) : x.CompareTo(y);
    }
}
