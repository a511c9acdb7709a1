using System.Globalization;
using System.Runtime.InteropServices;
using FinQuery.Series;

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
        var scratch = t_scratch ??= new Scratch();
        int yearEnd = SecPeriods.DetectYearEndMonth(company);
        var calendar = new FiscalCalendar(yearEnd);

        var origins = new SecOrigins(scratch.Origins);
        var concepts = new Dictionary<string, MetricSeries>(StringComparer.OrdinalIgnoreCase);
        var order = new List<MetricSeries>();
        // Concepts by taxonomy rank, then in file order.
        var list = company.Concepts;
        if (scratch.Ranks.Length < list.Count) scratch.Ranks = new int[Math.Max(list.Count, scratch.Ranks.Length * 2)];
        var ranks = scratch.Ranks.AsSpan(0, list.Count);
        for (int i = 0; i < list.Count; i++) ranks[i] = TaxonomyRank(list[i].Taxonomy);
        for (int rank = 0; rank <= TaxonomyOrder.Length; rank++)
        {
            for (int i = 0; i < list.Count; i++)
            {
                var concept = list[i];
                if (ranks[i] != rank || !DatasetBuilder.IsIdentifier(concept.Name) || concepts.ContainsKey(concept.Name)) continue;
                var series = BuildConcept(concept, calendar, scratch, origins);
                if (series is null) continue;
                concepts.Add(concept.Name, series);
                order.Add(series);
            }
        }

        var standard = new Dictionary<string, MetricSeries>(StringComparer.OrdinalIgnoreCase);
        var all = new List<MetricSeries>();
        foreach (var name in names)
        {
            var series = BuildStandard(name, concepts, standard, calendar, scratch);
            if (series is null) continue;
            standard.Add(name.Name, series);
            all.Add(series);
        }
        foreach (var s in order)
            if (!standard.ContainsKey(s.Metric)) all.Add(s);
        origins.Seal();
        return new Entity(id, company.EntityName, calendar, all);
    }

    private static int TaxonomyRank(string taxonomy)
    {
        for (int i = 0; i < TaxonomyOrder.Length; i++)
            if (TaxonomyOrder[i].Equals(taxonomy, StringComparison.OrdinalIgnoreCase)) return i;
        return TaxonomyOrder.Length;
    }

    /// <summary><c>USD</c> where the concept has it, else the unit with the most facts (the first on a tie).</summary>
    internal static UnitFacts? ChooseUnit(Concept concept)
    {
        UnitFacts? best = null;
        foreach (var u in concept.Units)
        {
            if (u.Unit.Equals("USD", StringComparison.OrdinalIgnoreCase)) return u;
            if (best is null || u.Count > best.Count) best = u;
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

    /// <summary>
    /// Buffers one thread reuses for every concept and standard name it builds: a load allocates what it keeps
    /// (the series' own arrays), not a list or dictionary per period.
    /// </summary>
    internal sealed class Scratch
    {
        public Pending[] Pending = new Pending[256];
        public Pending[] Ordered = new Pending[256];
        public Observation[] Observations = new Observation[256];
        public bool[] Covered = new bool[256];
        public int[] Ranks = new int[64];
        public readonly Dictionary<StandardName, string> Labels = new(ReferenceEqualityComparer.Instance);
        public readonly SecOrigins.Buffers Origins = new();
        public StandardNotes.Entry[] Notes = new StandardNotes.Entry[64];

        public void AddNote(ref int count, in StandardNotes.Entry note)
        {
            if (count == Notes.Length) Array.Resize(ref Notes, count * 2);
            Notes[count++] = note;
        }

        public void Add(ref int count, in Observation o)
        {
            if (count == Observations.Length) Array.Resize(ref Observations, count * 2);
            Observations[count++] = o;
        }
    }

    [ThreadStatic] private static Scratch? t_scratch;

    /// <summary>A fact that maps to a period, before the publications of each period are sorted out.</summary>
    internal struct Pending
    {
        public Period Period;
        public FactSpan Span;
        public int Filed;
        public int Fact;
    }

    /// <summary>
    /// Nine-month facts last; otherwise the order of a series' observations (coarsest frequency first, then
    /// period), then by publication (filed day, accession number), then in file order.
    /// </summary>
    private readonly struct PendingOrder(Fact[] facts) : IComparer<Pending>
    {
        public int Compare(Pending a, Pending b)
        {
            int c = (a.Span == FactSpan.NineMonths).CompareTo(b.Span == FactSpan.NineMonths);
            if (c != 0) return c;
            if (a.Period.Frequency != b.Period.Frequency) return ((int)b.Period.Frequency).CompareTo((int)a.Period.Frequency);
            if ((c = a.Period.Ordinal.CompareTo(b.Period.Ordinal)) != 0) return c;
            if ((c = a.Filed.CompareTo(b.Filed)) != 0) return c;
            if ((c = CompareAccession(facts[a.Fact].Accession, facts[b.Fact].Accession)) != 0) return c;
            return a.Fact.CompareTo(b.Fact);
        }
    }

    /// <summary>As <see cref="Observation.ComparePublication"/> compares origins' accession numbers (none is empty).</summary>
    private static int CompareAccession(string a, string b) =>
        string.CompareOrdinal(a.Length == 0 ? null : a, b.Length == 0 ? null : b);

    /// <summary>
    /// One concept's series in its chosen unit, every filing's value an observation (the latest filing's is the
    /// period's value); nine-month facts become derived Q3 and Q4 observations. Null when no fact maps to a period.
    /// </summary>
    private static MetricSeries? BuildConcept(Concept concept, FiscalCalendar calendar, Scratch scratch, SecOrigins origins)
    {
        var unit = ChooseUnit(concept);
        if (unit is null || unit.Count == 0) return null;
        // Pending facts refer to their fact by its index in the company's store.
        var facts = unit.Store;
        int instants = 0;
        foreach (ref readonly var f in unit.Facts)
            if (f.IsInstant) instants++;
        bool instant = instants * 2 > unit.Count;
        var aggregation = instant ? Aggregation.Last : IsMonetary(unit.Unit) ? Aggregation.Sum : Aggregation.None;

        if (scratch.Pending.Length < unit.Count) scratch.Pending = new Pending[Math.Max(unit.Count, scratch.Pending.Length * 2)];
        int pendingCount = 0;
        for (int i = unit.Offset; i < unit.Offset + unit.Count; i++)
        {
            ref readonly var f = ref facts[i];
            if (f.IsInstant != instant) continue;
            var (span, period) = SecPeriods.Map(f.StartDay, f.EndDay, calendar);
            if (span == FactSpan.Skipped) continue;
            if (span == FactSpan.NineMonths && aggregation != Aggregation.Sum) continue;
            scratch.Pending[pendingCount++] = new Pending { Period = period, Span = span, Filed = f.FiledDay < 0 ? Observation.Unfiled : f.FiledDay, Fact = i };
        }
        if (pendingCount == 0) return null;
        var pending = Order(scratch, pendingCount, facts);
        int conceptIndex = origins.AddConcept(concept.Name);

        // Each period's publications, earliest first; facts of the same filing (two date ranges that map to one
        // period) keep the one given last. Reported periods first, in the order the series keeps them.
        int count = 0, k = 0;
        for (; k < pending.Length && pending[k].Span != FactSpan.NineMonths; k++)
        {
            if (k + 1 < pending.Length && SamePublication(pending[k], pending[k + 1], facts)) continue;
            scratch.Add(ref count, Publication(pending[k]));
        }
        int reportedCount = count;

        // Nine months to the end of Q3: Q3 = 9M − H1 (or 9M − Q1 − Q2), Q4 = FY − 9M; each vintage of the
        // nine months with the other side as it was known on its filed day.
        Dictionary<Period, ObservationNote>? notes = null;
        while (k < pending.Length)
        {
            var q3 = pending[k].Period;
            var filings = new List<Observation>();
            for (; k < pending.Length && pending[k].Period == q3; k++)
            {
                if (k + 1 < pending.Length && SamePublication(pending[k], pending[k + 1], facts)) continue;
                filings.Add(Publication(pending[k]));
            }
            int year = q3.Year;
            var end = DateOnly.FromDayNumber(origins.EndDay(filings[^1].Row));
            string nineText = string.Create(CultureInfo.InvariantCulture, $"nine months to {end:yyyy-MM-dd}");
            if (Reported(q3).IsEmpty)
            {
                var h1 = Period.OfHalf(year, 1);
                var q1 = Period.OfQuarter(year, 1);
                var q2 = Period.OfQuarter(year, 2);
                bool any = false;
                if (!Reported(h1).IsEmpty)
                {
                    foreach (var o in filings)
                        if (KnownOn(h1, o.Filed) is { } h) any |= Derived(q3, o.Value - h.Value, o.Filed, o);
                    if (any) (notes ??= [])[q3] = new ObservationNote($"{calendar.Format(q3)} = {nineText} − {calendar.Format(h1)}", [(null, h1)]);
                }
                else if (!Reported(q1).IsEmpty && !Reported(q2).IsEmpty)
                {
                    foreach (var o in filings)
                        if (KnownOn(q1, o.Filed) is { } a && KnownOn(q2, o.Filed) is { } b) any |= Derived(q3, o.Value - a.Value - b.Value, o.Filed, o);
                    if (any) (notes ??= [])[q3] = new ObservationNote($"{calendar.Format(q3)} = {nineText} − {calendar.Format(q1)} − {calendar.Format(q2)}", [(null, q1), (null, q2)]);
                }
            }
            var q4 = Period.OfQuarter(year, 4);
            var fy = Period.OfYear(year);
            if (Reported(q4).IsEmpty && Reported(fy) is { IsEmpty: false } years)
            {
                bool any = false;
                // The derived observations go after the reported ones, so the span stays valid while they are added.
                foreach (var y in years.ToArray())
                    if (Latest(filings, y.Filed) is { } n) any |= Derived(q4, y.Value - n.Value, y.Filed, n);
                if (any) (notes ??= [])[q4] = new ObservationNote($"{calendar.Format(q4)} = {calendar.Format(fy)} − {nineText}", [(null, fy)]);
            }
        }

        return new MetricSeries(concept.Name, Variant.Actual, DisplayUnit(unit.Unit), aggregation, calendar, scratch.Observations.AsSpan(0, count))
        {
            Label = concept.Label,
            Notes = notes,
        };

        // A derived value's origin is the filing fact it was derived from (the nine months, or the year).
        bool Derived(Period p, double value, int filed, in Observation from)
        {
            if (!double.IsFinite(value)) return false;
            scratch.Add(ref count, new Observation(p, value, filed, from.Origins, from.Row));
            return true;
        }

        Observation Publication(in Pending p) => new(p.Period, facts[p.Fact].Value, p.Filed, origins, origins.Add(conceptIndex, facts[p.Fact]));

        ReadOnlySpan<Observation> Reported(Period p) => PublicationsOf(scratch.Observations.AsSpan(0, reportedCount), p);

        Observation? KnownOn(Period p, int day) => Latest(Reported(p), day);
    }

    /// <summary>
    /// The pending facts in <see cref="PendingOrder"/>: first split by kind and frequency, keeping file order
    /// (one pass), then each part sorted only when it is not in order already, as files usually list it.
    /// </summary>
    private static Span<Pending> Order(Scratch scratch, int count, Fact[] facts)
    {
        const int Buckets = (int)Frequency.Year + 2; // one per frequency, coarsest first, then nine months
        Span<int> starts = stackalloc int[Buckets + 1];
        var input = scratch.Pending.AsSpan(0, count);
        foreach (ref readonly var p in input) starts[Bucket(p) + 1]++;
        for (int b = 0; b < Buckets; b++) starts[b + 1] += starts[b];
        if (scratch.Ordered.Length < count) scratch.Ordered = new Pending[scratch.Pending.Length];
        var output = scratch.Ordered.AsSpan(0, count);
        Span<int> next = stackalloc int[Buckets];
        starts[..Buckets].CopyTo(next);
        foreach (ref readonly var p in input) output[next[Bucket(p)]++] = p;
        var order = new PendingOrder(facts);
        for (int b = 0; b < Buckets; b++)
        {
            var part = output[starts[b]..starts[b + 1]];
            for (int i = 1; i < part.Length; i++)
            {
                if (order.Compare(part[i - 1], part[i]) > 0)
                {
                    part.Sort(order);
                    break;
                }
            }
        }
        return output;

        static int Bucket(in Pending p) => p.Span == FactSpan.NineMonths ? Buckets - 1 : (int)Frequency.Year - (int)p.Period.Frequency;
    }

    private static bool SamePublication(in Pending a, in Pending b, Fact[] facts) =>
        a.Span == b.Span && a.Period == b.Period && a.Filed == b.Filed && CompareAccession(facts[a.Fact].Accession, facts[b.Fact].Accession) == 0;

    /// <summary>The publications of a period among observations in series order (a binary search).</summary>
    private static ReadOnlySpan<Observation> PublicationsOf(ReadOnlySpan<Observation> sorted, Period period)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            var p = sorted[mid].Period;
            int c = p.Frequency != period.Frequency ? ((int)period.Frequency).CompareTo((int)p.Frequency) : p.Ordinal.CompareTo(period.Ordinal);
            if (c < 0) lo = mid + 1;
            else hi = mid;
        }
        int end = lo;
        while (end < sorted.Length && sorted[end].Period == period) end++;
        return sorted[lo..end];
    }

    /// <summary>The latest publication filed on or before <paramref name="day"/>, or null.</summary>
    private static Observation? Latest(ReadOnlySpan<Observation> publications, int day)
    {
        for (int i = publications.Length - 1; i >= 0; i--)
            if (publications[i].Filed <= day) return publications[i];
        return null;
    }

    private static Observation? Latest(List<Observation> publications, int day) => Latest(CollectionsMarshal.AsSpan(publications), day);

    private static MetricSeries? BuildStandard(StandardName name, Dictionary<string, MetricSeries> concepts,
        Dictionary<string, MetricSeries> standard, FiscalCalendar calendar, Scratch scratch)
    {
        var chain = new List<MetricSeries>(name.Concepts.Length);
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

        List<(int Sign, MetricSeries Series)>? operands = null;
        if (name.Formula.Length > 0)
        {
            operands = new List<(int Sign, MetricSeries Series)>(name.Formula.Length);
            foreach (var (sign, operand) in name.Formula)
            {
                if (standard.TryGetValue(operand, out var s) || concepts.TryGetValue(operand, out s)) operands.Add((sign, s));
                else break;
            }
            if (operands.Count != name.Formula.Length
                || (unit is not null && !operands.TrueForAll(o => o.Series.Unit == unit))
                || !operands.TrueForAll(o => o.Series.Unit == operands[0].Series.Unit))
            {
                operands = null;
            }
            else if (unit is null)
            {
                unit = operands[0].Series.Unit;
                aggregation = operands.TrueForAll(o => o.Series.Aggregation == operands[0].Series.Aggregation)
                    ? operands[0].Series.Aggregation : Aggregation.None;
            }
        }
        if (unit is null || (chain.Count == 0 && operands is null)) return null;

        int count = 0, notes = 0;
        StandardNotes.Formula? formula = null;
        for (var f = Frequency.Year; ; f--)
        {
            // Per period, the first concept of the chain that has a value (reported or derived) supplies it; the
            // formula only periods none of them has.
            int lo = int.MaxValue, hi = int.MinValue;
            foreach (var s in chain)
                if (s.Tables[(int)f] is { } t) (lo, hi) = (Math.Min(lo, t.First), Math.Max(hi, t.Last));
            if (operands is not null && operands[0].Series.Tables[(int)f] is { } ft) (lo, hi) = (Math.Min(lo, ft.First), Math.Max(hi, ft.Last));
            if (lo <= hi)
            {
                int width = hi - lo + 1;
                if (scratch.Covered.Length < width) scratch.Covered = new bool[Math.Max(width, scratch.Covered.Length * 2)];
                var covered = scratch.Covered.AsSpan(0, width);
                covered.Clear();
                for (int c = 0; c < chain.Count; c++)
                {
                    var s = chain[c];
                    if (s.Tables[(int)f] is not { } t) continue;
                    var values = t.Values;
                    for (int i = 0; i < values.Length; i++)
                    {
                        if (double.IsNaN(values[i]) || covered[t.First + i - lo]) continue;
                        covered[t.First + i - lo] = true;
                        var p = Period.FromOrdinal(f, t.First + i);
                        if (!t.IsDerivedAt(i))
                        {
                            foreach (var o in s.PublishedAt(p)) scratch.Add(ref count, o);
                            if (s.Notes?.ContainsKey(p) == true) scratch.AddNote(ref notes, new(p, StandardNotes.Kind.InMetric, c));
                        }
                        else
                        {
                            scratch.Add(ref count, new Observation(p, values[i], KnownSince(s, p, 0), null));
                            scratch.AddNote(ref notes, new(p, StandardNotes.Kind.DerivedIn, c));
                        }
                    }
                }
                if (operands is not null && operands[0].Series.Tables[(int)f] is { } first)
                {
                    for (int i = 0; i < first.Values.Length; i++)
                    {
                        if (double.IsNaN(first.Values[i]) || covered[first.First + i - lo]) continue;
                        var p = Period.FromOrdinal(f, first.First + i);
                        double v = operands[0].Sign * first.Values[i];
                        int known = KnownSince(operands[0].Series, p, 0);
                        bool complete = true;
                        for (int j = 1; j < operands.Count && complete; j++)
                        {
                            if (operands[j].Series.TryGetValue(p, out double x))
                            {
                                v += operands[j].Sign * x;
                                known = Math.Max(known, KnownSince(operands[j].Series, p, 0));
                            }
                            else complete = false;
                        }
                        if (!complete || !double.IsFinite(v)) continue;
                        covered[first.First + i - lo] = true;
                        scratch.Add(ref count, new Observation(p, v, known, null));
                        formula ??= new(name.Name, name.FormulaText(), operands.ConvertAll(o => o.Series.Metric).ToArray(), calendar);
                        scratch.AddNote(ref notes, new(p, StandardNotes.Kind.Formula, -1));
                    }
                }
            }
            if (f == Frequency.Day) break;
        }
        if (count == 0) return null;
        ref var label = ref CollectionsMarshal.GetValueRefOrAddDefault(scratch.Labels, name, out _);
        return new MetricSeries(name.Name, Variant.Actual, unit, aggregation, calendar, scratch.Observations.AsSpan(0, count))
        {
            Label = label ??= $"standard name: {name.Describe()}",
            Notes = notes == 0 ? null : new StandardNotes(scratch.Notes.AsSpan(0, notes), chain.ToArray(), formula),
        };
    }

    /// <summary>The day from which a value was known: its publication, or the latest of the values it is derived from.</summary>
    /// <remarks>
    /// The sources are those of <see cref="MetricSeries.GetDerivation"/>, found from the table's record of how the value
    /// was derived without making the derivation (a standard name asks this for every derived value it takes).
    /// </remarks>
    private static int KnownSince(MetricSeries s, Period p, int depth)
    {
        if (s.TryGetPublished(p, out var o)) return o.Filed;
        if (depth > 8) return Observation.Unfiled;
        if (p.IsCalendar)
        {
            if (s.GetDerivation(p) is not { } d) return Observation.Unfiled;
            int fromCalendar = Observation.Unfiled;
            foreach (var q in d.Sources)
                if (q != p) fromCalendar = Math.Max(fromCalendar, KnownSince(s, q, depth + 1));
            return fromCalendar;
        }
        var t = s.Tables[(int)p.Frequency];
        if (t is null || !t.TryGetDerivation(p.Ordinal, out var kind, out var other)) return Observation.Unfiled;
        var calendar = s.Calendar;
        int known = Observation.Unfiled;
        switch (kind)
        {
            case DerivationKind.SumOfParts when calendar.TryParts(p, other, out int first, out int last):
                for (int k = first; k <= last; k++) known = Math.Max(known, KnownSince(s, Period.FromOrdinal(other, k), depth + 1));
                break;
            case DerivationKind.LastPart when calendar.TryParts(p, other, out _, out int last):
                known = KnownSince(s, Period.FromOrdinal(other, last), depth + 1);
                break;
            case DerivationKind.Remainder:
            {
                var total = calendar.Containing(p, other);
                if (!calendar.TryParts(total, p.Frequency, out int first, out int last)) break;
                known = KnownSince(s, total, depth + 1);
                for (int k = first; k <= last; k++)
                    if (k != p.Ordinal) known = Math.Max(known, KnownSince(s, Period.FromOrdinal(p.Frequency, k), depth + 1));
                break;
            }
        }
        return known;
    }
}
