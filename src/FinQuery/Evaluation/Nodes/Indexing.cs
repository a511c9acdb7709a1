using FinQuery.Syntax;

namespace FinQuery.Evaluation;

/// <summary>
/// <c>x[p]</c>: the value of a series at one period, computed pointwise (only that point: <c>slow(x)[2000-01-05]</c>
/// calls <c>slow</c> once). <c>yoy(x, p)</c>, <c>ttm(x, p)</c>, <c>surprise(x, p)</c> bind to this over the
/// function's series form, so <c>yoy(x)[p]</c> and <c>yoy(x, p)</c> are one computation.
/// </summary>
/// <remarks>
/// At a period written in the query (<c>revenue[2023Q2]</c>, the common case) the node holds the literal and reads the
/// point at its period; the constant node <see cref="Index"/> stands for is made only when something asks for it (a
/// lowering pass, the tree printer, the SQL compiler), so a cold query makes one node per index instead of two.
/// </remarks>
internal sealed class IndexNode : Bound
{
    private readonly PeriodLiteral? _literal;
    private Bound? _index;

    public IndexNode(SeriesNode target, Bound index, QType type, TextSpan span) : base(type, span)
    {
        Target = target;
        _index = index;
    }

    /// <summary><c>target[literal]</c>: the same node as over <c>ConstNode(literal.Period)</c>, without making it.</summary>
    public IndexNode(SeriesNode target, PeriodLiteral literal, QType type, TextSpan span) : base(type, span)
    {
        Target = target;
        _literal = literal;
    }

    public SeriesNode Target { get; }

    /// <summary>The index: a period-valued node (a constant for a period written in the query).</summary>
    public Bound Index => _index ?? MakeIndex();

    // One instance for every caller (passes compare children by reference), whichever thread asks first.
    private Bound MakeIndex()
    {
        var made = new ConstNode(Value.Of(_literal!.Period), QType.Period, _literal.Span);
        return Interlocked.CompareExchange(ref _index, made, null) ?? made;
    }

    public override Value Eval(ref EvalContext ctx)
    {
        if (_literal is not null) return Target.At(_literal.Period, ref ctx);
        var p = _index!.Eval(ref ctx);
        if (p.IsNa) return p;
        return Target.At(p.AsPeriod, ref ctx);
    }

    public override IReadOnlyList<Bound> Children => [Target, Index];
    public override Bound WithChildren(IReadOnlyList<Bound> c) =>
        Same(Children, c) ? this : new IndexNode((SeriesNode)c[0], c[1], Type, Span);
}

