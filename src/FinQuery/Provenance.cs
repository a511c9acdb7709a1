using System.Globalization;
using FinQuery.Formatting;
using FinQuery.Series;

namespace FinQuery;

/// <summary>One observation a result used: reported, or derived from others, with where it came from.</summary>
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

    /// <summary>The fiscal calendar of the entity, which says how <see cref="Period"/> is written.</summary>
    public FiscalCalendar Calendar { get; init; }

    /// <summary>The period as the entity writes it: <c>FY2024Q2</c> for a fiscal year that does not end in December, <c>CY2023Q2</c>, <c>2023Q2</c>.</summary>
    public string PeriodText => Calendar.Format(Period);

    /// <summary>Where a reported value comes from, as the data says (<c>10-Q</c>, <c>press release</c>); null when not given or derived.</summary>
    public string? Source { get; init; }

    /// <summary>The day a reported value was published (<c>filed</c>); null when it is known from the beginning, or derived.</summary>
    public DateOnly? Filed { get; init; }

    /// <summary>For SEC data: the form of the filing that reported the value (<c>10-Q</c>, <c>10-K</c>); otherwise null.</summary>
    public string? Form { get; init; }

    /// <summary>For SEC data: the accession number of the filing (<c>0000320193-23-000077</c>); otherwise null.</summary>
    public string? Accession { get; init; }

    /// <summary>For SEC data: the XBRL concept the value was reported under (<c>Revenues</c>); otherwise null.</summary>
    public string? Concept { get; init; }

    /// <summary>For SEC data: the first day of the reported duration; null for an instant, or for other data.</summary>
    public DateOnly? Start { get; init; }

    /// <summary>For SEC data: the last day of the reported duration, or the day of an instant; otherwise null.</summary>
    public DateOnly? End { get; init; }

    /// <summary>
    /// <c>META.revenue 2023Q2 = 31.999B USD (reported)</c>, with the source and published day when known:
    /// <c>META.revenue 2023Q2 = 31.999B USD (reported, 10-Q, filed 2023-07-26)</c>. For SEC data also the form,
    /// accession number, concept and dates: <c>(reported, 10-Q 0000320193-23-000077, filed 2023-08-04, Revenues 2023-04-02 to 2023-07-01)</c>.
    /// </summary>
    public override string ToString()
    {
        string name = Variant == Variant.Consensus ? $"{Entity}.{Metric} (consensus)" : $"{Entity}.{Metric}";
        // A value the data's reader derived names the filing it used and the day from which it was known.
        string how = Derivation is null ? "reported" + Details("filed ") : "derived: " + Derivation + Details("known ");
        return string.Create(CultureInfo.InvariantCulture, $"{name} {PeriodText} = {ValueFormatter.Number(Value, Unit)} ({how})");
    }

    /// <summary>The parts of <see cref="ToString"/> after "reported": source, filing, published day, concept and dates.</summary>
    private string Details(string filed)
    {
        var parts = new List<string>(4);
        if (Source is not null) parts.Add(Source);
        if (Form is not null || Accession is not null) parts.Add(string.Join(" ", new[] { Form, Accession }.Where(x => x is not null)));
        if (Filed is { } f) parts.Add(filed + Day(f));
        if (Concept is not null || Start is not null || End is not null)
        {
            string dates = Start is { } s && End is { } e ? $"{Day(s)} to {Day(e)}" : End is { } end ? Day(end) : Start is { } start ? "from " + Day(start) : "";
            parts.Add(string.Join(" ", new[] { Concept, dates }.Where(x => !string.IsNullOrEmpty(x))));
        }
        return parts.Count == 0 ? "" : ", " + string.Join(", ", parts);
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
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
        // A December year's calendar periods are its fiscal ones: the entry is the fiscal period's.
        if (p.IsCalendar && s.Calendar.YearEndMonth == 12 && s.Calendar.TryStandIn(p, out var fiscal)) p = fiscal;
        if (!seen.Add((s, p)) || !s.TryGetValue(p, out double v)) return;
        Derivation? d = s.GetDerivation(p);
        // A value the data's reader derived (an SEC quarter from year-to-date facts) is an observation with a note.
        var note = d is null ? s.Notes?.GetValueOrDefault(p) : null;
        var entry = new ProvenanceEntry(s.Entity.Id, s.Metric, s.Variant, p, v, s.Unit, d?.ToString() ?? note?.Derivation) { Calendar = s.Calendar };
        if (d is null && s.TryGetPublished(p, out var o) && (o.Filed != Observation.Unfiled || o.Origins is not null))
        {
            var origin = o.Origin;
            entry = entry with
            {
                Filed = o.FiledDay,
                Source = origin?.Source,
                Form = origin?.Form,
                Accession = origin?.Accession,
                Concept = origin?.Concept,
                Start = origin?.Start,
                End = origin?.End,
            };
        }
        entries.Add(entry);
        if (depth > 16) return;
        if (note is not null)
        {
            foreach (var (metric, period) in note.From)
                if ((metric is null ? s : s.Entity.Find(metric, s.Variant)) is { } source) Add(source, period, seen, entries, depth + 1);
            return;
        }
        if (d is null) return;
        foreach (var source in d.Sources)
            if (source != p) Add(s, source, seen, entries, depth + 1);
    }
}
