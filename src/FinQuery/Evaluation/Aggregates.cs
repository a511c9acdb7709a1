using FinQuery.Syntax;

namespace FinQuery.Evaluation;

internal enum AggregateKind { Sum, Avg, Min, Max, Count }

/// <summary>Range aggregates (§5).</summary>
internal static class Aggregates
{
    /// <summary>
    /// The sum over days <paramref name="startDay"/>..<paramref name="endDay"/>: for a metric, the range cover
    /// (reported values, coarsest first, no overlap, no gap); for a computed series, its points inside the range.
    /// </summary>
    public static Value Sum(object x, int startDay, int endDay, Frequency gapFrequency, string rangeText, ref EvalContext ctx, TextSpan span)
    {
        if (startDay > endDay) return Value.Missing($"the range {rangeText} is empty");
        if (x is MetricSeries m)
        {
            ctx.Spend(1, span);
            var used = ctx.Trace is null ? null : new List<Period>();
            bool covered = m.TryCoverSum(startDay, endDay, gapFrequency, out double sum, out var gap, used, out int steps);
            // Each piece of the cover is work: ttm(x) over daily data takes 365 pieces per point.
            ctx.Spend(steps, span);
            if (!covered)
                return SeriesAccess.Missing(m, gap);
            if (used is not null)
                foreach (var p in used) ctx.Trace!.Add((m, p));
            return Ops.Checked(sum, BinaryOp.Add, 0);
        }
        return Fold(AggregateKind.Sum, x, startDay, endDay, rangeText, ref ctx, span);
    }

    /// <summary>avg, min, max, count (and sum of a computed series) over the values inside the range.</summary>
    public static Value Fold(AggregateKind kind, object x, int startDay, int endDay, string rangeText, ref EvalContext ctx, TextSpan span, Frequency? frequency = null)
    {
        double acc = kind switch { AggregateKind.Min => double.PositiveInfinity, AggregateKind.Max => double.NegativeInfinity, _ => 0 };
        int n = 0;
        if (x is MetricSeries m)
        {
            var f = frequency ?? m.FinestReported;
            var t = m.PeriodsWithin(startDay, endDay, f, out int first, out int last);
            if (t is not null)
            {
                ctx.Spend(Math.Max(0, last - first + 1), span);
                for (int o = first; o <= last; o++)
                {
                    if (!t.TryGet(o, out double v)) continue;
                    ctx.Trace?.Add((m, Period.FromOrdinal(f, o)));
                    Accumulate(kind, ref acc, ref n, v);
                }
            }
        }
        else
        {
            var c = (ComputedSeries)x;
            ctx.Spend(c.Count, span);
            for (int i = 0; i < c.Count; i++)
            {
                var p = c.PeriodAt(i);
                if (frequency is { } f && p.Frequency != f) continue;
                if (c.Calendar.StartDay(p) < startDay || c.Calendar.EndDay(p) > endDay) continue;
                Accumulate(kind, ref acc, ref n, c.Values[i]);
            }
        }
        if (n == 0) return Value.Missing($"no {SeriesAccess.Name(x)} in {rangeText}");
        return kind switch
        {
            // The sum of finite values may overflow: NA, never an infinite average.
            AggregateKind.Avg => Ops.Checked(acc / n, BinaryOp.Add, 0),
            AggregateKind.Count => Value.Number(n),
            _ => Ops.Checked(acc, BinaryOp.Add, 0),
        };
    }

    private static void Accumulate(AggregateKind kind, ref double acc, ref int n, double v)
    {
        n++;
        switch (kind)
        {
            case AggregateKind.Min: if (v < acc) acc = v; break;
            case AggregateKind.Max: if (v > acc) acc = v; break;
            case AggregateKind.Count: break;
            default: acc += v; break;
        }
    }
}

/// <summary><c>sum|avg|min|max|count(x, range)</c>.</summary>
internal sealed class AggregateNode(AggregateKind kind, Bound x, Bound range, QType type, TextSpan span) : Bound(type, span)
{
    public override Value Eval(ref EvalContext ctx)
    {
        var xv = x.Eval(ref ctx);
        if (xv.IsNa) return xv;
        var rv = range.Eval(ref ctx);
        if (rv.IsNa) return rv;
        var s = xv.AsSeries;
        var r = rv.Kind == ValueKind.Period ? PeriodRange.Single(rv.AsPeriod) : rv.AsRange;
        var cal = SeriesAccess.Calendar(s);
        int startDay, endDay;
        Frequency natural;
        if (s is MetricSeries m)
        {
            if (!m.TryResolve(r, out startDay, out endDay)) return Value.Missing($"no {m.Metric} in {r}");
            natural = m.FinestReported;
        }
        else
        {
            var c = (ComputedSeries)s;
            startDay = r.Start is { } a ? cal.StartDay(a) : int.MinValue;
            endDay = r.End is { } b ? cal.EndDay(b) : int.MaxValue;
            natural = c.Frequency;
        }
        var freq = r.Frequency ?? natural;
        if (kind == AggregateKind.Sum) return Aggregates.Sum(s, startDay, endDay, freq, r.ToString(), ref ctx, Span);
        return Aggregates.Fold(kind, s, startDay, endDay, r.ToString(), ref ctx, Span, freq);
    }
}
