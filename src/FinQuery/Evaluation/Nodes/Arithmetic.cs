using FinQuery.Syntax;

namespace FinQuery.Evaluation;

/// <summary><c>a op b</c> over numbers and booleans; series operands bind to <see cref="SeriesBinaryNode"/>.</summary>
internal sealed class BinaryNode(BinaryOp op, Bound left, Bound right, QType type, TextSpan span) : Bound(type, span)
{
    public BinaryOp Op { get; } = op;
    public Bound Left { get; } = left;
    public Bound Right { get; } = right;

    public override Value Eval(ref EvalContext ctx)
    {
        if (!Both(Left, Right, ref ctx, out var l, out var r, out var na)) return na;
        return Ops.Binary(Op, l.AsNumber, r.AsNumber, Type.Kind == TypeKind.Bool);
    }

    public override IReadOnlyList<Bound> Children => [Left, Right];
    public override Bound WithChildren(IReadOnlyList<Bound> c) =>
        Same(Children, c) ? this : new BinaryNode(Op, c[0], c[1], Type, Span);
    public override string Describe() => $"Binary({Ops.Symbol(Op)})";
}

/// <summary>
/// <c>a op b</c> where a side is a series: pointwise (the value at p is <c>a[p] op b[p]</c>, each side with its own
/// derivation; a scalar side is the same at every p). Range sums of a <c>sum</c> result are the same combination
/// of the operands' range sums: <c>sum(a − b, R) = sum(a, R) − sum(b, R)</c>, <c>sum(k * x, R) = k * sum(x, R)</c>.
/// </summary>
internal sealed class SeriesBinaryNode(BinaryOp op, Bound left, Bound right, QType type, TextSpan span, string text, Aggregation aggregation)
    : SeriesNode(type, span, text, aggregation)
{
    public BinaryOp Op { get; } = op;
    public Bound Left { get; } = left;
    public Bound Right { get; } = right;

    private static Value Side(Bound b, Period p, ref EvalContext ctx) =>
        b is SeriesNode s ? s.At(p, ref ctx) : b.Eval(ref ctx);

    protected override Value ComputeAt(Period p, ref EvalContext ctx)
    {
        var l = Side(Left, p, ref ctx);
        if (l.IsNa) return l;
        var r = Side(Right, p, ref ctx);
        if (r.IsNa) return r;
        return Ops.Binary(Op, l.AsNumber, r.AsNumber, IsBool);
    }

    protected override bool ComputeShape(ref EvalContext ctx, out SeriesShape shape, out Value na)
    {
        SeriesShape a = default, b = default;
        bool hasA = Left is SeriesNode ls, hasB = Right is SeriesNode rs;
        if (hasA && !((SeriesNode)Left).TryShape(ref ctx, out a, out na)) { shape = default; return false; }
        if (hasB && !((SeriesNode)Right).TryShape(ref ctx, out b, out na)) { shape = default; return false; }
        na = default;
        if (!hasA) { shape = b; return true; }
        if (!hasB) { shape = a; return true; }
        if (!a.Calendar.SameMonths(b.Calendar) && (a.Frequency > Frequency.Month || b.Frequency > Frequency.Month))
        {
            shape = default;
            na = Value.NotMeaningful(CalendarMismatch.Message(Left, a.Calendar, Right, b.Calendar));
            return false;
        }
        // Defined where both are: at the coarser of the two natural frequencies, over the days both cover (a
        // point needs a value on each side, so walking the union would only find NA, and far apart data made
        // that walk millions of days long).
        // A December year's periods are calendar periods: with calendar(y), the points are labelled CY.
        shape = new SeriesShape(a.Frequency >= b.Frequency ? a.Frequency : b.Frequency, b.Calendar.IsCalendarized ? b.Calendar : a.Calendar,
            Math.Max(a.MinDay, b.MinDay), Math.Min(a.MaxDay, b.MaxDay));
        return true;
    }

    protected override Value ComputeSum(in DayRange range, ref EvalContext ctx)
    {
        if (Aggregation != Aggregation.Sum) return NotAdditive();
        switch (Op)
        {
            case BinaryOp.Add or BinaryOp.Subtract:
            {
                var a = ((SeriesNode)Left).SumOver(range, ref ctx);
                if (a.IsNa) return a;
                var b = ((SeriesNode)Right).SumOver(range, ref ctx);
                if (b.IsNa) return b;
                return Ops.Checked(Ops.Apply(Op, a.AsNumber, b.AsNumber), Op, b.AsNumber);
            }
            case BinaryOp.Multiply:
            {
                var (series, scalar) = Left is SeriesNode s ? (s, Right) : ((SeriesNode)Right, Left);
                var k = scalar.Eval(ref ctx);
                if (k.IsNa) return k;
                var sum = series.SumOver(range, ref ctx);
                if (sum.IsNa) return sum;
                return Ops.Checked(k.AsNumber * sum.AsNumber, Op, k.AsNumber);
            }
            default: // Divide: series / scalar
            {
                var k = Right.Eval(ref ctx);
                if (k.IsNa) return k;
                var sum = ((SeriesNode)Left).SumOver(range, ref ctx);
                if (sum.IsNa) return sum;
                return Ops.Checked(Ops.Apply(Op, sum.AsNumber, k.AsNumber), Op, k.AsNumber);
            }
        }
    }

    public override IReadOnlyList<Bound> Children => [Left, Right];
    public override Bound WithChildren(IReadOnlyList<Bound> c) =>
        Same(Children, c) ? this : new SeriesBinaryNode(Op, c[0], c[1], Type, Span, Text, Aggregation);
    public override string Describe() => $"SeriesBinary({Ops.Symbol(Op)})";
}

