using System.Runtime.CompilerServices;
using FinQuery.Syntax;

namespace FinQuery.Evaluation;

/// <summary>
/// A bound expression: names resolved to series slots, functions to nodes, periods to values, types and units
/// checked. The binder emits a plain tree of these; the lowering passes (see <c>Lowering/Lowerer.cs</c>) replace
/// some nodes by faster equivalents that keep the plain node as their fallback. Immutable after binding, so one
/// tree serves many threads.
/// </summary>
internal abstract class Bound(QType type, TextSpan span)
{
    public QType Type { get; } = type;
    public TextSpan Span { get; } = span;

    /// <summary>
    /// The value of the node: a number, boolean, period or range; for a series-typed node, the series itself,
    /// materialised at its natural frequency (see <see cref="SeriesNode"/>).
    /// </summary>
    public abstract Value Eval(ref EvalContext ctx);

    /// <summary>The node's operands, in evaluation order (for the lowering passes and the tree printer).</summary>
    public abstract IReadOnlyList<Bound> Children { get; }

    /// <summary>The same node over other operands (same count, same types); returns this node when nothing changed.</summary>
    public abstract Bound WithChildren(IReadOnlyList<Bound> children);

    /// <summary>
    /// This node as a <see cref="SeriesNode"/>, or null. A virtual call where a hot path asks: a type test against the
    /// abstract SeriesNode is a call into the runtime's cast helper unless the JIT's profile guessed the node's class.
    /// </summary>
    public virtual SeriesNode? AsSeries => null;

    /// <summary>A short name for the bound-tree printer: <c>Binary(-)</c>, <c>Metric(revenue)</c>.</summary>
    public virtual string Describe() => GetType().Name.Replace("Node", "", StringComparison.Ordinal);

    /// <summary>
    /// Evaluates two operands in order, stopping at the first NA (NA propagates): false with that NA in
    /// <paramref name="na"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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

    /// <summary>True when children are the same instances as <paramref name="current"/>.</summary>
    protected static bool Same(IReadOnlyList<Bound> current, IReadOnlyList<Bound> children)
    {
        for (int i = 0; i < current.Count; i++)
            if (!ReferenceEquals(current[i], children[i])) return false;
        return true;
    }
}

/// <summary>
/// A series-valued node: a metric or any expression over series. It obeys the same rules as a metric: its value
/// at a period comes from its inputs' values at that period, each with its own derivation (<see cref="At"/>); its
/// aggregation is inferred (<see cref="Aggregation"/>); range sums of a <c>sum</c> series use the same cover as a
/// metric's (<see cref="SumOver"/>); and its shape (frequency, calendar, edges) is known per evaluation
/// (<see cref="TryShape"/>). <see cref="Eval"/> materialises it only where a whole series is the answer.
/// </summary>
internal abstract class SeriesNode(QType type, TextSpan span, string text, Aggregation aggregation) : Bound(type, span)
{
    /// <summary>What the series is, for messages: <c>revenue</c>, <c>-reality_labs_operating_income</c>, <c>yoy(revenue)</c>.</summary>
    public string Text { get; } = text;

    /// <summary>How finer values of this series make up coarser ones, inferred at bind time.</summary>
    public Aggregation Aggregation { get; } = aggregation;

    public bool IsBool => Type.Kind == TypeKind.BoolSeries;

    public sealed override SeriesNode AsSeries => this;

    /// <summary>The value at one period (a number, or a boolean for a boolean series), or NA with a reason.</summary>
    /// <remarks>
    /// Memoised per evaluation (see <see cref="EvalMemo"/>): pointwise evaluation of nested multi-point functions
    /// (<c>yoy(yoy(x))</c>, lets used twice) would otherwise redo shared work exponentially in the nesting.
    /// </remarks>
    public Value At(Period p, ref EvalContext ctx) => Memoize ? MemoizedAt(p, ref ctx) : ComputeAt(p, ref ctx);

