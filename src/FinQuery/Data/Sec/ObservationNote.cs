using System.Globalization;

namespace FinQuery.Data.Sec;

/// <summary>Where one SEC value comes from: the concept and the filing (form, accession number, filed day) and the dates it covers.</summary>
internal readonly record struct SecOrigin(string Concept, in Fact Fact)
{
    /// <summary><c>Revenues, 10-Q 0000950170-22-019867 filed 2022-10-24, 2022-07-01 to 2022-09-30</c>.</summary>
    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        string filed = Fact.FiledDay < 0 ? "" : string.Create(inv, $" filed {DateOnly.FromDayNumber(Fact.FiledDay):yyyy-MM-dd}");
        string form = Fact.Form.Length == 0 ? "" : Fact.Form + " ";
        string dates = Fact.IsInstant
            ? string.Create(inv, $"at {DateOnly.FromDayNumber(Fact.EndDay):yyyy-MM-dd}")
            : string.Create(inv, $"{DateOnly.FromDayNumber(Fact.StartDay):yyyy-MM-dd} to {DateOnly.FromDayNumber(Fact.EndDay):yyyy-MM-dd}");
        return $"{Concept}, {form}{Fact.Accession}{filed}, {dates}";
    }
}

/// <summary>
/// What the data says about one value beyond the number: where it was reported, or how it was derived
/// when the derivation is the reader's (a quarter from year-to-date facts, a standard name from a concept,
/// a formula). Provenance prints <see cref="Derivation"/> like a series' own derivations, adds
/// <see cref="Origin"/>, and follows <see cref="From"/> to the values it came from.
/// </summary>
/// <param name="Derivation">How it was derived (<c>2022Q3 = nine months to 2022-09-30 − 2022H1</c>); null when reported.</param>
/// <param name="Origin">The filing it was reported in, or other text naming its source; null when there is nothing to add.</param>
/// <param name="From">The values it was derived from: a series (null = the same series) and a period.</param>
/// <param name="Filings">Every filing's fact for this period, earliest first; the value used is the last (latest filed, then accession number).</param>
internal sealed record ObservationNote(string? Derivation, string? Origin, (MetricSeries? Series, Period Period)[] From, Fact[] Filings)
{
    public static ObservationNote Reported(SecOrigin origin, Fact[] filings) => new(null, origin.ToString(), [], filings);
}
