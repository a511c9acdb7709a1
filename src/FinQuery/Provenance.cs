using System.Globalization;
using FinQuery.Formatting;
using FinQuery.Series;

namespace FinQuery;

/// <summary>One observation a result used: reported, or derived from others (§5a).</summary>
/// <param name="Entity">The entity id.</param>
/// <param name="Metric">The metric name.</param>
/// <param name="Variant">Actual or consensus.</param>
/// <param name="Period">The period of the value.</param>
/// <param name="Value">The value, in units (scale applied).</param>
/// <param name="Unit">The unit.</param>
/// <param name="Derivation">How it was derived (<c>2022Q4 = 2022 − 2022Q1 − 2022Q2 − 2022Q3</c>); null when reported.</param>
public sealed record ProvenanceEntry(string Entity, string Metric, Variant Variant, Period Period, double Value, string Unit, string? Derivation)
{
    /// <summary>True when the value was reported rather than derived.</summary>
    public bool IsReported => Derivation is null;

    /// <summary>Where the value comes from, when the data says (an SEC filing: concept, form, accession number, filed day, dates).</summary>
    internal string? Origin { get; init; }

    /// <summary><c>META.revenue 2023Q2 = 31.999B USD (reported)</c>.</summary>
    public override string ToString()
    {
        string name = Variant == Variant.Consensus ? $"{Entity}.{Metric} (consensus)" : $"{Entity}.{Metric}";
        string how = Derivation is null ? "reported" : "derived: " + Derivation;
        if (Origin is not null) how += "; " + Origin;
        return string.Create(CultureInfo.InvariantCulture, $"{name} {Period} = {ValueFormatter.Number(Value, Unit)} ({how})");
    }
}

/// <summary>The reported observations a result used and each derived value with how it was derived.</summary>
public sealed class Provenance
{
    internal Provenance(IReadOnlyList<ProvenanceEntry> entries) => Entries = entries;

    /// <summary>Entries in the order first used; a derived value is followed by the values it came from.</summary>
    public IReadOnlyList<ProvenanceEntry> Entries { get; }

    /// <summary>One entry per line.</summary>
    public override string ToString() => string.Join(Environment.NewLine, Entries);

    internal static Provenance From(List<(MetricSeries Series, Period Period)> trace)
    {
        var seen = new HashSet<(MetricSeries, Period)>();
        var entries = new List<ProvenanceEntry>();
        foreach (var (s, p) in trace) Add(s, p, seen, entries, 0);
        return new Provenance(entries);
    }

    private static void Add(MetricSeries s, Period p, HashSet<(MetricSeries, Period)> seen, List<ProvenanceEntry> entries, int depth)
    {
        if (!seen.Add((s, p)) || !s.TryGetValue(p, out double v)) return;
        Derivation? d = s.GetDerivation(p);
        var note = d is null ? s.Notes?.GetValueOrDefault(p) : null;
        entries.Add(new ProvenanceEntry(s.Entity.Id, s.Metric, s.Variant, p, v, s.Unit, d?.ToString() ?? note?.Derivation) { Origin = note?.Origin });
        if (depth > 16) return;
        if (note is not null)
        {
            foreach (var (series, period) in note.From) Add(series ?? s, period, seen, entries, depth + 1);
            return;
        }
        if (d is null) return;
        foreach (var source in d.Sources)
            if (source != p) Add(s, source, seen, entries, depth + 1);
    }
}
