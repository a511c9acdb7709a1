using System.Globalization;
using FinQuery.Syntax;

namespace FinQuery.Evaluation;

/// <summary>
/// <c>lag(x, n)</c>: x shifted n periods later, in x's natural frequency (x[p − n] at p). At a coarser period the
/// value rolls up from the shifted finer values as x's do (a year of a quarterly <c>sum</c> series lagged by one is
/// the four quarters ending a quarter earlier), so the lagged series obeys the same rules as any other.
/// </summary>
internal sealed class LagNode(SeriesNode x, Bound n, int maxLag, TextSpan span, string text)
    : SeriesNode(x.Type, span, text, x.Aggregation)
{
    public SeriesNode X { get; } = x;

    private bool TryShift(ref EvalContext ctx, out int shift, out SeriesShape shape, out Value na)
    {
        shift = 0;
        if (!X.TryShape(ref ctx, out shape, out na)) return false;
        na = n.Eval(ref ctx);
        if (na.IsNa) return false;
        double k = na.AsNumber;
        if (Math.Floor(k) != k)
        {
            na = Value.NotMeaningful(string.Create(CultureInfo.InvariantCulture, $"lag needs a whole number of periods, not {k}"));
            return false;
        }
        if (Math.Abs(k) > maxLag)
            throw new FinQueryException(string.Create(CultureInfo.InvariantCulture, $"lag of {k} periods is beyond the limit of {maxLag} (QueryOptions.MaxLag)"), n.Span);
        shift = (int)k;
        return true;
    }

    /// <summary>An edge day moved by <paramref name="shift"/> periods, clamped to years 1 to 9999 (points shifted past them drop out).</summary>
    private static int Move(FiscalCalendar cal, Frequency f, int day, int shift, bool start)
    {
        var p = cal.Containing(Period.OfDate(DateOnly.FromDayNumber(day)), f);
        var (min, max) = Period.OrdinalBounds(f);
        var q = Period.FromOrdinal(f, (int)Math.Clamp((long)p.Ordinal + shift, min, max));
        return start ? cal.StartDay(q) : cal.EndDay(q);
    }

    protected override Value ComputeAt(Period p, ref EvalContext ctx)
    {
        if (!TryShift(ref ctx, out int shift, out var shape, out var na)) return na;
        var f = shape.Frequency;
        var cal = shape.Calendar;
        if (p.Frequency == f)
            return p.TryPlus(-shift, out var q) ? X.At(q, ref ctx) : MissingAt(p, cal);
        if (p.Frequency < f) return MissingAt(p, cal);
        // A coarser period: from x's shifted finer values, as x itself rolls up.
        switch (X.Aggregation)
        {
            case Aggregation.Sum:
                return SumOver(SeriesWalk.Days(p, cal), ref ctx);
            case Aggregation.Last:
                // Of a calendar half or year, its last calendar quarter (x at it is the fiscal one standing for it).
                var lastPart = p.IsCalendar && f == Frequency.Quarter
                    ? Period.FromOrdinal(Frequency.Quarter, FiscalCalendar.Calendarized.StandInQuarters(p).Last).AsCalendar()
                    : cal.Containing(Period.OfDate(DateOnly.FromDayNumber(cal.EndDay(p))), f);
                return lastPart.TryPlus(-shift, out var src) ? X.At(src, ref ctx) : MissingAt(p, cal);
            default:
                return MissingAt(p, cal);
        }
    }

    protected override bool ComputeShape(ref EvalContext ctx, out SeriesShape shape, out Value na)
    {
        if (!TryShift(ref ctx, out int shift, out var inner, out na))
        {
            shape = default;
            return false;
        }
        if (inner.MinDay > inner.MaxDay)
        {
            shape = inner;
            return true;
        }
        shape = inner with
        {
            MinDay = Move(inner.Calendar, inner.Frequency, inner.MinDay, shift, true),
            MaxDay = Move(inner.Calendar, inner.Frequency, inner.MaxDay, shift, false),
        };
        return true;
    }

    protected override Value ComputeSum(in DayRange range, ref EvalContext ctx)
    {
        if (Aggregation != Aggregation.Sum) return NotAdditive();
        if (!TryShift(ref ctx, out int shift, out var shape, out var na)) return na;
        var cal = shape.Calendar;
        var f = shape.Frequency;
        int start = range.StartDay, end = range.EndDay;
        // Calendar quarters are shifted as the fiscal quarters that stand for them.
        bool calendarPeriods = range.Range.IsCalendar && !cal.IsCalendarized;
        if (calendarPeriods) cal.StandInDays(ref start, ref end);
        var a = cal.Containing(Period.OfDate(DateOnly.FromDayNumber(start)), f);
        var b = cal.Containing(Period.OfDate(DateOnly.FromDayNumber(end)), f);
        if (cal.StartDay(a) != start || cal.EndDay(b) != end)
            return Value.NotMeaningful($"{Text} is shifted in {Period.Describe(f)}s: it is summed over whole {Period.Describe(f)}s only");
        if (!a.TryPlus(-shift, out var a2) || !b.TryPlus(-shift, out var b2)) return Value.Missing($"no {Text} in {range.Range.Format(cal)}");
        // The shifted days are fiscal ones now: the sum below must not move them again.
        var shifted = range with { StartDay = cal.StartDay(a2), EndDay = cal.EndDay(b2) };
        if (calendarPeriods) shifted = shifted with { Range = range.Range.AsFiscal() };
        return X.SumOver(shifted, ref ctx);
    }

    public override IReadOnlyList<Bound> Children => [X, n];
    public override Bound WithChildren(IReadOnlyList<Bound> c) =>
        Same(Children, c) ? this : new LagNode((SeriesNode)c[0], c[1], maxLag, Span, Text);
}
