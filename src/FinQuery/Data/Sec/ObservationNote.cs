namespace FinQuery.Data.Sec;

/// <summary>
/// How the SEC reader derived a value that it gives a series as an observation: a quarter from year-to-date
/// facts, a standard name's value from a concept, a formula. Provenance prints <see cref="Derivation"/> like a
/// series' own derivations, then follows <see cref="From"/> to the values it came from.
/// </summary>
/// <param name="Derivation">How it was derived: <c>2022Q3 = nine months to 2022-09-30 − 2022H1</c>.</param>
/// <param name="From">The values it was derived from: a metric of the same entity (null = the same series) and a period.</param>
internal sealed record ObservationNote(string Derivation, (string? Metric, Period Period)[] From);