/// <summary>Unary minus and <c>not</c> on a number or boolean.</summary>
internal sealed class UnaryNode(UnaryOp op, Bound operand, TextSpan span) : Bound(operand.Type, span)
{
    public UnaryOp Op { get; } = op;
    public Bound Operand { get; } = operand;

    public override Value Eval(ref EvalContext ctx)
    {
        var v = Operand.Eval(ref ctx);
        if (v.IsNa) return v;
        return Op == UnaryOp.Negate ? Value.Number(-v.AsNumber == 0 ? 0 : -v.AsNumber) : Value.Bool(!v.AsBool);
    }

    public override IReadOnlyList<Bound> Children => [Operand];
    public override Bound WithChildren(IReadOnlyList<Bound> c) => ReferenceEquals(c[0], Operand) ? this : new UnaryNode(Op, c[0], Span);
    public override string Describe() => Op == UnaryOp.Negate ? "Negate" : "Not";
}

/// <summary>Unary minus and <c>not</c> on a series, pointwise; <c>sum(-x, R) = -sum(x, R)</c>.</summary>
internal sealed class SeriesUnaryNode(UnaryOp op, SeriesNode operand, TextSpan span, string text)
    : SeriesNode(operand.Type, span, text, op == UnaryOp.Negate ? operand.Aggregation : Aggregation.None)
{
    public UnaryOp Op { get; } = op;
    public SeriesNode Operand { get; } = operand;

    protected override Value ComputeAt(Period p, ref EvalContext ctx)
    {
        var v = Operand.At(p, ref ctx);
        if (v.IsNa) return v;
        return Op == UnaryOp.Negate ? Value.Number(v.AsNumber == 0 ? 0 : -v.AsNumber) : Value.Bool(!v.AsBool);
    }

    protected override bool ComputeShape(ref EvalContext ctx, out SeriesShape shape, out Value na) => Operand.TryShape(ref ctx, out shape, out na);

    protected override Value ComputeSum(in DayRange range, ref EvalContext ctx)
    {
        if (Op != UnaryOp.Negate || Aggregation != Aggregation.Sum) return NotAdditive();
        var v = Operand.SumOver(range, ref ctx);
        return v.IsNa ? v : Value.Number(v.AsNumber == 0 ? 0 : -v.AsNumber);
    }

    public override IReadOnlyList<Bound> Children => [Operand];
    public override Bound WithChildren(IReadOnlyList<Bound> c) =>
        ReferenceEquals(c[0], Operand) ? this : new SeriesUnaryNode(Op, (SeriesNode)c[0], Span, Text);
    public override string Describe() => Op == UnaryOp.Negate ? "SeriesNegate" : "SeriesNot";
}

/// <summary>The message for series of two fiscal calendars combined period by period.</summary>
internal static class CalendarMismatch
{
    public static string Message(Bound a, FiscalCalendar ca, Bound b, FiscalCalendar cb) =>
        $"{Name(a)} ({Describe(ca)}) and {Name(b)} ({Describe(cb)}) have different fiscal years: their quarters, halves and " +
        "years cover different months; compare calendar periods instead (calendar(x), CY2023Q2)";

    private static string Name(Bound b) => b is SeriesNode s ? s.Text : "?";

    public static string Describe(FiscalCalendar c) => c.IsCalendarized ? "calendar periods" : c.YearEndMonth == 12
        ? "fiscal year ending in December"
        : $"fiscal year ending in {System.Globalization.CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(c.YearEndMonth)}";
}
