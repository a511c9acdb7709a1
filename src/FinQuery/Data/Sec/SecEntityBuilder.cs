using System.Globalization;
using System.Runtime.InteropServices;

namespace FinQuery.Data.Sec;

/// <summary>
/// Turns one company's facts into an <see cref="Entity"/>: a series per concept (periods from dates, the latest
/// filing's value per period, nine-month facts de-cumulated into third and fourth quarters) and a series per
/// standard name (per period, the first concept with a value; a formula where none has one).
/// </summary>
internal static class SecEntityBuilder
{
    /// <summary>Taxonomies in the order they win a clash of concept names; others follow in file order.</summary>
    private static readonly string[] TaxonomyOrder = ["us-gaap", "ifrs-full", "dei"];

    public static Entity Build(CompanyFacts company, string id, IReadOnlyList<StandardName> names)
    {
        int yearEnd = SecPeriods.DetectYearEndMonth(company);
        var calendar = new FiscalCalendar(yearEnd);

        var concepts = new Dictionary<string, MetricSeries>(StringComparer.OrdinalIgnoreCase);
        var order = new List<MetricSeries>();
        foreach (var concept in company.Concepts
                     .Select((c, i) => (c, i))
                     .OrderBy(x => TaxonomyRank(x.c.Taxonomy)).ThenBy(x => x.i)
                     .Select(x => x.c))
        {
            if (!DatasetBuilder.IsIdentifier(concept.Name) || concepts.ContainsKey(concept.Name)) continue;
            var series = BuildConcept(concept, calendar);
            if (series is null) continue;
            concepts.Add(concept.Name, series);
            order.Add(series);
        }

        var standard = new Dictionary<string, MetricSeries>(StringComparer.OrdinalIgnoreCase);
        var all = new List<MetricSeries>();
        foreach (var name in names)
        {
            var series = BuildStandard(name, concepts, standard, calendar);
            if (series is null) continue;
            standard.Add(name.Name, series);
            all.Add(series);
        }
        foreach (var s in order)
            if (!standard.ContainsKey(s.Metric)) all.Add(s);
        return new Entity(id, company.EntityName, calendar, all);
    }

    private static int TaxonomyRank(string taxonomy)
    {
        int i = Array.FindIndex(TaxonomyOrder, t => t.Equals(taxonomy, StringComparison.OrdinalIgnoreCase));
        return i < 0 ? TaxonomyOrder.Length : i;
    }

    /// <summary><c>USD</c> where the concept has it, else the unit with the most facts (the first on a tie).</summary>
    internal static UnitFacts? ChooseUnit(Concept concept)
    {
        UnitFacts? best = null;
        foreach (var u in concept.Units)
        {
            if (u.Unit.Equals("USD", StringComparison.OrdinalIgnoreCase)) return u;
            if (best is null || u.Facts.Count > best.Facts.Count) best = u;
        }
        return best;
    }

    /// <summary><c>USD/shares</c> shows as <c>USD/share</c>, <c>pure</c> as a plain number.</summary>
    internal static string DisplayUnit(string unit)
    {
        if (unit.Equals("pure", StringComparison.OrdinalIgnoreCase)) return "";
        if (unit.EndsWith("/shares", StringComparison.OrdinalIgnoreCase)) return unit[..^1];
        return unit;
    }

    /// <summary>A currency amount: an ISO 4217 code such as <c>USD</c> or <c>EUR</c>.</summary>
    internal static bool IsMonetary(string unit) => unit.Length == 3 && unit.All(char.IsAsciiLetterUpper);

