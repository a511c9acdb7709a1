using FinQuery.Syntax;

namespace FinQuery.Evaluation;

/// <summary>
/// A bound expression: names resolved to series slots, functions to nodes, periods to values,
/// types and units checked. Immutable after binding, so one tree serves many threads.
/// </summary>
internal abstract class Bound(QType type, TextSpan span)
{
    public QType Type { get; } = type;
    public TextSpan Span { get; } = span;

    public abstract Value Eval(ref EvalContext ctx);

    /// <summary>
    /// Evaluates two operands in order, stopping at the first NA (NA propagates): false with that NA in
    /// <paramref name="na"/>.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    protected static bool Both(Bound a, Bound b, ref EvalContext ctx, out Value left, out Value right, out Value na)
    {
        left = a.Eval(ref ctx);
        if (left.IsNa)
        {
            right = na = left;
            return false;
        }
        right = b.Eval(ref ctx);
        na = right;
        return !right.IsNa;
    }

    /// <summary>The constant value of this node, when it has one (literals and what folds from them).</summary>
    public virtual bool TryConstant(out Value value)
    {
        value = default;
        return false;
    }
}

/// <summary>Per-evaluation state, passed by reference so that evaluating allocates nothing of its own.</summary>
internal struct EvalContext
{
    /// <summary>The entity bare metric names refer to.</summary>
    public Entity? Entity;
    /// <summary>Where provenance is collected; null unless the caller asked for an explanation.</summary>
    public List<(MetricSeries Series, Period Period)>? Trace;
    public CancellationToken Cancellation;
    /// <summary>Series points still allowed to be produced (bounds the work of one evaluation).</summary>
    public long Budget;
    /// <summary>The values of the query's <c>let</c> bindings, each computed at most once per evaluation; null when folding constants.</summary>
    public LetSlot[]? Lets;

    public void Spend(int points, TextSpan span)
    {
        Budget -= points;
        if (Budget < 0) ThrowOverBudget(span);
        if (Cancellation.IsCancellationRequested) Cancellation.ThrowIfCancellationRequested();
    }

    /// <summary><see cref="Spend(int, TextSpan)"/> for work with no position of its own (an over-budget error names none).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Spend(int points)
    {
        Budget -= points;
        if (Budget < 0) ThrowOverBudget(TextSpan.None);
        if (Cancellation.IsCancellationRequested) Cancellation.ThrowIfCancellationRequested();
    }

    // Kept out of Spend so that Spend stays small enough to inline into the nodes' hot paths.
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowOverBudget(TextSpan span) =>
        throw new FinQueryException("the query needs more work than the limit allows (QueryOptions.MaxWork)", span);
}

internal sealed class ConstNode(Value value, QType type, TextSpan span) : Bound(type, span)
{
    private readonly Value _value = value;
    public override Value Eval(ref EvalContext ctx) => _value;
    public override bool TryConstant(out Value value)
    {
        value = _value;
        return true;
    }
}

/// <summary>A metric of the evaluation's entity (by slot) or of a fixed entity.</summary>
internal sealed class MetricNode(int slot, Entity? fixedEntity, string name, QType type, TextSpan span) : Bound(type, span)
{
    public int Slot { get; } = slot;
    public Entity? FixedEntity { get; } = fixedEntity;
    public string Name { get; } = name;

    /// <summary>The series this node reads when evaluated for <paramref name="defaultEntity"/>, known at bind time.</summary>
    public MetricSeries? SeriesAtBind(Entity? defaultEntity)
    {
        var e = FixedEntity ?? defaultEntity;
        return e is not null && (uint)Slot < (uint)e.Slots.Length ? e.Slots[Slot] : null;
    }

    public MetricSeries? Resolve(ref EvalContext ctx)
    {
        var e = FixedEntity ?? ctx.Entity;
        if (e is null) return null;
        var slots = e.Slots;
        return (uint)Slot < (uint)slots.Length ? slots[Slot] : null;
    }

    public override Value Eval(ref EvalContext ctx)
    {
        var s = Resolve(ref ctx);
        if (s is not null) return Value.Of(s);
        var e = FixedEntity ?? ctx.Entity;
        return Value.Missing(e is null ? $"no entity for {Name}" : $"{e.Id} has no {Name}");
    }
}

/// <summary>The value of one <c>let</c> binding during one evaluation.</summary>
internal struct LetSlot
{
    public bool Done;
    public Value Value;
}

/// <summary>
/// A use of a <c>let</c> binding. The binding is evaluated at most once per evaluation, at its first use, so a
/// query whose lets reuse each other (<c>let b = a + a; let c = b + b; …</c>) costs linear work, not exponential.
/// </summary>
internal sealed class LetNode(int index, Bound value) : Bound(value.Type, value.Span)
{
    public override Value Eval(ref EvalContext ctx)
    {
        var lets = ctx.Lets;
        if (lets is null) return value.Eval(ref ctx);
        if (!lets[index].Done)
        {
            // A let only refers to earlier lets, so evaluating it never comes back to this slot.
            var v = value.Eval(ref ctx);
            lets[index].Value = v;
            lets[index].Done = true;
        }
        return lets[index].Value;
    }

    public override bool TryConstant(out Value v) => value.TryConstant(out v);
}
