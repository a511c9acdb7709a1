using System.Globalization;
using FinQuery.Syntax;

namespace FinQuery.Evaluation;

/// <summary>
/// A function of a series and an optional period (<c>yoy(x[, p])</c>). With the period it returns
/// <see cref="At"/>; without it, the series of <see cref="At"/> over every period of the source series
/// where it is defined.
/// </summary>
internal abstract class PointFunctionNode(Bound x, Bound? period, QType type, string text, TextSpan span) : Bound(type, span)
{
    protected Bound X { get; } = x;
    protected Bound? PeriodArg { get; } = period;
    protected string Text { get; } = text;

    public override Value Eval(ref EvalContext ctx)
    {
        var xv = X.Eval(ref ctx);
        if (xv.IsNa) return xv;
        if (PeriodArg is not null)
        {
            var pv = PeriodArg.Eval(ref ctx);
            if (pv.IsNa) return pv;
            return At(xv.AsSeries, pv.AsPeriod, ref ctx);
        }
        return SeriesForm(xv.AsSeries, ref ctx);
    }

    /// <summary>The value at one period; NA with a reason when it is not defined.</summary>
    public abstract Value At(object x, Period p, ref EvalContext ctx);

    /// <summary>The series whose periods the series form walks.</summary>
    protected virtual object Source(object x, ref EvalContext ctx) => x;

    protected virtual Value SeriesForm(object x, ref EvalContext ctx)
    {
        var source = Source(x, ref ctx);
        var pts = new SeriesAccess.Points(source);
        ctx.Spend(pts.Count, Span);
        var sb = new SeriesBuilder(pts.Frequency, pts.Count);
        for (int i = 0; i < pts.Count; i++)
        {
            if (!pts.Has(i)) continue;
            var v = At(x, Period.FromOrdinal(pts.Frequency, pts.OrdinalAt(i)), ref ctx);
            if (v.Kind is ValueKind.Number or ValueKind.Bool) sb.Add(pts.OrdinalAt(i), v.AsNumber);
        }
        return Value.Of(sb.Build(Text, SeriesAccess.Calendar(source), Type.Kind == TypeKind.BoolSeries));
    }

    public static Value Growth(double current, double baseValue, object series, Period basePeriod)
    {
        if (baseValue == 0) return Value.NotMeaningful($"{SeriesAccess.Name(series)} for {basePeriod} is zero: growth is not meaningful");
        if (baseValue < 0) return Value.NotMeaningful($"{SeriesAccess.Name(series)} for {basePeriod} is negative: growth is not meaningful");
        return Ops.Checked(current / baseValue - 1, BinaryOp.Divide, baseValue);
    }
}

/// <summary><c>yoy</c> (a year earlier) and <c>qoq</c> (the previous period of the same frequency).</summary>
internal sealed class GrowthByOffsetNode(bool yearOverYear, Bound x, Bound? period, string text, TextSpan span)
    : PointFunctionNode(x, period, period is null ? QType.Series(Units.Percent) : QType.Percent, text, span)
{
    private readonly ConstantPeriodPair _fast = ConstantPeriodPair.Create(yearOverYear, x, period);

    public override Value Eval(ref EvalContext ctx)
    {
        // Fast path for a metric at a constant period (yoy(revenue, 2023Q2)): the year-earlier (or previous)
        // period was found at bind time, so evaluating is two dense-table reads. Anything off the happy path
        // (no entity, no series, a missing or non-positive value, explain) takes the general path, which
        // gives the same number or the NA with its reason.
        if (_fast.Metric is { } metric && ctx.Trace is null)
        {
            var series = metric.Resolve(ref ctx);
            if (series is not null
                && series.TryGetAt(_fast.Frequency, _fast.At, out double cur)
                && series.TryGetAt(_fast.Frequency, _fast.Base, out double prev)
                && prev > 0)
            {
                double g = cur / prev - 1;
                if (double.IsFinite(g)) return Value.Number(g);
            }
        }
        return base.Eval(ref ctx);
    }

    public override Value At(object x, Period p, ref EvalContext ctx)
    {
        if (!SeriesAccess.TryGet(x, p, ref ctx, out double cur)) return SeriesAccess.Missing(x, p);
        bool ok = yearOverYear ? p.TryYearEarlier(out var b) : p.TryPlus(-1, out b);
        if (!ok) return Value.Missing($"no period before {p}");
        if (!SeriesAccess.TryGet(x, b, ref ctx, out double prev)) return SeriesAccess.Missing(x, b);
        return Growth(cur, prev, x, b);
    }

    protected override Value SeriesForm(object x, ref EvalContext ctx)
    {
        // Fast path for a metric at a regular frequency: one pass over the dense table.
        if (x is MetricSeries m && m.FinestReported != Frequency.Day && m.Tables[(int)m.FinestReported] is { } t && ctx.Trace is null)
        {
            int k = yearOverYear ? Period.PeriodsPerYear(t.Frequency) : 1;
            var values = t.Values;
            ctx.Spend(values.Length, Span);
            // Write straight into the result's arrays (sized for every point, as SeriesBuilder would be).
            int capacity = Math.Max(values.Length, 4), first = t.First, count = 0;
            var ordinals = new int[capacity];
            var results = new double[capacity];
            ReadOnlySpan<double> cur = values, prev = values;
            if (k < values.Length)
            {
                cur = cur[k..];
                prev = prev[..^k];
            }
            else
            {
                cur = prev = default;
            }
            for (int i = 0; i < cur.Length; i++)
            {
                double b = prev[i];
                // NaN (absent) fails the comparison, so absent bases drop out with non-positive ones;
                // an absent current value makes g NaN, which is not finite.
                if (b > 0)
                {
                    double g = cur[i] / b - 1;
                    if (double.IsFinite(g))
                    {
                        ordinals[count] = first + k + i;
                        results[count] = g;
                        count++;
                    }
                }
            }
            return Value.Of(new ComputedSeries(t.Frequency, ordinals, results, count, Text, m.Calendar, isBool: false));
        }
        return base.SeriesForm(x, ref ctx);
    }
}