    /// <summary>One concept's series in its chosen unit; null when no fact maps to a period.</summary>
    internal static MetricSeries? BuildConcept(Concept concept, FiscalCalendar calendar)
    {
        var unit = ChooseUnit(concept);
        if (unit is null || unit.Facts.Count == 0) return null;
        var facts = CollectionsMarshal.AsSpan(unit.Facts);
        int instants = 0;
        foreach (ref readonly var f in facts)
            if (f.IsInstant) instants++;
        bool instant = instants * 2 > facts.Length;
        var aggregation = instant ? Aggregation.Last : IsMonetary(unit.Unit) ? Aggregation.Sum : Aggregation.None;

        // Every filing's fact per period; the latest filing's is used.
        var byPeriod = new Dictionary<(FactSpan Span, Period Period), List<Fact>>();
        foreach (ref readonly var f in facts)
        {
            if (f.IsInstant != instant) continue;
            var (span, period) = SecPeriods.Map(f.StartDay, f.EndDay, calendar);
            if (span == FactSpan.Skipped) continue;
            if (span == FactSpan.NineMonths && aggregation != Aggregation.Sum) continue;
            ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(byPeriod, (span, period), out _);
            (list ??= []).Add(f);
        }
        if (byPeriod.Count == 0) return null;

        var values = new Dictionary<Period, double>();
        var notes = new Dictionary<Period, ObservationNote>();
        var nine = new List<(Period Q3, Fact Fact)>();
        foreach (var ((span, period), list) in byPeriod)
        {
            var filings = Sorted(list);
            var latest = filings[^1];
            if (span == FactSpan.NineMonths)
            {
                nine.Add((period, latest));
                continue;
            }
            values[period] = latest.Value;
            notes[period] = ObservationNote.Reported(new SecOrigin(concept.Name, latest), filings);
        }
        // Nine months to the end of Q3: Q3 = 9M − H1 (or 9M − Q1 − Q2), and Q4 = FY − 9M.
        nine.Sort((a, b) => a.Q3.Ordinal.CompareTo(b.Q3.Ordinal));
        var reported = new HashSet<Period>(values.Keys);
        foreach (var (q3, f) in nine)
        {
            int year = q3.Year;
            string nineText = string.Create(CultureInfo.InvariantCulture, $"nine months to {DateOnly.FromDayNumber(f.EndDay):yyyy-MM-dd}");
            string origin = $"{nineText}: {Formatting.ValueFormatter.Number(f.Value, DisplayUnit(unit.Unit))} ({new SecOrigin(concept.Name, f)})";
            var filings = Sorted(byPeriod[(FactSpan.NineMonths, q3)]);
            if (!reported.Contains(q3))
            {
                var h1 = Period.OfHalf(year, 1);
                var q1 = Period.OfQuarter(year, 1);
                var q2 = Period.OfQuarter(year, 2);
                if (reported.Contains(h1))
                    Add(q3, f.Value - values[h1], $"{q3} = {nineText} − {h1}", [(null, h1)]);
                else if (reported.Contains(q1) && reported.Contains(q2))
                    Add(q3, f.Value - values[q1] - values[q2], $"{q3} = {nineText} − {q1} − {q2}", [(null, q1), (null, q2)]);
            }
            var q4 = Period.OfQuarter(year, 4);
            var fy = Period.OfYear(year);
            if (!reported.Contains(q4) && reported.Contains(fy))
                Add(q4, values[fy] - f.Value, $"{q4} = {fy} − {nineText}", [(null, fy)]);

            void Add(Period p, double v, string how, (MetricSeries?, Period)[] from)
            {
                if (!double.IsFinite(v)) return;
                values[p] = v;
                notes[p] = new ObservationNote(how, origin, from, filings);
            }
        }

        var series = new MetricSeries(concept.Name, Variant.Actual, DisplayUnit(unit.Unit), aggregation, calendar, values)
        {
            Label = concept.Label,
            Notes = notes,
        };
        return series;
    }

    private static Fact[] Sorted(List<Fact> list)
    {
        var a = list.ToArray();
        // Stable for equal filings (same day and accession): file order decides, and the last one is used.
        var keyed = a.Select((f, i) => (f, i)).ToArray();
        Array.Sort(keyed, (x, y) => x.f.IsLaterThan(y.f) ? 1 : y.f.IsLaterThan(x.f) ? -1 : x.i.CompareTo(y.i));
        for (int i = 0; i < a.Length; i++) a[i] = keyed[i].f;
        return a;
    }