/// <summary>
/// <c>x[a..b]</c>: the series restricted to the periods lying wholly inside a range. Its natural frequency is the
/// range's when that is coarser and x rolls up (<c>x[2021..2022]</c> is yearly), else x's own.
/// </summary>
internal sealed class SliceNode(SeriesNode target, Bound range, TextSpan span, string text)
    : SeriesNode(target.Type, span, text, target.Aggregation)
{
    public SeriesNode Target { get; } = target;
    public Bound Range { get; } = range;

    private bool TryDays(ref EvalContext ctx, out SeriesShape shape, out PeriodRange range, out int start, out int end, out Value na)
    {
        range = default;
        start = end = 0;
        if (!Target.TryShape(ref ctx, out shape, out na)) return false;
        var r = Range.Eval(ref ctx);
        if (r.IsNa)
        {
            na = r;
            return false;
        }
        range = r.Kind == ValueKind.Period ? PeriodRange.Single(r.AsPeriod) : r.AsRange;
        var d = SeriesWalk.Days(range, shape);
        start = d.StartDay;
        end = d.EndDay;
        return true;
    }

    protected override Value ComputeAt(Period p, ref EvalContext ctx)
    {
        if (!TryDays(ref ctx, out var shape, out var range, out int start, out int end, out var na)) return na;
        if (shape.Calendar.StartDay(p) < start || shape.Calendar.EndDay(p) > end)
            return Value.Missing($"{shape.Calendar.Format(p)} is outside {range.Format(shape.Calendar)}");
        return Target.At(p, ref ctx);
    }

    protected override bool ComputeShape(ref EvalContext ctx, out SeriesShape shape, out Value na)
    {
        if (!TryDays(ref ctx, out var inner, out var range, out int start, out int end, out na))
        {
            shape = default;
            return false;
        }
        var f = range.Frequency is { } rf && rf > inner.Frequency && Target.Aggregation != Aggregation.None ? rf : inner.Frequency;
        // A slice by calendar periods is on calendar periods (x[CY2022..CY2023] has the points CY2022Q1…).
        var (calendar, minDay, maxDay) = f >= Frequency.Quarter ? SeriesWalk.WalkOn(range, inner) : (inner.Calendar, inner.MinDay, inner.MaxDay);
        shape = new SeriesShape(f, calendar, Math.Max(start, minDay), Math.Min(end, maxDay));
        return true;
    }

    protected override Value ComputeSum(in DayRange sum, ref EvalContext ctx)
    {
        if (!TryDays(ref ctx, out var shape, out _, out int start, out int end, out var na)) return na;
        // The parts of the sum outside the slice are not in the series: a gap, named as any gap is.
        if (sum.StartDay < start && sum.StartDay <= sum.EndDay)
            return MissingAt(shape.Calendar.Containing(Period.OfDate(DateOnly.FromDayNumber(sum.StartDay)), sum.GapFrequency), shape.Calendar);
        if (sum.EndDay > end && sum.StartDay <= sum.EndDay)
            return MissingAt(shape.Calendar.Containing(Period.OfDate(DateOnly.FromDayNumber(Math.Max(end + 1, sum.StartDay))), sum.GapFrequency), shape.Calendar);
        return Target.SumOver(sum, ref ctx);
    }

    public override IReadOnlyList<Bound> Children => [Target, Range];
    public override Bound WithChildren(IReadOnlyList<Bound> c) =>
        Same(Children, c) ? this : new SliceNode((SeriesNode)c[0], c[1], Span, Text);
}

/// <summary><c>if(c, a, b)</c> over scalars: evaluates only the branch it returns.</summary>
internal sealed class IfNode(Bound condition, Bound then, Bound otherwise, QType type, TextSpan span) : Bound(type, span)
{
    public override Value Eval(ref EvalContext ctx)
    {
        var c = condition.Eval(ref ctx);
        if (c.IsNa) return c;
        return c.AsBool ? then.Eval(ref ctx) : otherwise.Eval(ref ctx);
    }

    public override IReadOnlyList<Bound> Children => [condition, then, otherwise];
    public override Bound WithChildren(IReadOnlyList<Bound> c) => Same(Children, c) ? this : new IfNode(c[0], c[1], c[2], Type, Span);
}

/// <summary><c>if(c, a, b)</c> with series branches: the chosen branch, pointwise.</summary>
internal sealed class SeriesIfNode(Bound condition, SeriesNode then, SeriesNode otherwise, QType type, TextSpan span, string text)
    : SeriesNode(type, span, text, Aggregation.None)
{
    private bool TryBranch(ref EvalContext ctx, out SeriesNode branch, out Value na)
    {
        na = condition.Eval(ref ctx);
        branch = na.IsNa ? then : na.AsBool ? then : otherwise;
        return !na.IsNa;
    }

    protected override Value ComputeAt(Period p, ref EvalContext ctx) =>
        TryBranch(ref ctx, out var b, out var na) ? b.At(p, ref ctx) : na;

    protected override bool ComputeShape(ref EvalContext ctx, out SeriesShape shape, out Value na)
    {
        if (TryBranch(ref ctx, out var b, out na)) return b.TryShape(ref ctx, out shape, out na);
        shape = default;
        return false;
    }

    public override IReadOnlyList<Bound> Children => [condition, then, otherwise];
    public override Bound WithChildren(IReadOnlyList<Bound> c) =>
        Same(Children, c) ? this : new SeriesIfNode(c[0], (SeriesNode)c[1], (SeriesNode)c[2], Type, Span, Text);
}
