using FinQuery.Series;

namespace FinQuery.Data.Sec;

/// <summary>
/// How the SEC reader derived a value that it gives a series as an observation: a quarter from year-to-date
/// facts, a standard name's value from a concept, a formula. Provenance prints <see cref="Derivation"/> like a
/// series' own derivations, then follows <see cref="From"/> to the values it came from.
/// </summary>
/// <remarks>
/// A standard name has a note for every value it takes from a concept's derived values or from its formula, so
/// those notes keep what they are made of and make their text only when provenance asks for it.
/// </remarks>
internal sealed class ObservationNote
{
    private enum Kind : byte { Given, InMetric, DerivedIn, Formula }

    private readonly Kind _kind;
    private readonly string? _text;           // Given: the text; Formula: the formula's text
    private readonly ObservationNote? _inner; // InMetric: the concept's own note
    private readonly MetricSeries? _series;   // InMetric, DerivedIn: the concept's series
    private readonly string? _name;           // Formula: the standard name
    private readonly string[]? _metrics;      // Formula: the operands' metrics
    private readonly Period _period;
    private readonly FiscalCalendar _calendar;   // Formula: how the period is written
    private string? _derivation;
    private (string? Metric, Period Period)[]? _from;

    /// <param name="derivation">How it was derived: <c>2022Q3 = nine months to 2022-09-30 − 2022H1</c>.</param>
    /// <param name="from">The values it was derived from: a metric of the same entity (null = the same series) and a period.</param>
    public ObservationNote(string derivation, (string? Metric, Period Period)[] from)
    {
        _kind = Kind.Given;
        _derivation = derivation;
        _from = from;
    }

    private ObservationNote(Kind kind, Period period, ObservationNote? inner = null, MetricSeries? series = null,
        string? name = null, string? text = null, string[]? metrics = null, FiscalCalendar calendar = default)
    {
        _calendar = calendar;
        _kind = kind;
        _period = period;
        _inner = inner;
        _series = series;
        _name = name;
        _text = text;
        _metrics = metrics;
    }

    /// <summary>A concept's own note, seen from a standard name: <c>… in Revenues</c>, its sources in that concept.</summary>
    public static ObservationNote InMetric(ObservationNote own, MetricSeries concept) => new(Kind.InMetric, default, inner: own, series: concept);

    /// <summary>A value a concept's series derived at <paramref name="period"/>, taken by a standard name: <c>2022 = 2022Q1 + … in Revenues</c>.</summary>
    public static ObservationNote DerivedIn(MetricSeries concept, Period period) => new(Kind.DerivedIn, period, series: concept);

    /// <summary>A standard name's formula at <paramref name="period"/>: <c>gross_profit 2022Q1 = revenue − cost_of_revenue</c>.</summary>
    public static ObservationNote OfFormula(string name, Period period, string formula, string[] metrics, FiscalCalendar calendar) =>
        new(Kind.Formula, period, name: name, text: formula, metrics: metrics, calendar: calendar);

    /// <summary>How it was derived: <c>2022Q3 = nine months to 2022-09-30 − 2022H1</c>.</summary>
    public string Derivation => _derivation ??= _kind switch
    {
        Kind.InMetric => $"{_inner!.Derivation} in {_series!.Metric}",
        Kind.DerivedIn => $"{_series!.GetDerivation(_period)} in {_series.Metric}",
        Kind.Formula => $"{_name} {_calendar.Format(_period)} = {_text}",
        _ => _text!,
    };

    /// <summary>The values it was derived from: a metric of the same entity (null = the same series) and a period.</summary>
    public (string? Metric, Period Period)[] From => _from ??= _kind switch
    {
        Kind.InMetric => Array.ConvertAll(_inner!.From, x => ((string?)(x.Metric ?? _series!.Metric), x.Period)),
        Kind.DerivedIn => Sources(_series!, _period),
        Kind.Formula => Array.ConvertAll(_metrics!, m => ((string?)m, _period)),
        _ => [],
    };

    private static (string? Metric, Period Period)[] Sources(MetricSeries s, Period p)
    {
        var sources = s.GetDerivation(p)?.Sources ?? [];
        var from = new List<(string?, Period)>(sources.Length);
        foreach (var q in sources)
            if (q != p) from.Add((s.Metric, q));
        return from.ToArray();
    }
}
