using FinQuery.Syntax;

namespace FinQuery.Evaluation;

/// <summary>A literal, or a value the constant-folding pass computed once.</summary>
internal sealed class ConstNode(Value value, QType type, TextSpan span) : Bound(type, span)
{
    public Value Value { get; } = value;
    public override Value Eval(ref EvalContext ctx) => Value;
    public override IReadOnlyList<Bound> Children => [];
    public override Bound WithChildren(IReadOnlyList<Bound> children) => this;
    public override string Describe() => $"Const({BoundTreePrinter.Text(Value, Type)})";
}

/// <summary>The value of one <c>let</c> binding during one evaluation.</summary>
internal struct LetSlot
{
    public bool Done;
    public Value Value;
}

/// <summary>
/// A use of a scalar <c>let</c> binding. The binding is evaluated at most once per evaluation, at its first use,
/// so a query whose lets reuse each other (<c>let b = a + a; let c = b + b; …</c>) costs linear work, not
/// exponential. Every use of one let is the same node instance (the lowering passes keep that sharing).
/// </summary>
internal sealed class LetNode(int index, string name, Bound value) : Bound(value.Type, value.Span)
{
    public int Index { get; } = index;
    public string Name { get; } = name;
    public Bound Value { get; } = value;

    public override Value Eval(ref EvalContext ctx)
    {
        var lets = ctx.Lets;
        if (lets is null) return Value.Eval(ref ctx);
        if (!lets[Index].Done)
        {
            // A let only refers to earlier lets, so evaluating it never comes back to this slot.
            var v = Value.Eval(ref ctx);
            lets[Index].Value = v;
            lets[Index].Done = true;
        }
        return lets[Index].Value;
    }

    public override IReadOnlyList<Bound> Children => [Value];
    public override Bound WithChildren(IReadOnlyList<Bound> children) =>
        ReferenceEquals(children[0], Value) ? this : new LetNode(Index, Name, children[0]);
    public override string Describe() => $"Let({Name})";
}

/// <summary>
/// A use of a series-valued <c>let</c>: the name stands for the expression, pointwise. <c>let rl = -x; sum(rl, R)</c>
/// is <c>sum(-x, R)</c>, with the same cover; materialising it (when the let is the answer) is done once.
/// </summary>
internal sealed class SeriesLetNode(int index, string name, SeriesNode value)
    : SeriesNode(value.Type, value.Span, name, value.Aggregation)
{
    public int Index { get; } = index;
    public SeriesNode Value { get; } = value;
    protected override bool Memoize => false;

    protected override Value ComputeAt(Period p, ref EvalContext ctx) => Value.At(p, ref ctx);
    protected override bool ComputeShape(ref EvalContext ctx, out SeriesShape shape, out Value na) => Value.TryShape(ref ctx, out shape, out na);
    protected override Value ComputeSum(in DayRange range, ref EvalContext ctx) => Value.SumOver(range, ref ctx);

    public override Value Eval(ref EvalContext ctx)
    {
        var lets = ctx.Lets;
        if (lets is null) return Value.Eval(ref ctx);
        if (!lets[Index].Done)
        {
            lets[Index].Value = Value.Eval(ref ctx);
            lets[Index].Done = true;
        }
        return lets[Index].Value;
    }

    public override IReadOnlyList<Bound> Children => [Value];
    public override Bound WithChildren(IReadOnlyList<Bound> children) =>
        ReferenceEquals(children[0], Value) ? this : new SeriesLetNode(Index, Text, (SeriesNode)children[0]);
    public override string Describe() => $"Let({Text})";
}
