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
    /// <remarks><paramref name="range"/> only names the range in an NA reason: it is formatted only then.</remarks>
    public static Value Sum(object x, int startDay, int endDay, Frequency gapFrequency, PeriodRange range, ref EvalContext ctx, TextSpan span)
    {
        if (startDay > endDay) return Value.Missing($"the range {range} is empty");
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
        return Fold(AggregateKind.Sum, x, startDay, endDay, range, ref ctx, span);
    }

    /// <summary>avg, min, max, count (and sum of a computed series) over the values inside the range.</summary>
    public static Value Fold(AggregateKind kind, object x, int startDay, int endDay, PeriodRange range, ref EvalContext ctx, TextSpan span, Frequency? frequency = null)
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
        if (n == 0) return Value.Missing($"no {SeriesAccess.Name(x)} in {range}");
        return kind switch
        {
            // The sum of finite values may overflow: NA, never an infinite average.
            AggregateKind.Avg => Ops.Checked(acc / n, BinaryOp.Add, 0),
            AggregateKind.Count => Value.Number(n),
            _ => Ops.Checked(acc, BinaryOp.Add, 0),
        };
    }

    /// <summary>
    /// The cover of <see cref="Sum"/> for one metric series, found once (at bind time) so that evaluating the same
    /// sum again only adds the values; null when the range is empty or has a gap (the general path reports it).
    /// </summary>
    public static CoverPlan? Plan(MetricNode metric, MetricSeries m, int startDay, int endDay)
    {
        if (startDay > endDay) return null;
        var used = new List<Period>();
        if (!m.TryCoverSum(startDay, endDay, Frequency.Day, out _, out _, used)) return null;
        var parts = new CoverPart[used.Count];
        for (int i = 0; i < parts.Length; i++)
        {
            var p = used[i];
            var t = m.Tables[(int)p.Frequency]!;
            parts[i] = new CoverPart(t.Values, p.Ordinal - t.First);
        }
        return new CoverPlan(metric, m, parts);
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

/// <summary>One value of a precomputed cover: a frequency table's values and the index into them.</summary>
internal readonly record struct CoverPart(double[] Values, int Index);

/// <summary>
/// The values a sum over a constant range adds for one series, in cover order (so the sum is bit-identical
/// to the general path's). Immutable: series never change once built.
/// </summary>
internal sealed class CoverPlan(MetricNode metric, MetricSeries series, CoverPart[] parts)
{
    /// <summary>
    /// The sum, when this evaluation reads the series the plan was found for; explain takes the general path
    /// so that it can record the cover.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool TrySum(ref EvalContext ctx, out Value value)
    {
        if (ctx.Trace is null && ReferenceEquals(metric.Resolve(ref ctx), series))
        {
            ctx.Spend(1);
            value = Ops.Checked(Sum(), BinaryOp.Add, 0);
            return true;
        }
        value = default;
        return false;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public double Sum()
    {
        double sum = 0;
        foreach (var part in parts) sum += part.Values[part.Index];
        return sum;
    }
}

/// <summary><c>sum|avg|min|max|count(x, range)</c>.</summary>
internal sealed class AggregateNode : Bound
{
    private readonly AggregateKind _kind;
    private readonly Bound _x;
    private readonly Bound _range;
    private readonly CoverPlan? _plan;

    // defaultEntity: the entity the query is bound for. A sum of one of its metrics over a constant range has
    // its cover found now, so that evaluating it for that entity only adds the values.
    public AggregateNode(AggregateKind kind, Bound x, Bound range, QType type, TextSpan span, Entity? defaultEntity = null) : base(type, span)
    {
        _kind = kind;
        _x = x;
        _range = range;
        if (kind == AggregateKind.Sum && x is MetricNode metric && range.TryConstant(out var rv)
            && metric.SeriesAtBind(defaultEntity) is { } m)
        {
            var r = rv.Kind == ValueKind.Period ? PeriodRange.Single(rv.AsPeriod) : rv.AsRange;
            if (m.TryResolve(r, out int startDay, out int endDay)) _plan = Aggregates.Plan(metric, m, startDay, endDay);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public override Value Eval(ref EvalContext ctx)
    {
        if (_plan is { } plan && plan.TrySum(ref ctx, out var sum)) return sum;
        return EvalGeneral(ref ctx);
    }

    // Apart from Eval, so that the fast path above stays small.
    private Value EvalGeneral(ref EvalContext ctx)
    {
        if (!Both(_x, _range, ref ctx, out var xv, out var rv, out var na)) return na;
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
        if (_kind == AggregateKind.Sum) return Aggregates.Sum(s, startDay, endDay, freq, r, ref ctx, Span);
        return Aggregates.Fold(_kind, s, startDay, endDay, r, ref ctx, Span, freq);
    }
}
