using System.Globalization;
using FinQuery.Series;

namespace FinQuery;

/// <summary>
/// The observations of one metric and variant of one entity, with its unit and aggregation.
/// Coarser values are derived from complete finer ones, and one missing part from a reported
/// total (for <see cref="Aggregation.Sum"/>); reported values always win. Lookups are by period
/// identity and cost O(1) with no allocation. Instances are immutable and thread-safe.
/// </summary>
public sealed partial class MetricSeries
{
    /// <summary>A series over observations that are already scaled to units, all known from the beginning.</summary>
    /// <exception cref="ArgumentException">A period is reported twice, a value is not finite, or the series spans too many periods.</exception>
    internal MetricSeries(string metric, Variant variant, string unit, Aggregation aggregation, FiscalCalendar calendar,
        IEnumerable<KeyValuePair<Period, double>> observations)
        : this(metric, variant, unit, aggregation, calendar, observations.Select(o => new Observation(o.Key, o.Value)).ToArray())
    {
    }

    /// <summary>
    /// A series over published observations, already scaled to units. A period may be published several
    /// times on different days (a restatement); the latest publication is the period's value, and all of
    /// them are kept for <see cref="AsOf"/> and <see cref="FirstReported"/>. The span is sorted in place and
    /// not kept: a reader may pass the same buffer for every series. <paramref name="longLived"/>: the series is loaded
    /// data, kept as long as its dataset, and its values are put where the collector never copies them (see
    /// <see cref="FrequencyTable(Frequency, int, int, bool)"/>); false for a view made from another series.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A period is published twice on the same day (the same SEC fact repeated with the same value and accession
    /// number is kept once), a value is not finite, or the series spans too many periods.
    /// </exception>
    internal MetricSeries(string metric, Variant variant, string unit, Aggregation aggregation, FiscalCalendar calendar,
        Span<Observation> observations, bool longLived = true)
    {
        Metric = metric;
        Variant = variant;
        Unit = unit;
        Aggregation = aggregation;
        Calendar = calendar;
        var published = Latest(observations, out _vintages);
        // The tables first: allocated right after this object, the objects a lookup reads lie close together
        // (the evaluator chases series → tables → table → values, once per entity in a universe screen). The
        // values of a long table of loaded data are on the pinned object heap (see FrequencyTable).
        Tables = BuildTables(published, aggregation, calendar, longLived, out int minDay, out int maxDay);
        for (int f = 0; f < Tables.Length; f++)
            if (Tables[f] is { } t) _values[f] = new TableValues(t.Values, t.First);
        foreach (var t in Tables)
        {
            if (t is not null && t.ReportedCount > 0)
            {
                FinestReported = t.Frequency;
                break;
            }
        }
        if (published.Length > 0)
        {
            MinDay = minDay;
            MaxDay = maxDay;
        }
    }

    /// <summary>The metric name, for example <c>revenue</c>.</summary>
    public string Metric { get; }

    /// <summary>A description from the data, such as the SEC's label of a company facts concept; null when the data has none.</summary>
    public string? Label { get; internal init; }

    /// <summary>Per period, how the data's reader derived a value it gives as an observation (SEC company facts); null for other data.</summary>
    internal IReadOnlyDictionary<Period, FinQuery.Data.Sec.ObservationNote>? Notes { get; init; }

    /// <summary>Actual or consensus.</summary>
    public Variant Variant { get; }

    /// <summary>The unit of the values, for example <c>USD</c>, <c>USD/share</c> or <c>count</c>.</summary>
    public string Unit { get; }

    /// <summary>How finer values make up coarser ones.</summary>
    public Aggregation Aggregation { get; }

    /// <summary>The owning entity's fiscal calendar.</summary>
    public FiscalCalendar Calendar { get; }

    /// <summary>
    /// The entity this series belongs to (set when the dataset is built). A view made by <see cref="Dataset.AsOf"/>
    /// shares the series it leaves unchanged, so there this is the entity of the same id in the dataset the view was made from.
    /// </summary>
    public Entity Entity { get; internal set; } = null!;

    /// <summary>The reported observations (each period's latest publication), coarsest frequency first, then by period.</summary>
    /// <remarks>Made from the series' tables on first use, so a loaded series keeps no second copy of its values.</remarks>
    public IReadOnlyList<KeyValuePair<Period, double>> Reported => _reported ??= ListReported();

    private IReadOnlyList<KeyValuePair<Period, double>>? _reported;