/// <summary><c>consensus(x[, p])</c>, <c>surprise(x[, p])</c> and <c>beat(x[, p])</c>.</summary>
internal sealed class ConsensusNode(ConsensusNode.Mode mode, MetricNode x, MetricNode consensus, Bound? period, QType type, string text, TextSpan span)
    : PointFunctionNode(x, period, type, text, span)
{
    public enum Mode { Consensus, Surprise, Beat }

    public override Value Eval(ref EvalContext ctx)
    {
        if (mode == Mode.Consensus && PeriodArg is null) return consensus.Eval(ref ctx);
        return base.Eval(ref ctx);
    }

    protected override object Source(object x, ref EvalContext ctx)
    {
        var c = consensus.Eval(ref ctx);
        return c.IsNa ? new SeriesBuilder(Frequency.Quarter, 0).Build(Text, default) : c.AsSeries;
    }

    public override Value At(object x, Period p, ref EvalContext ctx)
    {
        var c = consensus.Eval(ref ctx);
        if (c.IsNa) return c;
        var cs = c.AsSeries;
        if (!SeriesAccess.TryGet(cs, p, ref ctx, out double expected)) return SeriesAccess.Missing(cs, p);
        if (mode == Mode.Consensus) return Value.Number(expected);
        if (!SeriesAccess.TryGet(x, p, ref ctx, out double actual)) return SeriesAccess.Missing(x, p);
        if (mode == Mode.Beat) return Value.Bool(actual > expected);
        return Growth(actual, expected, cs, p);
    }
}

/// <summary><c>ttm(x[, p])</c>: the trailing year ending at p; <c>ytd(x, p)</c>: from the start of p's fiscal year to p.</summary>
internal sealed class TrailingSumNode : PointFunctionNode
{
    private readonly bool _yearToDate;
    private readonly CoverPlan? _plan;