    // The memo's lookups are kept out of At, which is inlined into every node that reads a point: a metric (never
    // memoised) then costs its callers one virtual call and no dictionary code in their frames.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Value MemoizedAt(Period p, ref EvalContext ctx)
    {
        var points = (ctx.Memo ??= new EvalMemo()).Points;
        if (points.TryGetValue((this, p), out var v)) return v;
        ctx.Spend(1, Span);
        v = ComputeAt(p, ref ctx);
        points[(this, p)] = v;
        return v;
    }

    /// <summary>The natural frequency, calendar and edges of the series in this evaluation; false with an NA when it has none.</summary>
    public bool TryShape(ref EvalContext ctx, out SeriesShape shape, out Value na) =>
        Memoize ? MemoizedShape(ref ctx, out shape, out na) : ComputeShape(ref ctx, out shape, out na);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool MemoizedShape(ref EvalContext ctx, out SeriesShape shape, out Value na)
    {
        var shapes = (ctx.Memo ??= new EvalMemo()).Shapes;
        if (shapes.TryGetValue(this, out var known))
        {
            (shape, na) = (known.Shape, known.Na);
            return known.Ok;
        }
        bool ok = ComputeShape(ref ctx, out shape, out na);
        shapes[this] = (ok, shape, na);
        return ok;
    }

    /// <summary>
    /// The sum over the days of <paramref name="range"/>: for a <c>sum</c> series, the cover of its metrics
    /// (reported values, coarsest first, no overlap, no gap), combined as the expression combines them; for any
    /// other series NA not-meaningful, with a reason saying what to write instead.
    /// </summary>
    public Value SumOver(in DayRange range, ref EvalContext ctx) =>
        Memoize ? MemoizedSum(range, ref ctx) : ComputeSum(range, ref ctx);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Value MemoizedSum(in DayRange range, ref EvalContext ctx)
    {
        var sums = (ctx.Memo ??= new EvalMemo()).Sums;
        if (sums.TryGetValue((this, range), out var v)) return v;
        ctx.Spend(1, Span);
        v = ComputeSum(range, ref ctx);
        sums[(this, range)] = v;
        return v;
    }

    /// <summary>Whether <see cref="At"/>, <see cref="TryShape"/> and <see cref="SumOver"/> are memoised; off for nodes that are cheaper than a lookup.</summary>
    protected virtual bool Memoize => true;

    protected abstract Value ComputeAt(Period p, ref EvalContext ctx);

    protected abstract bool ComputeShape(ref EvalContext ctx, out SeriesShape shape, out Value na);

    protected virtual Value ComputeSum(in DayRange range, ref EvalContext ctx) => NotAdditive();

    /// <summary>NA not-meaningful: the series is not summed over a range (its aggregation is not <c>sum</c>).</summary>
    protected virtual Value NotAdditive() => Value.NotMeaningful(Aggregation == Aggregation.Last
        ? $"{Text} is a balance (last): it is not summed over a range; write {Indexable}[p] for its value at the end of p"
        : $"{Text} is not additive: it is not summed over a range; sum its inputs first (for example sum(x, …) / sum(y, …)), or write avg({Text}, …)");

    /// <summary>The text, in parentheses unless it is a name or a call, so that <c>[p]</c> can follow it.</summary>
    private string Indexable => Text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.') ? Text : $"({Text})";

    public override Value Eval(ref EvalContext ctx) => SeriesWalk.Materialize(this, ref ctx);

    /// <summary>NA missing: "no revenue for 2019Q3", the period written as the calendar writes it ("FY2024Q2").</summary>
    public Value MissingAt(Period p, FiscalCalendar calendar) => Value.Missing($"no {Text} for {calendar.Format(p)}");

    /// <summary>NA missing naming the vintage the evaluation reads (inside <c>asof</c>: "… as of 2020-01-01").</summary>
    public Value MissingAt(Period p, FiscalCalendar calendar, ref EvalContext ctx) =>
        string.IsNullOrEmpty(ctx.VintageText) ? MissingAt(p, calendar) : Value.Missing($"no {Text} for {calendar.Format(p)}{ctx.VintageText}");