    private IReadOnlyList<KeyValuePair<Period, double>> ListReported()
    {
        var list = new List<KeyValuePair<Period, double>>();
        for (int f = Tables.Length - 1; f >= 0; f--)
        {
            var t = Tables[f];
            if (t is null || t.ReportedCount == 0) continue;
            for (int i = 0; i < t.Values.Length; i++)
                if (!double.IsNaN(t.Values[i]) && !t.IsDerivedAt(i))
                    list.Add(new(Period.FromOrdinal(t.Frequency, t.First + i), t.Values[i]));
        }
        return list.AsReadOnly();
    }

    /// <summary>The finest frequency at which a value is reported (the frequency of the series form of functions).</summary>
    public Frequency FinestReported { get; }

    /// <summary>Tables by <see cref="Frequency"/>; null where the series has no value at that frequency.</summary>
    internal FrequencyTable?[] Tables { get; }

    /// <summary>Day numbers of the first and last day covered by a reported value (the data's edges).</summary>
    internal int MinDay { get; }
    internal int MaxDay { get; } = -1;

    /// <summary>
    /// The value at a period, reported or derived. A calendar period (<c>CY2023Q2</c>) has the value of the fiscal
    /// quarter with at least two of its three months in it; a calendar half or year that no fiscal half or year
    /// matches is built from those quarters (summed for <c>sum</c>, the last for <c>last</c>; not derived for <c>none</c>).
    /// </summary>
    public bool TryGetValue(Period period, out double value) =>
        period.IsCalendar ? TryGetCalendar(period, out value) : TryGetAt((int)period.Frequency, period.Ordinal, out value);

    private bool TryGetCalendar(Period period, out double value)
    {
        if (Calendar.TryStandIn(period, out var fiscal)) return TryGetAt((int)fiscal.Frequency, fiscal.Ordinal, out value);
        value = 0;
        if (Aggregation == Aggregation.None) return false;
        var (first, last) = Calendar.StandInQuarters(period);
        if (Aggregation == Aggregation.Last) return TryGetAt((int)Frequency.Quarter, last, out value);
        double sum = 0;
        for (int o = first; o <= last; o++)
        {
            if (!TryGetAt((int)Frequency.Quarter, o, out double q)) return false;
            sum += q;
        }
        // Quarters too large to add up give no calendar value, never an infinite one (as a derived year).
        if (!double.IsFinite(sum)) return false;
        value = sum;
        return true;
    }

    /// <summary>For a calendar period, the fiscal periods that make its value (one when a fiscal period stands for it).</summary>
    internal Period[] CalendarSources(Period period)
    {
        if (Calendar.TryStandIn(period, out var fiscal)) return [fiscal];
        var (first, last) = Calendar.StandInQuarters(period);
        if (Aggregation == Aggregation.Last) return [Period.FromOrdinal(Frequency.Quarter, last)];
        var parts = new Period[last - first + 1];
        for (int o = first; o <= last; o++) parts[o - first] = Period.FromOrdinal(Frequency.Quarter, o);
        return parts;
    }

    /// <summary>
    /// Each table's values and first ordinal, held inside this object: a lookup goes from the series straight to
    /// the values array, two dependent memory reads fewer than through <see cref="Tables"/>. That is what a
    /// universe screen waits on, since each entity's series is a cache miss of its own.
    /// </summary>
    private readonly ValuesByFrequency _values;

    /// <summary>The value at an ordinal of a frequency (given as <c>(int)Frequency</c>), reported or derived.</summary>
    internal bool TryGetAt(int frequency, int ordinal, out double value)
    {
        if ((uint)frequency < ValuesByFrequency.Length)
        {
            ref readonly var v = ref _values[frequency];
            var values = v.Values;
            if (values is not null)
            {
                uint i = (uint)(ordinal - v.First);
                if (i < (uint)values.Length)
                {
                    value = values[i];
                    return !double.IsNaN(value);
                }
            }
        }
        value = 0;
        return false;
    }

    private readonly record struct TableValues(double[]? Values, int First);

    [System.Runtime.CompilerServices.InlineArray(Length)]
    private struct ValuesByFrequency
    {
        public const int Length = 5;
        private TableValues _element0;
    }

    /// <summary>Whether the value at a period was reported (rather than derived or absent).</summary>
    public bool IsReported(Period period) => !period.IsCalendar && (Tables[(int)period.Frequency]?.IsReported(period.Ordinal) ?? false);

    /// <summary>How the value at a period was derived: <c>2022Q4 = 2022 − 2022Q1 − 2022Q2 − 2022Q3</c>; null when reported or absent.</summary>
    public string? DescribeDerivation(Period period) => GetDerivation(period)?.ToString();