    private static MetricSeries? BuildStandard(StandardName name, Dictionary<string, MetricSeries> concepts,
        Dictionary<string, MetricSeries> standard, FiscalCalendar calendar)
    {
        var values = new Dictionary<Period, double>();
        var notes = new Dictionary<Period, ObservationNote>();
        string? unit = null;
        Aggregation aggregation = Aggregation.None;
        var used = new List<string>();
        foreach (var conceptName in name.Concepts)
        {
            if (!concepts.TryGetValue(conceptName, out var s)) continue;
            // A later concept in another unit or of another kind (an instant for a duration) cannot stand in.
            if (unit is null) (unit, aggregation) = (s.Unit, s.Aggregation);
            else if (s.Unit != unit || s.Aggregation != aggregation) continue;
            bool any = false;
            for (var f = Frequency.Year; ; f--)
            {
                foreach (var (p, v) in s.ValuesAt(f))
                {
                    if (values.ContainsKey(p)) continue;
                    values[p] = v;
                    notes[p] = FromConcept(s, p);
                    any = true;
                }
                if (f == Frequency.Day) break;
            }
            if (any) used.Add(s.Metric);
        }
        if (name.Formula.Length > 0)
        {
            var operands = new List<(int Sign, MetricSeries Series)>();
            foreach (var (sign, operand) in name.Formula)
            {
                if (standard.TryGetValue(operand, out var s) || concepts.TryGetValue(operand, out s)) operands.Add((sign, s));
                else break;
            }
            if (operands.Count == name.Formula.Length
                && (unit is null || operands.All(o => o.Series.Unit == unit))
                && operands.All(o => o.Series.Unit == operands[0].Series.Unit))
            {
                unit ??= operands[0].Series.Unit;
                if (values.Count == 0)
                {
                    aggregation = operands.All(o => o.Series.Aggregation == operands[0].Series.Aggregation)
                        ? operands[0].Series.Aggregation : Aggregation.None;
                }
                string formula = name.FormulaText();
                for (var f = Frequency.Year; ; f--)
                {
                    foreach (var (p, first) in operands[0].Series.ValuesAt(f))
                    {
                        if (values.ContainsKey(p)) continue;
                        double v = operands[0].Sign * first;
                        bool complete = true;
                        for (int i = 1; i < operands.Count && complete; i++)
                        {
                            if (operands[i].Series.TryGetValue(p, out double x)) v += operands[i].Sign * x;
                            else complete = false;
                        }
                        if (!complete || !double.IsFinite(v)) continue;
                        values[p] = v;
                        notes[p] = new ObservationNote($"{name.Name} {p} = {formula}", null,
                            operands.Select(o => ((MetricSeries?)o.Series, p)).ToArray(), []);
                    }
                    if (f == Frequency.Day) break;
                }
            }
        }
        if (values.Count == 0 || unit is null) return null;
        return new MetricSeries(name.Name, Variant.Actual, unit, aggregation, calendar, values)
        {
            Label = $"standard name: {name.Describe()}",
            Notes = notes,
        };
    }

    /// <summary>A standard name's value taken from a concept: its filing when reported there, else the concept's derivation.</summary>
    private static ObservationNote FromConcept(MetricSeries concept, Period p)
    {
        var own = concept.Notes?.GetValueOrDefault(p);
        var derivation = concept.GetDerivation(p);
        if (derivation is null && own is { Derivation: null })
            return own;
        if (derivation is not null)
        {
            var sources = derivation.Sources.Where(s => s != p).Select(s => ((MetricSeries?)concept, s)).ToArray();
            return new ObservationNote($"{derivation} in {concept.Metric}", null, sources, []);
        }
        if (own is not null)
        {
            var from = own.From.Select(x => (x.Series ?? concept, x.Period)).Select(x => ((MetricSeries?)x.Item1, x.Period)).ToArray();
            return new ObservationNote($"{own.Derivation} in {concept.Metric}", own.Origin, from, own.Filings);
        }
        return new ObservationNote(null, concept.Metric, [], []);
    }
}
