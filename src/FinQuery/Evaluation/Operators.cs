using System.Globalization;
using FinQuery.Syntax;

namespace FinQuery.Evaluation;

/// <summary>Scalar and element-wise arithmetic, comparison and logic shared by operators and functions.</summary>
internal static class Ops
{
    /// <summary>Applies a binary operator to two numbers; NaN means "no meaningful result".</summary>
    public static double Apply(BinaryOp op, double a, double b) => op switch
    {
        BinaryOp.Add => a + b,
        BinaryOp.Subtract => a - b,
        BinaryOp.Multiply => a * b,
        BinaryOp.Divide => b == 0 ? double.NaN : a / b,
        BinaryOp.Power => Math.Pow(a, b),
        BinaryOp.Less => a < b ? 1 : 0,
        BinaryOp.LessOrEqual => a <= b ? 1 : 0,
        BinaryOp.Greater => a > b ? 1 : 0,
        BinaryOp.GreaterOrEqual => a >= b ? 1 : 0,
        BinaryOp.Equal => a == b ? 1 : 0,
        BinaryOp.NotEqual => a != b ? 1 : 0,
        BinaryOp.And => a != 0 && b != 0 ? 1 : 0,
        BinaryOp.Or => a != 0 || b != 0 ? 1 : 0,
        _ => double.NaN,
    };

    public static bool IsComparison(BinaryOp op) => op is >= BinaryOp.Less and <= BinaryOp.NotEqual;
    public static bool IsLogic(BinaryOp op) => op is BinaryOp.And or BinaryOp.Or;

    public static string Symbol(BinaryOp op) => AstPrinter.OperatorText(op);

    /// <summary>A finite result, or NA not-meaningful naming why.</summary>
    public static Value Checked(double result, BinaryOp op, double b) =>
        double.IsFinite(result) ? Value.Number(result) : NotFinite(result, op, b);

    private static Value NotFinite(double result, BinaryOp op, double b)
    {
        if (op == BinaryOp.Divide && b == 0) return Value.NotMeaningful("division by zero");
        if (double.IsNaN(result)) return Value.NotMeaningful("the result is not a real number");
        return Value.NotMeaningful("the result is too large to represent");
    }

    /// <summary>
    /// Applies <paramref name="op"/> point by point. A series on either side (or both, aligned by period);
    /// a scalar side is broadcast. Points where either side is missing, or the result is not finite, are left out.
    /// </summary>
    public static Value Zip(BinaryOp op, Value l, Value r, bool boolResult, string name, ref EvalContext ctx, TextSpan span)
    {
        object? ls = l.Kind == ValueKind.Series ? l.AsSeries : null;
        object? rs = r.Kind == ValueKind.Series ? r.AsSeries : null;
        // Walk the series with the finer frequency; look the other up by period.
        bool walkLeft = ls is not null && (rs is null || new SeriesAccess.Points(ls).Frequency <= new SeriesAccess.Points(rs).Frequency);
        object walk = walkLeft ? ls! : rs!;
        object? other = walkLeft ? rs : ls;
        double scalar = walkLeft ? r.AsNumber : l.AsNumber;
        var pts = new SeriesAccess.Points(walk);
        ctx.Spend(pts.Count, span);
        var sb = new SeriesBuilder(pts.Frequency, pts.Count);
        for (int i = 0; i < pts.Count; i++)
        {
            if (!pts.Has(i)) continue;
            int ord = pts.OrdinalAt(i);
            double w = pts.Values[i];
            double o = scalar;
            if (other is not null && !SeriesAccess.TryGet(other, Period.FromOrdinal(pts.Frequency, ord), ref ctx, out o)) continue;
            SeriesAccess.Trace(walk, pts.Frequency, ord, ref ctx);
            double res = walkLeft ? Apply(op, w, o) : Apply(op, o, w);
            if (double.IsFinite(res)) sb.Add(ord, res);
        }
        return Value.Of(sb.Build(name, SeriesAccess.Calendar(walk), boolResult));
    }

