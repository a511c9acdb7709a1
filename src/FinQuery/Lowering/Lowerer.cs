namespace FinQuery.Evaluation;

/// <summary>What a lowering pass may know beyond the tree: the entity the query is bound for.</summary>
internal readonly record struct LoweringContext(Entity? DefaultEntity);

/// <summary>
/// Optimisation as its own pass over the plain bound tree, in the spirit of serilog-expressions' list of rewriters
/// and Roslyn's lowering. The binder emits a plain tree (what <see cref="BoundQuery.Explain"/> runs); lowering
/// returns an equivalent tree whose replaced nodes keep the plain node as their fallback, so every fast path gives
/// exactly the plain node's value, NA reason included.
/// </summary>
internal static class Lowerer
{
    /// <summary>
    /// The passes, applied in this order at each node, bottom-up: constant folding, constant period pairs, cover
    /// plans, dense series loops. Called directly rather than through a list of delegates: a cold query runs every
    /// pass at every node, and a delegate to a static method costs a shuffle thunk per call.
    /// </summary>
    internal static Bound ApplyPasses(Bound node, in LoweringContext context)
    {
        node = ConstantFolding.Fold(node, context);
        node = FastPaths.ConstantPeriodPair(node, context);
        node = FastPaths.CoverPlan(node, context);
        return FastPaths.DenseSeries(node, context);
    }

    /// <summary>
    /// The common nodes that no pass rewrites, known without running the passes: a constant or a metric (leaves), an
    /// operator with an operand that is not a constant (folding needs all of them constant; no other pass takes an operator), and a metric at an
    /// index (the period pairs and cover plans take growth and trailing series, not metrics). LoweringWalkTests
    /// checks this against <see cref="ApplyPasses"/>.
    /// </summary>
    /// <remarks>
    /// Never inlined: the binder asks it of every node, and inlined into the binder's methods its type tests would be
    /// compiled with whatever profile those methods were warmed with (a query of calls, which sets
    /// <see cref="Binder.NeedsLowering"/> first, leaves them cold: calls to the runtime's cast helper). On its own it
    /// has one profile, of the queries that ask it.
    /// </remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    internal static bool NoPassApplies(Bound node) => node switch
    {
        ConstNode or MetricNode => true,
        BinaryNode b => b.Left is not ConstNode || b.Right is not ConstNode,
        UnaryNode u => u.Operand is not ConstNode,
        IndexNode { Target: MetricNode } => true,
        _ => false,
    };

    public static Bound Lower(Bound root, in LoweringContext context)
    {
        Dictionary<Bound, Bound>? lets = null;
        return Rewrite(root, context, ref lets, 0);
    }

    private static Bound Rewrite(Bound node, in LoweringContext context, ref Dictionary<Bound, Bound>? lets, int depth)
    {
        // Leaves: no pass rewrites a constant or a metric.
        if (node is ConstNode or MetricNode) return node;
        // A let's node is shared by all its uses (the binder shares nothing else): lower it once, keep it shared.
        // The table is made on the first let, as most queries have none.
        bool shared = node is LetNode or SeriesLetNode;
        if (shared && lets is not null && lets.TryGetValue(node, out var lowered)) return lowered;
        if (!Syntax.StackGuard.IsSufficientAt(depth)) throw new InsufficientExecutionStackException();
        depth++;
        Bound result = node;
        // A new node only where a child changed: most nodes of most queries are left as they are, and a cold query
        // (parse, bind, lower, evaluate once) pays for every array made here. The common nodes' operands are read
        // without their Children list (which allocates).
        switch (Operands.Of(node, out var a, out var b))
        {
            case 0:
                break;
            case 1:
            {
                var ra = Rewrite(a!, context, ref lets, depth);
                if (!ReferenceEquals(ra, a)) result = node.WithChildren([ra]);
                break;
            }
            case 2:
            {
                var ra = Rewrite(a!, context, ref lets, depth);
                var rb = Rewrite(b!, context, ref lets, depth);
                if (!ReferenceEquals(ra, a) || !ReferenceEquals(rb, b)) result = node.WithChildren([ra, rb]);
                break;
            }
            default:
            {
                var children = node.Children;
                Bound[]? rewritten = null;
                for (int i = 0; i < children.Count; i++)
                {
                    var r = Rewrite(children[i], context, ref lets, depth);
                    if (ReferenceEquals(r, children[i])) continue;
                    if (rewritten is null)
                    {
                        rewritten = new Bound[children.Count];
                        for (int j = 0; j < children.Count; j++) rewritten[j] = children[j];
                    }
                    rewritten[i] = r;
                }
                if (rewritten is not null) result = node.WithChildren(rewritten);
                break;
            }
        }
        if (!NoPassApplies(result)) result = ApplyPasses(result, context);
        if (shared) (lets ??= new Dictionary<Bound, Bound>(ReferenceEqualityComparer.Instance))[node] = result;
        return result;
    }
}

/// <summary>The operands of the most common nodes, read without allocating their <see cref="Bound.Children"/> list.</summary>
internal static class Operands
{
    /// <summary>
    /// How many operands <paramref name="node"/> has (0, 1 or 2), returned in <paramref name="a"/> and
    /// <paramref name="b"/> in <see cref="Bound.Children"/> order; −1 for a node not known here (read its Children).
    /// </summary>
    public static int Of(Bound node, out Bound? a, out Bound? b)
    {
        b = null;
        switch (node)
        {
            case ConstNode or MetricNode:
                a = null;
                return 0;
            case BinaryNode n:
                (a, b) = (n.Left, n.Right);
                return 2;
            case IndexNode n:
                (a, b) = (n.Target, n.Index);
                return 2;
            case SeriesBinaryNode n:
                (a, b) = (n.Left, n.Right);
                return 2;
            case UnaryNode n:
                a = n.Operand;
                return 1;
            case GrowthSeriesNode n:
                a = n.X;
                return 1;
            default:
                a = null;
                return -1;
        }
    }
}

/// <summary>Evaluation of constant subtrees, for the folding pass and the binder's need of constant arguments.</summary>
internal static class Constants
{
    /// <summary>The value of a node that reads no data and no entity (literals and what is computed from them only).</summary>
    public static bool TryEvaluate(Bound node, out Value value)
    {
        value = default;
        switch (node)
        {
            case ConstNode c:
                value = c.Value;
                return true;
            case SeriesNode or ElapsedNode:
                return false;
        }
        foreach (var c in node.Children)
            if (!TryEvaluate(c, out _)) return false;
        var ctx = new EvalContext { Budget = 1_000_000 };
        try
        {
            value = node.Eval(ref ctx);
        }
        catch (FinQueryException)
        {
            return false;
        }
        return !value.IsNa;
    }
}

/// <summary>Folds a node whose operands are all constants into its value (NA is left to evaluation, which reports it).</summary>
internal static class ConstantFolding
{
    public static Bound Fold(Bound node, in LoweringContext context)
    {
        if (node is ConstNode or SeriesNode or ElapsedNode) return node;
        // Children are lowered first: a constant subtree has only constants below it by now.
        switch (Operands.Of(node, out var a, out var b))
        {
            case 0:
                return node;
            case 1:
                if (a is not ConstNode) return node;
                break;
            case 2:
                if (a is not ConstNode || b is not ConstNode) return node;
                break;
            default:
                var children = node.Children;
                if (children.Count == 0) return node;
                for (int i = 0; i < children.Count; i++)
                    if (children[i] is not ConstNode) return node;
                break;
        }
        if (!Constants.TryEvaluate(node, out var value)) return node;
        return new ConstNode(value, node.Type, node.Span);
    }
}