    /// <summary>The calendar that writes this series' periods in messages: its shape's, else the entity's.</summary>
    public FiscalCalendar CalendarFor(ref EvalContext ctx) =>
        TryShape(ref ctx, out var shape, out _) ? shape.Calendar : ctx.Entity?.Calendar ?? default;
}

/// <summary>What one evaluation has computed of its series nodes, so that each point, sum and shape is computed once.</summary>
internal sealed class EvalMemo
{
    public readonly Dictionary<(SeriesNode, Period), Value> Points = new(PointKey.Instance);
    public readonly Dictionary<(SeriesNode, DayRange), Value> Sums = [];
    public readonly Dictionary<SeriesNode, (bool Ok, SeriesShape Shape, Value Na)> Shapes = new(ReferenceEqualityComparer.Instance);
    /// <summary>The memo and let values of each vintage view entered in this evaluation (a node's value differs per view).</summary>
    public Dictionary<Dataset, (EvalMemo Memo, LetSlot[]? Lets)>? Views;

    private sealed class PointKey : IEqualityComparer<(SeriesNode, Period)>
    {
        public static readonly PointKey Instance = new();
        public bool Equals((SeriesNode, Period) x, (SeriesNode, Period) y) => ReferenceEquals(x.Item1, y.Item1) && x.Item2 == y.Item2;
        public int GetHashCode((SeriesNode, Period) k) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(k.Item1) * 31 + k.Item2.GetHashCode();
    }
}

/// <summary>The natural frequency, calendar and edges (first and last day covered by a value) of a series in one evaluation.</summary>
internal readonly record struct SeriesShape(Frequency Frequency, FiscalCalendar Calendar, int MinDay, int MaxDay);

/// <summary>
/// The days a range sum covers, the frequency at which a gap is named, and the range itself (formatted only
/// when an NA reason names it).
/// </summary>
/// <remarks><see cref="Span"/> is the node that asked for the sum: the work of the cover is charged to it.</remarks>
internal readonly record struct DayRange(int StartDay, int EndDay, Frequency GapFrequency, PeriodRange Range, Syntax.TextSpan Span = default);

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
    /// <summary>Series points, sums and shapes computed so far in this evaluation; made on first use.</summary>
    public EvalMemo? Memo;
    /// <summary>The entities peer functions range over (the bound data's, or those of a screen); null when folding constants.</summary>
    public IReadOnlyList<Entity>? Universe;
    /// <summary>Where <see cref="Entity"/> probably is in <see cref="Universe"/> (a screen sets it); checked before use, so 0 when unknown is safe.</summary>
    public int UniverseHint;
    /// <summary>
    /// When not null, <see cref="Entity"/> is <c>Rows.Entities[Row]</c>: metrics are read from the dataset's columns by
    /// position (<see cref="Dataset.SeriesAt"/>) instead of through the entity. Whoever changes <see cref="Entity"/> sets both.
    /// </summary>
    public Dataset? Rows;
    /// <summary>The position of <see cref="Entity"/> in <see cref="Rows"/>; meaningful only when <see cref="Rows"/> is set.</summary>
    public int Row;

    /// <summary>
    /// Sets the entity: its position <paramref name="row"/> when it is an entity of <paramref name="data"/>, and where it
    /// probably is in <see cref="Universe"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void At(Entity? entity, Dataset? data, int row, int universeHint)
    {
        Entity = entity;
        Rows = entity is null ? null : data;
        Row = row;
        UniverseHint = universeHint;
    }
    /// <summary>The vintage view metrics are read from (inside <c>asof</c> and <c>first_reported</c>); null for the bound data.</summary>
    public Dataset? View;
    /// <summary>How NA reasons name the vintage: <c> as of 2023-07-26</c>; empty for the latest data.</summary>
    public string VintageText;

    public void Spend(int points, TextSpan span)
    {
        Budget -= points;
        if (Budget < 0) ThrowOverBudget(span);
        if (Cancellation.IsCancellationRequested) Cancellation.ThrowIfCancellationRequested();
    }

    /// <summary><see cref="Spend(int, TextSpan)"/> for work with no position of its own (an over-budget error names none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
