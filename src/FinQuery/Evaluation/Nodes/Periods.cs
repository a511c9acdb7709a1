using System.Globalization;
using FinQuery.Syntax;

namespace FinQuery.Evaluation;

/// <summary>Period comparisons: equality across any periods, ordering within one frequency.</summary>
internal sealed class PeriodCompareNode(BinaryOp op, Bound left, Bound right, TextSpan span) : Bound(QType.Bool, span)
{
    public override Value Eval(ref EvalContext ctx)
    {
        if (!Both(left, right, ref ctx, out var l, out var r, out var na)) return na;
        Period a = l.AsPeriod, b = r.AsPeriod;
        if (op is BinaryOp.Equal) return Value.Bool(a == b);
        if (op is BinaryOp.NotEqual) return Value.Bool(a != b);
        if (a.Frequency != b.Frequency || a.IsCalendar != b.IsCalendar)
            return Value.NotMeaningful($"cannot order {a.Describe()} {a} and {b.Describe()} {b}");
        return Value.Bool(Ops.Apply(op, a.Ordinal, b.Ordinal) != 0);
    }

    public override IReadOnlyList<Bound> Children => [left, right];
    public override Bound WithChildren(IReadOnlyList<Bound> c) => Same(Children, c) ? this : new PeriodCompareNode(op, c[0], c[1], Span);
    public override string Describe() => $"PeriodCompare({Ops.Symbol(op)})";
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

    public override IReadOnlyList<Bound> Children => [period, count];
    public override Bound WithChildren(IReadOnlyList<Bound> c) => Same(Children, c) ? this : new PeriodShiftNode(c[0], c[1], sign, Span);
    public override string Describe() => sign > 0 ? "PeriodPlus" : "PeriodMinus";
}

/// <summary><c>a − b</c> for two periods of one frequency: the number of periods between them.</summary>
internal sealed class PeriodDiffNode(Bound left, Bound right, TextSpan span) : Bound(QType.Number(), span)
{
    public override Value Eval(ref EvalContext ctx)
    {
        if (!Both(left, right, ref ctx, out var l, out var r, out var na)) return na;
        if (l.AsPeriod.Frequency != r.AsPeriod.Frequency || l.AsPeriod.IsCalendar != r.AsPeriod.IsCalendar)
            return Value.NotMeaningful($"cannot subtract {r.AsPeriod.Describe()} {r.AsPeriod} from {l.AsPeriod.Describe()} {l.AsPeriod}");
        return Value.Number(l.AsPeriod.Ordinal - r.AsPeriod.Ordinal);
    }

    public override IReadOnlyList<Bound> Children => [left, right];
    public override Bound WithChildren(IReadOnlyList<Bound> c) => Same(Children, c) ? this : new PeriodDiffNode(c[0], c[1], Span);
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

    public override IReadOnlyList<Bound> Children => [from, to];
    public override Bound WithChildren(IReadOnlyList<Bound> c) => Same(Children, c) ? this : new ElapsedNode(unit, c[0], c[1], Span);
    public override string Describe() => $"Elapsed({unit})";
}