    // defaultEntity: the entity the query is bound for. With a constant period, the cover of one of its
    // metrics is found now, so that evaluating it for that entity only adds the values.
    public TrailingSumNode(bool yearToDate, Bound x, Bound? period, string unit, string text, TextSpan span, Entity? defaultEntity = null)
        : base(x, period, period is null ? QType.Series(unit) : QType.Number(unit), text, span)
    {
        _yearToDate = yearToDate;
        if (x is MetricNode metric && period is not null && period.TryConstant(out var pv) && pv.Kind == ValueKind.Period
            && metric.SeriesAtBind(defaultEntity) is { } m && TryDays(m, pv.AsPeriod, out int startDay, out int endDay))
        {
            _plan = Aggregates.Plan(metric, m, startDay, endDay);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public override Value Eval(ref EvalContext ctx)
    {
        if (_plan is { } plan && plan.TrySum(ref ctx, out var sum)) return sum;
        return base.Eval(ref ctx);
    }

    public override Value At(object x, Period p, ref EvalContext ctx)
    {
        if (!TryDays(x, p, out int startDay, out int endDay)) return Value.Missing($"no year of data before {p}");
        return Aggregates.Sum(x, startDay, endDay, p.Frequency, PeriodRange.Single(p), ref ctx, Span);
    }

    /// <summary>The days the sum covers; false when the trailing year would start before year 1.</summary>
    private bool TryDays(object x, Period p, out int startDay, out int endDay)
    {
        var cal = SeriesAccess.Calendar(x);
        if (_yearToDate)
        {
            startDay = cal.StartDay(cal.Containing(p, Frequency.Year));
        }
        else
        {
            // The four quarters ending at p: p and the periods before it that make up a year.
            int back = p.Frequency == Frequency.Day ? 364 : Period.PeriodsPerYear(p.Frequency) - 1;
            if (!p.TryPlus(-back, out var first))
            {
                startDay = endDay = 0;
                return false;
            }
            startDay = cal.StartDay(first);
        }
        endDay = cal.EndDay(p);
        return true;
    }
}

/// <summary><c>growth(x, from, to)</c>, <c>change(x, from, to)</c>, <c>cagr(x, from, to)</c>.</summary>
internal sealed class TwoPointNode(TwoPointNode.Mode mode, Bound x, Bound from, Bound to, QType type, TextSpan span) : Bound(type, span)
{
    public enum Mode { Growth, Change, Cagr }

    public override Value Eval(ref EvalContext ctx)
    {
        if (!Both(x, from, ref ctx, out var xv, out var fv, out var na)) return na;
        var tv = to.Eval(ref ctx);
        if (tv.IsNa) return tv;
        var s = xv.AsSeries;
        Period a = fv.AsPeriod, b = tv.AsPeriod;
        if (!SeriesAccess.TryGet(s, a, ref ctx, out double va)) return SeriesAccess.Missing(s, a);
        if (!SeriesAccess.TryGet(s, b, ref ctx, out double vb)) return SeriesAccess.Missing(s, b);
        switch (mode)
        {
            case Mode.Change:
                return Ops.Checked(vb - va, BinaryOp.Subtract, 0);
            case Mode.Growth:
                return PointFunctionNode.Growth(vb, va, s, a);
            default:
                if (a.Frequency != b.Frequency)
                    return Value.NotMeaningful($"cagr needs two periods of one frequency, not {a} and {b}");
                double years = a.Frequency == Frequency.Day
                    ? (b.Ordinal - a.Ordinal) / 365.25
                    : (double)(b.Ordinal - a.Ordinal) / Period.PeriodsPerYear(a.Frequency);
                if (years <= 0) return Value.NotMeaningful($"cagr needs {b} to come after {a}");
                var g = PointFunctionNode.Growth(vb, va, s, a);
                if (g.IsNa) return g;
                return Ops.Checked(Math.Pow(vb / va, 1 / years) - 1, BinaryOp.Power, 0);
        }
    }
}

/// <summary><c>lag(x, n)</c>: x[p − n] at p.</summary>
internal sealed class LagNode(Bound x, Bound n, int maxLag, string text, TextSpan span) : Bound(x.Type, span)
{
    public override Value Eval(ref EvalContext ctx)
    {
        if (!Both(x, n, ref ctx, out var xv, out var nv, out var na)) return na;
        double k = nv.AsNumber;
        if (Math.Floor(k) != k) return Value.NotMeaningful(string.Create(CultureInfo.InvariantCulture, $"lag needs a whole number of periods, not {k}"));
        if (Math.Abs(k) > maxLag)
            throw new FinQueryException(string.Create(CultureInfo.InvariantCulture, $"lag of {k} periods is beyond the limit of {maxLag} (QueryOptions.MaxLag)"), n.Span);
        int shift = (int)k;
        var s = xv.AsSeries;
        var pts = new SeriesAccess.Points(s);
        ctx.Spend(pts.Count, Span);
        var (min, max) = Period.OrdinalBounds(pts.Frequency);
        var sb = new SeriesBuilder(pts.Frequency, pts.Count);
        for (int i = 0; i < pts.Count; i++)
        {
            if (!pts.Has(i)) continue;
            long target = (long)pts.OrdinalAt(i) + shift;
            if (target < min || target > max) continue;
            SeriesAccess.Trace(s, pts.Frequency, pts.OrdinalAt(i), ref ctx);
            sb.Add((int)target, pts.Values[i]);
        }
        return Value.Of(sb.Build(text, SeriesAccess.Calendar(s), Type.Kind == TypeKind.BoolSeries));
    }
}

/// <summary><c>first(cond)</c> and <c>last(cond)</c>: the first or last period where a boolean series is true.</summary>
internal sealed class FirstLastNode(bool first, Bound condition, string text, TextSpan span) : Bound(QType.Period, span)
{
    public override Value Eval(ref EvalContext ctx)
    {
        var c = condition.Eval(ref ctx);
        if (c.IsNa) return c;
        var pts = new SeriesAccess.Points(c.AsSeries);
        for (int k = 0; k < pts.Count; k++)
        {
            int i = first ? k : pts.Count - 1 - k;
            if (pts.Has(i) && pts.Values[i] != 0) return Value.Of(Period.FromOrdinal(pts.Frequency, pts.OrdinalAt(i)));
        }
        return Value.Missing($"{text} is never true");
    }
}

/// <summary><c>days_between</c>, <c>months_between</c>, <c>years_between</c>: whole periods elapsed from a to b.</summary>
internal sealed class ElapsedNode(Frequency unit, Bound from, Bound to, TextSpan span)
    : Bound(QType.Number(unit switch { Frequency.Day => "days", Frequency.Month => "months", _ => "years" }), span)
{
    public override Value Eval(ref EvalContext ctx)
    {
        if (!Both(from, to, ref ctx, out var a, out var b, out var na)) return na;
        var cal = ctx.Entity?.Calendar ?? FiscalCalendar.Calendar;
        return Value.Number(unit switch
        {
            Frequency.Day => cal.DaysBetween(a.AsPeriod, b.AsPeriod),
            Frequency.Month => cal.MonthsBetween(a.AsPeriod, b.AsPeriod),
            _ => cal.YearsBetween(a.AsPeriod, b.AsPeriod),
        });
    }
}

/// <summary>A function of numbers (<c>abs</c>, <c>round</c>, or a user's own), mapped over a series argument.</summary>
internal sealed class NumericFunctionNode(string name, Bound[] args, Func<double[], double> fn, QType type, TextSpan span) : Bound(type, span)
{
    public override Value Eval(ref EvalContext ctx)
    {
        var values = new double[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            // Each argument is evaluated once: evaluating it again for the scalar case made nested calls
            // such as abs(abs(…)) cost 2^depth.
            var v = args[i].Eval(ref ctx);
            if (v.IsNa) return v;
            if (v.Kind == ValueKind.Series)
            {
                // A single series argument (the binder allows no other): map the function over it; a point
                // where the function fails or gives no finite number is left out.
                var seriesArgs = new double[1];
                return Ops.Map(v.AsSeries, x =>
                {
                    seriesArgs[0] = x;
                    try
                    {
                        return fn(seriesArgs);
                    }
                    catch (Exception ex) when (ex is not FinQueryException and not OperationCanceledException)
                    {
                        return double.NaN;
                    }
                }, $"{name}(…)", false, ref ctx, Span);
            }
            values[i] = v.AsNumber;
        }
        double r;
        try
        {
            r = fn(values);
        }
        catch (Exception ex) when (ex is not FinQueryException and not OperationCanceledException)
        {
            return Value.NotMeaningful($"{name} failed: {ex.Message}");
        }
        return double.IsFinite(r) ? Value.Number(r) : Value.NotMeaningful($"{name} gave no finite number");
    }
}

/// <summary>
/// For a function of a metric at a constant period and the period a fixed step before it, both periods
/// resolved at bind time; <see cref="Metric"/> is null when the shape does not apply.
/// </summary>
internal readonly struct ConstantPeriodPair
{
    public readonly MetricNode? Metric;
    /// <summary>The tables index (<see cref="Frequency"/> as an int) of both periods.</summary>
    public readonly int Frequency;
    public readonly int At;
    public readonly int Base;

    private ConstantPeriodPair(MetricNode metric, Period at, Period @base)
    {
        Metric = metric;
        Frequency = (int)at.Frequency;
        At = at.Ordinal;
        Base = @base.Ordinal;
    }

    public static ConstantPeriodPair Create(bool yearOverYear, Bound x, Bound? period)
    {
        if (x is not MetricNode metric || period is null || !period.TryConstant(out var pv) || pv.Kind != ValueKind.Period)
            return default;
        var p = pv.AsPeriod;
        bool ok = yearOverYear ? p.TryYearEarlier(out var b) : p.TryPlus(-1, out b);
        return ok ? new ConstantPeriodPair(metric, p, b) : default;
    }
}
