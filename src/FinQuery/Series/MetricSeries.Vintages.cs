using System.Globalization;
using FinQuery.Series;

namespace FinQuery;

public sealed partial class MetricSeries
{
    /// <summary>
    /// Every publication of every period, for series that have more than one value per period, a published day
    /// or an origin; null in the common case of one value per period known from the beginning, which then costs
    /// one null reference.
    /// </summary>
    private readonly Vintages? _vintages;

    private sealed class Vintages(Observation[] all, int firstFiled, int lastFiled, bool restated)
    {
        /// <summary>Sorted coarsest frequency first, then by period, then by publication.</summary>
        public Observation[] All { get; } = all;

        /// <summary>The earliest and latest published day (<see cref="Observation.Unfiled"/> when none is).</summary>
        public int FirstFiled { get; } = firstFiled;
        public int LastFiled { get; } = lastFiled;

        /// <summary>Whether some period was published more than once.</summary>
        public bool Restated { get; } = restated;
    }

    /// <summary>The earliest day on which an observation of this series was published; null when none has a day.</summary>
    internal DateOnly? FirstFiled => _vintages is { FirstFiled: not Observation.Unfiled } v ? DateOnly.FromDayNumber(v.FirstFiled) : null;

    /// <summary>The latest day on which an observation of this series was published; null when none has a day.</summary>
    internal DateOnly? LastFiled => _vintages is { LastFiled: not Observation.Unfiled } v ? DateOnly.FromDayNumber(v.LastFiled) : null;

    /// <summary>Whether some period of this series was published more than once.</summary>
    internal bool IsRestated => _vintages is { Restated: true };

    /// <summary>
    /// The series as known at the end of <paramref name="day"/> (a day number): observations published later
    /// do not exist and every derived value is derived again. This same instance when nothing was published later.
    /// </summary>
    internal MetricSeries AsOf(int day)
    {
        var v = _vintages;
        if (v is null || v.LastFiled <= day) return this;
        var kept = new List<Observation>(v.All.Length);
        foreach (var o in v.All)
            if (o.Filed <= day) kept.Add(o);
        return new MetricSeries(Metric, Variant, Unit, Aggregation, Calendar, kept.ToArray(), longLived: false) { Label = Label, Notes = Notes };
    }

    /// <summary>
    /// The series of each period's earliest published value, every derived value derived again from those.
    /// This same instance when no period was published twice.
    /// </summary>
    internal MetricSeries FirstReported()
    {
        var v = _vintages;
        if (v is null || !v.Restated) return this;
        var first = new List<Observation>(v.All.Length);
        foreach (var o in v.All)
            if (first.Count == 0 || first[^1].Period != o.Period) first.Add(o);
        return new MetricSeries(Metric, Variant, Unit, Aggregation, Calendar, first.ToArray(), longLived: false) { Label = Label, Notes = Notes };
    }

