namespace FinQuery.Evaluation;

/// <summary>
/// The one place that walks the periods of a series: materialising a series-valued result point by point, and
/// finding the periods of a frequency that lie wholly inside a span of days. Each point produced is one unit of
/// work (<see cref="QueryOptions.MaxWork"/>), and cancellation is checked at every point, so a host function
/// over a long daily series stops when asked.
/// </summary>
internal static class SeriesWalk
{
    /// <summary>The series at its natural frequency, over its edges; points where it is NA are left out.</summary>
    public static Value Materialize(SeriesNode node, ref EvalContext ctx)
    {
        if (!node.TryShape(ref ctx, out var shape, out var na)) return na;
        return Value.Of(Walk(node, shape.Frequency, shape.Calendar, shape.MinDay, shape.MaxDay, ref ctx));
    }

    /// <summary>The points of <paramref name="node"/> at <paramref name="f"/> lying wholly inside the days.</summary>
    public static ComputedSeries Walk(SeriesNode node, Frequency f, FiscalCalendar calendar, int startDay, int endDay, ref EvalContext ctx)
    {
        Inside(calendar, f, startDay, endDay, out int first, out int last);
        int n = Math.Max(0, last - first + 1);
        var sb = new SeriesBuilder(f, Math.Min(n, 4096));
        for (int o = first; o <= last; o++)
        {
            // The work is charged where each point is computed (SeriesNode.At); here only cancellation is checked.
            ctx.Spend(0, node.Span);
            var v = node.At(calendar.PeriodAt(f, o), ref ctx);
            if (!v.IsNa) sb.Add(o, v.AsNumber);
        }
        return sb.Build(node.Text, calendar, node.IsBool);
    }

    /// <summary>
    /// The ordinals at <paramref name="f"/> of the periods lying wholly inside the days
    /// <paramref name="startDay"/>..<paramref name="endDay"/> (none when <c>first &gt; last</c>).
    /// </summary>
    public static void Inside(FiscalCalendar calendar, Frequency f, int startDay, int endDay, out int first, out int last)
    {
        first = 0;
        last = -1;
        if (startDay > endDay) return;
        var (min, max) = Period.OrdinalBounds(f);
        int minDay = DateOnly.MinValue.DayNumber, maxDay = DateOnly.MaxValue.DayNumber;
        startDay = Math.Clamp(startDay, minDay, maxDay);
        endDay = Math.Clamp(endDay, minDay, maxDay);
        // Step on ordinals, not periods: the neighbour may fall outside years 1 to 9999.
        var a = calendar.Containing(Period.OfDate(DateOnly.FromDayNumber(startDay)), f);
        var b = calendar.Containing(Period.OfDate(DateOnly.FromDayNumber(endDay)), f);
        first = calendar.StartDay(a) < startDay ? a.Ordinal + 1 : a.Ordinal;
        last = calendar.EndDay(b) > endDay ? b.Ordinal - 1 : b.Ordinal;
        first = Math.Max(first, min);
        last = Math.Min(last, max);
    }

    /// <summary>The days of a range for a series of this shape: an open end runs to the series' edge.</summary>
    public static DayRange Days(PeriodRange range, in SeriesShape shape, Frequency? gapFrequency = null)
    {
        int start = range.Start is { } s ? shape.Calendar.StartDay(s) : shape.MinDay;
        int end = range.End is { } e ? shape.Calendar.EndDay(e) : shape.MaxDay;
        return new DayRange(start, end, gapFrequency ?? range.Frequency ?? shape.Frequency, range);
    }

    /// <summary>
    /// The calendar on which a range's points are walked: calendar periods for a range of calendar periods
    /// (<c>avg(x, CY2022..CY2023)</c> averages CY quarters), else the series' own; with the series' edges widened
    /// by a month, since a fiscal quarter stands for the calendar quarter a month either side of it.
    /// </summary>
    public static (FiscalCalendar Calendar, int MinDay, int MaxDay) WalkOn(PeriodRange range, in SeriesShape shape) =>
        range.IsCalendar && !shape.Calendar.IsCalendarized ? Calendarized(shape) : (shape.Calendar, shape.MinDay, shape.MaxDay);

    /// <summary>The shape's edges on calendar periods: a month wider on each side (see <see cref="WalkOn"/>).</summary>
    public static (FiscalCalendar Calendar, int MinDay, int MaxDay) Calendarized(in SeriesShape shape)
    {
        if (shape.MinDay > shape.MaxDay || shape.Calendar.YearEndMonth == 12) return (FiscalCalendar.Calendarized, shape.MinDay, shape.MaxDay);
        int min = DateOnly.MinValue.DayNumber, max = DateOnly.MaxValue.DayNumber;
        return (FiscalCalendar.Calendarized, (int)Math.Max(min, (long)shape.MinDay - 31), (int)Math.Min(max, (long)shape.MaxDay + 31));
    }

    /// <summary>The days of one period, as a range.</summary>
    public static DayRange Days(Period p, FiscalCalendar calendar) =>
        new(calendar.StartDay(p), calendar.EndDay(p), p.Frequency, PeriodRange.Single(p));
}