    /// <summary>Applies a function of one number to every point of a series.</summary>
    public static Value Map(object series, Func<double, double> f, string name, bool boolResult, ref EvalContext ctx, TextSpan span)
    {
        var pts = new SeriesAccess.Points(series);
        ctx.Spend(pts.Count, span);
        var sb = new SeriesBuilder(pts.Frequency, pts.Count);
        for (int i = 0; i < pts.Count; i++)
        {
            if (!pts.Has(i)) continue;
            double res = f(pts.Values[i]);
            SeriesAccess.Trace(series, pts.Frequency, pts.OrdinalAt(i), ref ctx);
            if (double.IsFinite(res)) sb.Add(pts.OrdinalAt(i), res);
        }
        return Value.Of(sb.Build(name, SeriesAccess.Calendar(series), boolResult));
    }
}

/// <summary><c>a op b</c> over numbers, booleans and series (§3).</summary>
internal sealed class BinaryNode(BinaryOp op, Bound left, Bound right, QType type, string text, TextSpan span) : Bound(type, span)
{
    public override Value Eval(ref EvalContext ctx)
    {
        if (!Both(left, right, ref ctx, out var l, out var r, out var na)) return na;
        if (l.Kind == ValueKind.Series || r.Kind == ValueKind.Series)
            return Ops.Zip(op, l, r, Type.Kind == TypeKind.BoolSeries, text, ref ctx, Span);
        double a = l.AsNumber, b = r.AsNumber;
        if (Ops.IsComparison(op) || Ops.IsLogic(op)) return Value.Bool(Ops.Apply(op, a, b) != 0);
        return Ops.Checked(Ops.Apply(op, a, b), op, b);
    }
}

/// <summary>Period comparisons: equality across any periods, ordering within one frequency.</summary>
internal sealed class PeriodCompareNode(BinaryOp op, Bound left, Bound right, TextSpan span) : Bound(QType.Bool, span)
{
    public override Value Eval(ref EvalContext ctx)
    {
        if (!Both(left, right, ref ctx, out var l, out var r, out var na)) return na;
        Period a = l.AsPeriod, b = r.AsPeriod;
        if (op is BinaryOp.Equal) return Value.Bool(a == b);
        if (op is BinaryOp.NotEqual) return Value.Bool(a != b);
        if (a.Frequency != b.Frequency)
            return Value.NotMeaningful($"cannot order {Period.Describe(a.Frequency)} {a} and {Period.Describe(b.Frequency)} {b}");
        return Value.Bool(Ops.Apply(op, a.Ordinal, b.Ordinal) != 0);
    }
}

/// <summary><c>period ± n</c>: steps in the period's own frequency.</summary>
internal sealed class PeriodShiftNode(Bound period, Bound count, int sign, TextSpan span) : Bound(QType.Period, span)
{
    public override Value Eval(ref EvalContext ctx)
    {
        if (!Both(period, count, ref ctx, out var p, out var n, out var na)) return na;
        double k = n.AsNumber * sign;
        if (Math.Floor(k) != k) return Value.NotMeaningful(string.Create(CultureInfo.InvariantCulture, $"cannot move a period by a fraction ({n.AsNumber})"));
        if (Math.Abs(k) > 10_000_000 || !p.AsPeriod.TryPlus((long)k, out var result))
            return Value.NotMeaningful(string.Create(CultureInfo.InvariantCulture, $"{p.AsPeriod} {(sign > 0 ? "+" : "-")} {n.AsNumber} falls outside years 1 to 9999"));
        return Value.Of(result);
    }
}