    /// <summary>How the value at a period was derived, rebuilt from the kind and frequency its table records; null when reported or absent.</summary>
    internal Derivation? GetDerivation(Period period)
    {
        if (period.IsCalendar)
        {
            // A December year's calendar periods are its fiscal periods: nothing stood in.
            if (Calendar.YearEndMonth == 12) return null;
            return TryGetValue(period, out _) ? new Derivation(DerivationKind.StandsFor, period, CalendarSources(period), Calendar) : null;
        }
        var t = Tables[(int)period.Frequency];
        if (t is null || !t.TryGetDerivation(period.Ordinal, out var kind, out var other)) return null;
        switch (kind)
        {
            case DerivationKind.SumOfParts when Calendar.TryParts(period, other, out int first, out int last):
            {
                var parts = new Period[last - first + 1];
                for (int o = first; o <= last; o++) parts[o - first] = Period.FromOrdinal(other, o);
                return new Derivation(kind, period, parts, Calendar);
            }
            case DerivationKind.LastPart when Calendar.TryParts(period, other, out _, out int last):
                return new Derivation(kind, period, [Period.FromOrdinal(other, last)], Calendar);
            case DerivationKind.Remainder:
            {
                var total = Calendar.Containing(period, other);
                if (!Calendar.TryParts(total, period.Frequency, out int first, out int last)) return null;
                var sources = new Period[last - first + 1];
                sources[0] = total;
                int k = 1;
                for (int o = first; o <= last; o++)
                    if (o != period.Ordinal) sources[k++] = Period.FromOrdinal(period.Frequency, o);
                return new Derivation(kind, period, sources, Calendar);
            }
            default:
                return null;
        }
    }