    /// <summary>
    /// Every publication of a reported period, earliest first (the last one is its value); empty when the
    /// period is not reported. A series without published days or origins gives the one value with neither.
    /// </summary>
    internal ReadOnlySpan<Observation> PublishedAt(Period period)
    {
        if (period.IsCalendar) return []; // a calendar period is never reported as such: a fiscal one stands for it
        if (_vintages is not { } v)
        {
            var t = Tables[(int)period.Frequency];
            return t is not null && t.IsReported(period.Ordinal) && t.TryGet(period.Ordinal, out double value)
                ? new[] { new Observation(period, value) }
                : [];
        }
        var all = v.All;
        int lo = 0, hi = all.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (ComparePeriods(all[mid].Period, period) < 0) lo = mid + 1;
            else hi = mid;
        }
        int end = lo;
        while (end < all.Length && all[end].Period == period) end++;
        return all.AsSpan(lo, end - lo);
    }

    /// <summary>
    /// Every observation the series was made from, as the constructor kept them (sorted, a repeated SEC fact once):
    /// passed to the constructor again, with the same calendar, they make the same series. A reader that builds a
    /// series early uses this when more of its values turn up.
    /// </summary>
    internal int CopyObservations(ref Observation[] buffer, int at)
    {
        // Without vintages the series was made from one unfiled observation per reported period: its Reported list.
        int n = _vintages?.All.Length ?? Reported.Count;
        if (buffer.Length < at + n) Array.Resize(ref buffer, Math.Max(at + n, buffer.Length * 2));
        if (_vintages is { } v)
        {
            v.All.CopyTo(buffer, at);
        }
        else
        {
            foreach (var (period, value) in Reported) buffer[at++] = new Observation(period, value);
        }
        return n;
    }

    /// <summary>The publication that gives a reported period its value; false when it is not reported.</summary>
    internal bool TryGetPublished(Period period, out Observation observation)
    {
        var published = PublishedAt(period);
        observation = published.Length > 0 ? published[^1] : default;
        return published.Length > 0;
    }

    /// <summary>Coarsest frequency first, then by ordinal: the order of <see cref="Reported"/>.</summary>
    private static int ComparePeriods(Period a, Period b) =>
        a.Frequency != b.Frequency ? ((int)b.Frequency).CompareTo((int)a.Frequency) : a.Ordinal.CompareTo(b.Ordinal);

    /// <summary>
    /// Sorts the observations, checks them, and gives every publication in <see cref="Reported"/> order, each
    /// period's earliest first (its last is its value); keeps them all when there is more than one per period, a
    /// published day or an origin.
    /// </summary>
    private static ReadOnlySpan<Observation> Latest(Span<Observation> observations, out Vintages? vintages)
    {
        // Files list a series' periods in order: sort only when they are not.
        for (int k = 1; k < observations.Length; k++)
        {
            if (CompareObservations(observations[k - 1], observations[k]) > 0)
            {
                observations.Sort(static (a, b) => CompareObservations(a, b));
                break;
            }
        }
        bool keep = false, restated = false;
        int firstFiled = int.MaxValue, lastFiled = Observation.Unfiled, n = 0;
        for (int k = 0; k < observations.Length; k++)
        {
            var o = observations[k];
            if (!double.IsFinite(o.Value))
                throw new ArgumentException($"The value for {o.Period} is not a finite number.");
            if (o.Period.IsCalendar)
                throw new ArgumentException($"{o.Period} is a calendar period: data give the entity's fiscal periods, and a calendar period stands for one of them.");
            if (o.Filed != Observation.Unfiled || o.Origins is not null)
            {
                keep = true;
                if (o.Filed != Observation.Unfiled)
                {
                    firstFiled = Math.Min(firstFiled, o.Filed);
                    lastFiled = Math.Max(lastFiled, o.Filed);
                }
            }
            if (n > 0 && observations[n - 1].Period == o.Period)
            {
                var previous = observations[n - 1];
                if (Observation.ComparePublication(previous, o) == 0)
                {
                    // The same SEC fact in the same filing, given twice: one observation.
                    if (o.TryGetAccession(out _) && o.Value.Equals(previous.Value)) continue;
                    throw new ArgumentException(o.FiledDay is { } d
                        ? $"{o.Period} is reported twice on {d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}."
                        : $"{o.Period} is reported twice.");
                }
                restated = true;
            }
            observations[n++] = o;
        }
        if (!keep && !restated)
        {
            vintages = null;
            return observations[..n];
        }
        var all = observations[..n].ToArray();
        vintages = new Vintages(all, firstFiled == int.MaxValue ? Observation.Unfiled : firstFiled, lastFiled, restated);
        return all;
    }

    private static int CompareObservations(in Observation a, in Observation b)
    {
        int c = ComparePeriods(a.Period, b.Period);
        return c != 0 ? c : Observation.ComparePublication(a, b);
    }
}
