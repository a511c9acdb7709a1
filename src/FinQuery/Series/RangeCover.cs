using FinQuery.Series;

namespace FinQuery;

public sealed partial class MetricSeries
{
    /// <summary>
    /// The first and last day a range covers; an open end runs to the data's edge.
    /// False when the range is empty (its start after its end, or no data for an open end).
    /// </summary>
    internal bool TryResolve(PeriodRange range, out int startDay, out int endDay)
    {
        startDay = range.Start is { } s ? Calendar.StartDay(s) : MinDay;
        endDay = range.End is { } e ? Calendar.EndDay(e) : MaxDay;
        return startDay <= endDay;
    }

    /// <summary>
    /// Covers the days <paramref name="startDay"/>..<paramref name="endDay"/> with values, coarsest first,
    /// without overlap or gap, preferring reported values and falling back to derived ones, and adds them up.
    /// On a gap, returns false with the first uncovered period at <paramref name="gapFrequency"/>.
    /// </summary>
    internal bool TryCoverSum(int startDay, int endDay, Frequency gapFrequency, out double sum, out Period gap, List<Period>? used) =>
        TryCoverSum(startDay, endDay, gapFrequency, out sum, out gap, used, out _);

    /// <summary>
    /// As <see cref="TryCoverSum(int, int, Frequency, out double, out Period, List{Period}?)"/>, also giving in
    /// <c>steps</c> how many pieces the cover tried: the work done, for <see cref="QueryOptions.MaxWork"/>.
    /// </summary>
    internal bool TryCoverSum(int startDay, int endDay, Frequency gapFrequency, out double sum, out Period gap, List<Period>? used, out int steps)
    {
        sum = 0;
        gap = default;
        steps = 0;
        int pos = startDay;
        while (pos <= endDay)
        {
            steps++;
            if (!TryTakeAt(pos, endDay, reportedOnly: true, ref sum, ref pos, used)
                && !TryTakeAt(pos, endDay, reportedOnly: false, ref sum, ref pos, used))
            {
                gap = Calendar.Containing(Period.OfDate(DateOnly.FromDayNumber(pos)), gapFrequency);
                return false;
            }
        }
        return true;
    }

    private bool TryTakeAt(int pos, int endDay, bool reportedOnly, ref double sum, ref int next, List<Period>? used)
    {
        var day = Period.OfDate(DateOnly.FromDayNumber(pos));
        for (int fi = (int)Frequency.Year; fi >= (int)Frequency.Day; fi--)
        {
            var f = (Frequency)fi;
            var t = Tables[(int)f];
            if (t is null) continue;
            var p = Calendar.Containing(day, f);
            if (Calendar.StartDay(p) != pos) continue;
            int end = Calendar.EndDay(p);
            if (end > endDay) continue;
            if (reportedOnly ? !t.IsReported(p.Ordinal) : !t.Has(p.Ordinal)) continue;
            t.TryGet(p.Ordinal, out double v);
            sum += v;
            used?.Add(p);
            next = end + 1;
            return true;
        }
        return false;
    }

    /// <summary>
    /// The ordinals at <paramref name="frequency"/> of the periods lying wholly inside the days
    /// <paramref name="startDay"/>..<paramref name="endDay"/>; the table is null when the series has no values at that frequency.
    /// </summary>
    internal FrequencyTable? PeriodsWithin(int startDay, int endDay, Frequency frequency, out int first, out int last)
    {
        var t = Tables[(int)frequency];
        first = 0;
        last = -1;
        if (t is null) return null;
        // Step on ordinals, not periods: the neighbour may fall outside years 1 to 9999.
        var a = Calendar.Containing(Period.OfDate(DateOnly.FromDayNumber(startDay)), frequency);
        int firstInside = Calendar.StartDay(a) < startDay ? a.Ordinal + 1 : a.Ordinal;
        var b = Calendar.Containing(Period.OfDate(DateOnly.FromDayNumber(endDay)), frequency);
        int lastInside = Calendar.EndDay(b) > endDay ? b.Ordinal - 1 : b.Ordinal;
        first = Math.Max(firstInside, t.First);
        last = Math.Min(lastInside, t.Last);
        return t;
    }
}