    /// <summary>Values (reported and derived) at one frequency, in period order.</summary>
    public IEnumerable<KeyValuePair<Period, double>> ValuesAt(Frequency frequency)
    {
        var t = Tables[(int)frequency];
        if (t is null) yield break;
        for (int i = 0; i < t.Values.Length; i++)
        {
            if (!double.IsNaN(t.Values[i]))
                yield return new(Period.FromOrdinal(frequency, t.First + i), t.Values[i]);
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        Variant == Variant.Actual ? $"{Entity?.Id}.{Metric}" : $"{Entity?.Id}.{Metric} ({Variant.ToString().ToLowerInvariant()})";

    private const int MaxTableLength = 4_000_000;

    /// <summary>
    /// A table for every reported frequency and, when values roll up, every coarser one, filled with the
    /// reported values (sorted coarsest frequency first, then by period, then by publication: each period's last
    /// publication is its value), then derived values.
    /// </summary>
    private static FrequencyTable?[] BuildTables(ReadOnlySpan<Observation> reported, Aggregation aggregation, FiscalCalendar calendar,
        bool longLived, out int minDay, out int maxDay)
    {
        var tables = new FrequencyTable?[5];
        bool pinnable = longLived && FrequencyTable.PinLongLived;
        minDay = int.MaxValue;
        maxDay = int.MinValue;
        if (reported.IsEmpty) return tables;

        // Each frequency's observations are one run, in period order: its first starts first and its last ends last.
        Span<int> runStart = stackalloc int[6];
        runStart.Fill(-1);
        for (int k = 0; k < reported.Length; k++)
        {
            int f = (int)reported[k].Period.Frequency;
            if (runStart[f] < 0) runStart[f] = k;
        }
        Frequency finest = reported[^1].Period.Frequency;
        for (int f = 0; f < 5; f++)
        {
            if (runStart[f] < 0) continue;
            int end = RunEnd(runStart, f, reported.Length);
            minDay = Math.Min(minDay, calendar.StartDay(reported[runStart[f]].Period));
            maxDay = Math.Max(maxDay, calendar.EndDay(reported[end - 1].Period));
        }

        // (Loop on int: Frequency is a byte enum, so decrementing Day wraps to 255.)
        for (int fi = (int)Frequency.Year; fi >= (int)finest; fi--)
        {
            var f = (Frequency)fi;
            bool reportedHere = runStart[fi] >= 0;
            if (!reportedHere && aggregation == Aggregation.None) continue;
            int first = calendar.Containing(Period.OfDate(DateOnly.FromDayNumber(minDay)), f).Ordinal;
            int last = calendar.Containing(Period.OfDate(DateOnly.FromDayNumber(maxDay)), f).Ordinal;
            // Fiscal periods at the ends of time are clamped to years 1-9999 (FY0001Q3 of a March year end
            // would start in year 0), so the days alone may miss a reported period: include every one.
            if (reportedHere)
            {
                first = Math.Min(first, reported[runStart[fi]].Period.Ordinal);
                last = Math.Max(last, reported[RunEnd(runStart, fi, reported.Length) - 1].Period.Ordinal);
            }
            if ((long)last - first + 1 > MaxTableLength)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The series spans more than {MaxTableLength:N0} {Period.Describe(f)}s."));
            tables[fi] = new FrequencyTable(f, first, last, pinnable);
        }

        for (int k = 0; k < reported.Length; k++)
        {
            // A period's publications lie together, earliest first: the last is its value.
            if (k + 1 < reported.Length && reported[k + 1].Period == reported[k].Period) continue;
            var o = reported[k];
            var t = tables[(int)o.Period.Frequency]!;
            t.Values[o.Period.Ordinal - t.First] = o.Value;
            t.ReportedCount++;
        }

        if (aggregation != Aggregation.None) Derive(tables, aggregation, calendar);
        return tables;
    }

    /// <summary>Where the run of frequency <paramref name="f"/> ends: where the next finer frequency's run starts, else at the end.</summary>
    private static int RunEnd(ReadOnlySpan<int> runStart, int f, int length)
    {
        for (int g = f - 1; g >= 0; g--)
            if (runStart[g] >= 0) return runStart[g];
        return length;
    }

    /// <summary>Fills derived values until nothing more can be derived (each pass only adds values).</summary>
    private static void Derive(FrequencyTable?[] tables, Aggregation aggregation, FiscalCalendar calendar)
    {
        // Nothing is derived at the finest table's frequency: there is nothing finer to derive it from.
        var finest = Frequency.Day;
        while (tables[(int)finest] is null) finest++;
        bool changed = true;
        for (int pass = 0; changed && pass < 16; pass++)
        {
            changed = false;
            for (var c = Frequency.Year; c > finest; c--)
            {
                var coarse = tables[(int)c];
                if (coarse is null) continue;
                for (int i = 0; i < coarse.Values.Length; i++)
                {
                    bool has = !double.IsNaN(coarse.Values[i]);
                    // A derived value gives nothing more: only a missing one is rolled up, only a reported total splits.
                    if (has && (aggregation != Aggregation.Sum || coarse.IsDerivedAt(i))) continue;
                    var period = Period.FromOrdinal(c, coarse.First + i);
                    for (int fi = (int)c - 1; fi >= (int)Frequency.Day; fi--)
                    {
                        var f = (Frequency)fi;
                        var fine = tables[(int)f];
                        if (fine is null || !calendar.TryParts(period, f, out int first, out int last)) continue;
                        if (!has)
                        {
                            if (TryRollUp(fine, first, last, aggregation, out double value))
                            {
                                coarse.Values[i] = value;
                                coarse.SetDerived(i, aggregation == Aggregation.Last ? DerivationKind.LastPart : DerivationKind.SumOfParts, f);
                                has = changed = true;
                                break;
                            }
                        }
                        else if (aggregation == Aggregation.Sum && !coarse.IsDerivedAt(i)
                                 && TryRemainder(fine, first, last, coarse.Values[i], c))
                        {
                            changed = true;
                        }
                    }
                }
            }
        }
    }

    private static bool TryRollUp(FrequencyTable fine, int first, int last, Aggregation aggregation, out double value)
    {
        value = 0;
        if (aggregation == Aggregation.Last)
        {
            // Only the last part matters (TryGet bounds-checks it): a year whose Q4 is the first reported quarter still rolls up.
            return fine.TryGet(last, out value);
        }
        if (first < fine.First || last > fine.Last) return false;
        double sum = 0;
        var values = fine.Values;
        for (int o = first - fine.First, end = last - fine.First; o <= end; o++)
        {
            double v = values[o];
            if (double.IsNaN(v)) return false;
            sum += v;
        }
        // Parts too large to add up give no derived value, never an infinite one.
        if (!double.IsFinite(sum)) return false;
        value = sum;
        return true;
    }

    /// <summary>Derives the one missing part of a reported total: Q4 = FY − Q1 − Q2 − Q3.</summary>
    private static bool TryRemainder(FrequencyTable fine, int first, int last, double total, Frequency totalFrequency)
    {
        if (first < fine.First || last > fine.Last) return false;
        int missing = -1;
        double others = 0;
        for (int o = first; o <= last; o++)
        {
            if (fine.TryGet(o, out double v)) others += v;
            else if (missing >= 0) return false;
            else missing = o;
        }
        if (missing < 0) return false;
        double remainder = total - others;
        if (!double.IsFinite(remainder)) return false;
        int i = missing - fine.First;
        fine.Values[i] = remainder;
        fine.SetDerived(i, DerivationKind.Remainder, totalFrequency);
        return true;
    }
}
