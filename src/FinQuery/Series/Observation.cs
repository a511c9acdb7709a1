namespace FinQuery.Series;

/// <summary>
/// Where a published value came from. One instance is shared by every observation of the same origin
/// (a data file's series object, a CSV <c>source</c> text, an SEC filing's fact), so it costs one
/// reference per observation that has one. Immutable.
/// </summary>
internal sealed class ObservationOrigin
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
}

/// <summary>
/// One published value of a period: the value (already scaled), the day it was published as a day
/// number (<see cref="Unfiled"/> when known from the beginning), and where it came from.
/// </summary>
internal readonly record struct Observation(Period Period, double Value, int Filed, ObservationOrigin? Origin)
{
    /// <summary>The <see cref="Filed"/> of an observation known from the beginning; it sorts before every day.</summary>
    public const int Unfiled = int.MinValue;

    public Observation(Period period, double value) : this(period, value, Unfiled, null)
    {
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
        return c != 0 ? c : string.CompareOrdinal(a.Origin?.Accession, b.Origin?.Accession);
    }
}