/// <summary><c>a − b</c> for two periods of one frequency: the number of periods between them.</summary>
internal sealed class PeriodDiffNode(Bound left, Bound right, TextSpan span) : Bound(QType.Number(), span)
{
    public override Value Eval(ref EvalContext ctx)
    {
        if (!Both(left, right, ref ctx, out var l, out var r, out var na)) return na;
        if (l.AsPeriod.Frequency != r.AsPeriod.Frequency)
            return Value.NotMeaningful($"cannot subtract {Period.Describe(r.AsPeriod.Frequency)} {r.AsPeriod} from {Period.Describe(l.AsPeriod.Frequency)} {l.AsPeriod}");
        return Value.Number(l.AsPeriod.Ordinal - r.AsPeriod.Ordinal);
    }
}

/// <summary>Unary minus and <c>not</c>, on scalars and series.</summary>
internal sealed class UnaryNode(UnaryOp op, Bound operand, string text, TextSpan span) : Bound(operand.Type, span)
{
    private static readonly Func<double, double> Negate = v => -v;
    private static readonly Func<double, double> Not = v => v != 0 ? 0 : 1;

    public override Value Eval(ref EvalContext ctx)
    {
        var v = operand.Eval(ref ctx);
        if (v.IsNa) return v;
        if (v.Kind == ValueKind.Series)
            return Ops.Map(v.AsSeries, op == UnaryOp.Negate ? Negate : Not, text, op == UnaryOp.Not, ref ctx, Span);
        return op == UnaryOp.Negate ? Value.Number(-v.AsNumber) : Value.Bool(!v.AsBool);
    }
}

/// <summary><c>x[p]</c>: the value of a series at a period.</summary>
internal sealed class IndexNode(Bound target, Bound index, QType type, TextSpan span) : Bound(type, span)
{
    public override Value Eval(ref EvalContext ctx)
    {
        if (!Both(target, index, ref ctx, out var s, out var p, out var na)) return na;
        var series = s.AsSeries;
        if (!SeriesAccess.TryGet(series, p.AsPeriod, ref ctx, out double v)) return SeriesAccess.Missing(series, p.AsPeriod);
        return Type.Kind == TypeKind.Bool ? Value.Bool(v != 0) : Value.Number(v);
    }
}

/// <summary><c>x[a..b]</c>: the points of a series lying wholly inside a range.</summary>
internal sealed class SliceNode(Bound target, Bound range, string text, TextSpan span) : Bound(target.Type, span)
{
    public override Value Eval(ref EvalContext ctx)
    {
        if (!Both(target, range, ref ctx, out var s, out var r, out var na)) return na;
        var series = s.AsSeries;
        var cal = SeriesAccess.Calendar(series);
        var pr = r.AsRange;
        int startDay = pr.Start is { } a ? cal.StartDay(a) : int.MinValue;
        int endDay = pr.End is { } b ? cal.EndDay(b) : int.MaxValue;
        var pts = new SeriesAccess.Points(series);
        ctx.Spend(pts.Count, Span);
        var sb = new SeriesBuilder(pts.Frequency, pts.Count);
        for (int i = 0; i < pts.Count; i++)
        {
            if (!pts.Has(i)) continue;
            var p = Period.FromOrdinal(pts.Frequency, pts.OrdinalAt(i));
            if (cal.StartDay(p) < startDay || cal.EndDay(p) > endDay) continue;
            SeriesAccess.Trace(series, pts.Frequency, p.Ordinal, ref ctx);
            sb.Add(p.Ordinal, pts.Values[i]);
        }
        return Value.Of(sb.Build(text, cal, Type.Kind == TypeKind.BoolSeries));
    }
}

/// <summary><c>if(c, a, b)</c>: evaluates only the branch it returns.</summary>
internal sealed class IfNode(Bound condition, Bound then, Bound otherwise, QType type, TextSpan span) : Bound(type, span)
{
    public override Value Eval(ref EvalContext ctx)
    {
        var c = condition.Eval(ref ctx);
        if (c.IsNa) return c;
        return c.AsBool ? then.Eval(ref ctx) : otherwise.Eval(ref ctx);
    }
}
