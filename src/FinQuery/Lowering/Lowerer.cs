using System.Runtime.CompilerServices;

namespace FinQuery.Evaluation;

/// <summary>What a lowering pass may know beyond the tree: the entity the query is bound for.</summary>
internal readonly record struct LoweringContext(Entity? DefaultEntity);

/// <summary>A lowering pass: given a node whose children are already lowered, the node to evaluate instead (or the node itself).</summary>
internal delegate Bound LoweringPass(Bound node, in LoweringContext context);

/// <summary>
/// Optimisation as its own pass over the plain bound tree, in the spirit of serilog-expressions' list of rewriters
/// and Roslyn's lowering. The binder emits a plain tree (what <see cref="BoundQuery.Explain"/> runs); lowering
/// returns an equivalent tree whose replaced nodes keep the plain node as their fallback, so every fast path gives
/// exactly the plain node's value, NA reason included.
/// </summary>
internal static class Lowerer
{
    /// <summary>The passes, applied in this order at each node, bottom-up.</summary>
    public static readonly (string Name, LoweringPass Pass)[] Passes =
    [
        ("constant folding", ConstantFolding.Fold),
        ("constant period pairs", FastPaths.ConstantPeriodPair),
        ("cover plans", FastPaths.CoverPlan),
        ("dense series loops", FastPaths.DenseSeries),
    ];

    public static Bound Lower(Bound root, in LoweringContext context) =>
        Rewrite(root, context, new Dictionary<Bound, Bound>(ReferenceEqualityComparer.Instance));

    private static Bound Rewrite(Bound node, in LoweringContext context, Dictionary<Bound, Bound> done)
    {
        // A let's node is shared by all its uses: lower it once, keep it shared.
        if (done.TryGetValue(node, out var lowered)) return lowered;
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var children = node.Children;
        Bound result = node;
        // A new node only where a child changed: most nodes of most queries are left as they are, and a cold query
        // (parse, bind, lower, evaluate once) pays for every array made here.
        Bound[]? rewritten = null;
        for (int i = 0; i < children.Count; i++)
        {
            var r = Rewrite(children[i], context, done);
            if (ReferenceEquals(r, children[i])) continue;
            if (rewritten is null)
            {
                rewritten = new Bound[children.Count];
                for (int j = 0; j < children.Count; j++) rewritten[j] = children[j];
            }
            rewritten[i] = r;
        }
        if (rewritten is not null) result = node.WithChildren(rewritten);
        foreach (var (_, pass) in Passes) result = pass(result, context);
        done[node] = result;
        return result;
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
        var children = node.Children;
        if (children.Count == 0) return node;
        foreach (var c in children)
            if (c is not ConstNode) return node;
        if (!Constants.TryEvaluate(node, out var value)) return node;
        return new ConstNode(value, node.Type, node.Span);
    }
}
