using System.Globalization;
using System.Runtime.InteropServices;
using FinQuery.Data;
using FinQuery.Data.Sec;
using FinQuery.Series;

namespace FinQuery.Tests.Data.Sec;

/// <summary>
/// The SEC entity builder as it was first written (a dictionary and a list per period, LINQ, every note's text
/// made at once), kept as the oracle for the allocation-lean builder: <see cref="SecBuilderOracleTests"/> checks
/// that both build the same series, values, publications, origins and notes.
/// </summary>
internal static class ReferenceSecBuilder
{
    private static readonly string[] TaxonomyOrder = ["us-gaap", "ifrs-full", "dei"];

    private static int Rank(string taxonomy)
    {
        int i = Array.FindIndex(TaxonomyOrder, t => t.Equals(taxonomy, StringComparison.OrdinalIgnoreCase));
        return i < 0 ? TaxonomyOrder.Length : i;
    }

    public static Entity Build(CompanyFacts company, string id, IReadOnlyList<StandardName> names)
    {
        int yearEnd = SecPeriods.DetectYearEndMonth(company);
        var calendar = new FiscalCalendar(yearEnd);

        var concepts = new Dictionary<string, MetricSeries>(StringComparer.OrdinalIgnoreCase);
        var order = new List<MetricSeries>();
        foreach (var concept in company.Concepts
                     .Select((c, i) => (c, i))
                     .OrderBy(x => Rank(x.c.Taxonomy)).ThenBy(x => x.i)
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

    /// <summary>
    /// One concept's series in its chosen unit, every filing's value an observation (the latest filing's is the
    /// period's value); nine-month facts become derived Q3 and Q4 observations. Null when no fact maps to a period.
    /// </summary>
    private static MetricSeries? BuildConcept(Concept concept, FiscalCalendar calendar)
    {
        var unit = SecEntityBuilder.ChooseUnit(concept);
        if (unit is null || unit.Count == 0) return null;
        var facts = unit.Facts;
        int instants = 0;
        foreach (ref readonly var f in facts)
            if (f.IsInstant) instants++;
        bool instant = instants * 2 > facts.Length;
        var aggregation = instant ? Aggregation.Last : SecEntityBuilder.IsMonetary(unit.Unit) ? Aggregation.Sum : Aggregation.None;

        var byPeriod = new Dictionary<(FactSpan Span, Period Period), List<Observation>>();
        foreach (ref readonly var f in facts)
        {
            if (f.IsInstant != instant) continue;
            var (span, period) = SecPeriods.Map(f.StartDay, f.EndDay, calendar);
            if (span == FactSpan.Skipped) continue;
            if (span == FactSpan.NineMonths && aggregation != Aggregation.Sum) continue;
            ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(byPeriod, (span, period), out _);
            (list ??= []).Add(new Observation(period, f.Value, f.FiledDay < 0 ? Observation.Unfiled : f.FiledDay, Origin(concept.Name, f)));
        }
        if (byPeriod.Count == 0) return null;

        var observations = new List<Observation>();
        var reported = new Dictionary<Period, List<Observation>>();
        var nine = new List<(Period Q3, List<Observation> Filings)>();
        foreach (var ((span, period), list) in byPeriod)
        {
            var filings = Publications(list);
            if (span == FactSpan.NineMonths) nine.Add((period, filings));
            else
            {
                reported[period] = filings;
                observations.AddRange(filings);
            }
        }

        // Nine months to the end of Q3: Q3 = 9M − H1 (or 9M − Q1 − Q2), Q4 = FY − 9M; each vintage of the
        // nine months with the other side as it was known on its filed day.
        var notes = new Dictionary<Period, ObservationNote>();
        nine.Sort((a, b) => a.Q3.Ordinal.CompareTo(b.Q3.Ordinal));
        foreach (var (q3, filings) in nine)
        {
            int year = q3.Year;
            var end = filings[^1].Origin!.End!.Value;
            string nineText = string.Create(CultureInfo.InvariantCulture, $"nine months to {end:yyyy-MM-dd}");
            if (!reported.ContainsKey(q3))
            {
                var h1 = Period.OfHalf(year, 1);
                var q1 = Period.OfQuarter(year, 1);
                var q2 = Period.OfQuarter(year, 2);
                if (reported.ContainsKey(h1))
                    Derive(q3, $"{calendar.Format(q3)} = {nineText} − {calendar.Format(h1)}", [(null, h1)], filings, o => KnownOn(h1, o.Filed) is { } h ? (o.Value - h.Value, o.Filed, o.Origin) : null);
                else if (reported.ContainsKey(q1) && reported.ContainsKey(q2))
                    Derive(q3, $"{calendar.Format(q3)} = {nineText} − {calendar.Format(q1)} − {calendar.Format(q2)}", [(null, q1), (null, q2)], filings,
                        o => KnownOn(q1, o.Filed) is { } a && KnownOn(q2, o.Filed) is { } b ? (o.Value - a.Value - b.Value, o.Filed, o.Origin) : null);
            }
            var q4 = Period.OfQuarter(year, 4);
            var fy = Period.OfYear(year);
            if (!reported.ContainsKey(q4) && reported.TryGetValue(fy, out var years))
                Derive(q4, $"{calendar.Format(q4)} = {calendar.Format(fy)} − {nineText}", [(null, fy)], years,
                    y => Latest(filings, y.Filed) is { } n ? (y.Value - n.Value, y.Filed, n.Origin) : null);

            void Derive(Period p, string how, (string?, Period)[] from, List<Observation> vintages, Func<Observation, (double Value, int Filed, ObservationOrigin? Origin)?> value)
            {
                bool any = false;
                foreach (var o in vintages)
                {
                    if (value(o) is not { } v || !double.IsFinite(v.Value)) continue;
                    observations.Add(new Observation(p, v.Value, v.Filed, v.Origin));
                    any = true;
                }
                if (any) notes[p] = new ObservationNote(how, from);
            }
        }

        Observation? KnownOn(Period p, int day) => reported.TryGetValue(p, out var list) ? Latest(list, day) : null;

        return new MetricSeries(concept.Name, Variant.Actual, SecEntityBuilder.DisplayUnit(unit.Unit), aggregation, calendar, observations.ToArray())
        {
            Label = concept.Label,
            Notes = notes.Count == 0 ? null : notes,
        };
    }

    private static ObservationOrigin Origin(string concept, in Fact f) => new()
    {
        Concept = concept,
        Form = f.Form.Length == 0 ? null : f.Form,
        Accession = f.Accession.Length == 0 ? null : f.Accession,
        Start = f.IsInstant ? null : DateOnly.FromDayNumber(f.StartDay),
        End = DateOnly.FromDayNumber(f.EndDay),
    };

    /// <summary>
    /// A period's facts as publications, earliest first: by filed day, then accession number; facts of the same
    /// filing (two date ranges that map to one period) keep the one given last.
    /// </summary>
    private static List<Observation> Publications(List<Observation> list)
    {
        var sorted = list.Select((o, i) => (o, i)).ToList();
        sorted.Sort((x, y) =>
        {
            int c = Observation.ComparePublication(x.o, y.o);
            return c != 0 ? c : x.i.CompareTo(y.i);
        });
        var result = new List<Observation>(sorted.Count);
        foreach (var (o, _) in sorted)
        {
            if (result.Count > 0 && Observation.ComparePublication(result[^1], o) == 0) result[^1] = o;
            else result.Add(o);
        }
        return result;
    }

    /// <summary>The latest publication filed on or before <paramref name="day"/>, or null.</summary>
    private static Observation? Latest(List<Observation> publications, int day)
    {
        for (int i = publications.Count - 1; i >= 0; i--)
            if (publications[i].Filed <= day) return publications[i];
        return null;
    }

    private static MetricSeries? BuildStandard(StandardName name, Dictionary<string, MetricSeries> concepts,
        Dictionary<string, MetricSeries> standard, FiscalCalendar calendar)
    {
        var chain = new List<MetricSeries>();
        string? unit = null;
        Aggregation aggregation = Aggregation.None;
        foreach (var conceptName in name.Concepts)
        {
            if (!concepts.TryGetValue(conceptName, out var s)) continue;
            // A later concept in another unit or of another kind (a balance for a flow) cannot stand in.
            if (unit is null) (unit, aggregation) = (s.Unit, s.Aggregation);
            else if (s.Unit != unit || s.Aggregation != aggregation) continue;
            chain.Add(s);
        }

        var observations = new List<Observation>();
        var notes = new Dictionary<Period, ObservationNote>();
        var covered = new HashSet<Period>();
        for (var f = Frequency.Year; ; f--)
        {
            foreach (var s in chain)
            {
                foreach (var (p, v) in s.ValuesAt(f))
                {
                    // Per period, the first concept of the chain that has a value (reported or derived) supplies it.
                    if (!covered.Add(p)) continue;
                    if (s.IsReported(p))
                    {
                        foreach (var o in s.PublishedAt(p)) observations.Add(o);
                        if (s.Notes?.GetValueOrDefault(p) is { } own)
                            notes[p] = new ObservationNote($"{own.Derivation} in {s.Metric}", own.From.Select(x => ((string?)(x.Metric ?? s.Metric), x.Period)).ToArray());
                    }
                    else
                    {
                        var d = s.GetDerivation(p)!;
                        observations.Add(new Observation(p, v, KnownSince(s, p, 0), null));
                        notes[p] = new ObservationNote($"{d} in {s.Metric}", d.Sources.Where(q => q != p).Select(q => ((string?)s.Metric, q)).ToArray());
                    }
                }
            }
            if (f == Frequency.Day) break;
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
                if (unit is null)
                {
                    unit = operands[0].Series.Unit;
                    aggregation = operands.All(o => o.Series.Aggregation == operands[0].Series.Aggregation)
                        ? operands[0].Series.Aggregation : Aggregation.None;
                }
                string formula = name.FormulaText();
                for (var f = Frequency.Year; ; f--)
                {
                    foreach (var (p, first) in operands[0].Series.ValuesAt(f))
                    {
                        if (covered.Contains(p)) continue;
                        double v = operands[0].Sign * first;
                        int known = KnownSince(operands[0].Series, p, 0);
                        bool complete = true;
                        for (int i = 1; i < operands.Count && complete; i++)
                        {
                            if (operands[i].Series.TryGetValue(p, out double x))
                            {
                                v += operands[i].Sign * x;
                                known = Math.Max(known, KnownSince(operands[i].Series, p, 0));
                            }
                            else complete = false;
                        }
                        if (!complete || !double.IsFinite(v)) continue;
                        covered.Add(p);
                        observations.Add(new Observation(p, v, known, null));
                        notes[p] = new ObservationNote($"{name.Name} {calendar.Format(p)} = {formula}", operands.Select(o => ((string?)o.Series.Metric, p)).ToArray());
                    }
                    if (f == Frequency.Day) break;
                }
            }
        }
        if (observations.Count == 0 || unit is null) return null;
        return new MetricSeries(name.Name, Variant.Actual, unit, aggregation, calendar, observations.ToArray())
        {
            Label = $"standard name: {name.Describe()}",
            Notes = notes.Count == 0 ? null : notes,
        };
    }

    /// <summary>The day from which a value was known: its publication, or the latest of the values it is derived from.</summary>
    private static int KnownSince(MetricSeries s, Period p, int depth)
    {
        if (s.TryGetPublished(p, out var o)) return o.Filed;
        if (depth > 8 || s.GetDerivation(p) is not { } d) return Observation.Unfiled;
        int known = Observation.Unfiled;
        foreach (var q in d.Sources)
            if (q != p) known = Math.Max(known, KnownSince(s, q, depth + 1));
        return known;
    }
}
