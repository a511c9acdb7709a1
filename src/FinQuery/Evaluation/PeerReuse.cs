using FinQuery.Syntax;

namespace FinQuery.Evaluation;

/// <summary>
/// A lowering pass for queries with peer functions: where the query also computes a peer function's argument for the
/// current entity (<c>yoy(revenue, 2023Q2) - peer_median(yoy(revenue, 2023Q2))</c>, <c>let g = …; g &gt; peer_mean(g)</c>),
/// that expression reads the entity's own value from the peer values instead of computing it a second time. A screen
/// of such a query then evaluates the argument once per entity, not twice.
/// </summary>
/// <remarks>
/// <para>An expression stands for the argument when it is the same node (a <c>let</c>), or when its text in the query
/// is the argument's text: the same text in the same scope binds to the same expression. Only expressions that are
/// evaluated as the peer values evaluate the argument are taken: outside any peer function's argument (which is
/// evaluated for other entities) and outside <c>asof</c> and <c>first_reported</c> (which read another vintage).</para>
/// <para>The own value is read only when the peer values over the current universe are already computed and the
/// entity's value is not NA (an NA is computed again, for its reason); otherwise the expression is evaluated as
/// before. Either way the value is the same, and the evaluation is charged the work computing it took.</para>
/// </remarks>
internal static class PeerReuse
{
    /// <summary>The rewritten tree, or <paramref name="root"/> itself when no expression stands for a peer argument.</summary>
    public static Bound Apply(Bound root, string queryText)
    {
        var peers = new List<PeerNode>();
        Collect(root, peers);
        if (peers.Count == 0) return root;
        var keeping = new Dictionary<PeerNode, PeerNode>(ReferenceEqualityComparer.Instance);
        var rewritten = Rewrite(root, peers, keeping, queryText);
        // A peer function walked before the expression that reads its own values is swapped for its keeping copy now.
        return keeping.Count == 0 ? root : Rewrite(rewritten, peers, keeping, queryText);
    }

    /// <summary>The peer functions evaluated in the query's own scope (not inside another one's argument, nor in a vintage).</summary>
    public static PeerNode[] InScope(Bound root)
    {
        var peers = new List<PeerNode>();
        Collect(root, peers);
        return [.. peers.Distinct()];
    }

    private static void Collect(Bound node, List<PeerNode> peers)
    {
        switch (node)
        {
            case PeerNode peer:
                peers.Add(peer);
                return;
            case AsOfNode or AsOfSeriesNode:
                return;
        }
        foreach (var child in node.Children) Collect(child, peers);
    }

    private static Bound Rewrite(Bound node, List<PeerNode> peers, Dictionary<PeerNode, PeerNode> keeping, string text)
    {
        switch (node)
        {
            case PeerNode peer:
                // Its argument is another entity's: nothing inside is rewritten. It keeps own values if one is read.
                return keeping.TryGetValue(peer, out var kept) ? kept : peer;
            case AsOfNode or AsOfSeriesNode:
                return node;
            case ConstNode or OwnValueNode:
                return node;
        }
        if (node.Type.Kind == TypeKind.Number && node is not SeriesNode && Standing(node, peers, text) is { } source)
        {
            if (!keeping.TryGetValue(source, out var kept))
            {
                kept = source.KeepingOwnValues();
                keeping[source] = kept;
            }
            return new OwnValueNode(kept, node);
        }
        var children = node.Children;
        Bound[]? rewritten = null;
        for (int i = 0; i < children.Count; i++)
        {
            var c = Rewrite(children[i], peers, keeping, text);
            if (ReferenceEquals(c, children[i])) continue;
            rewritten ??= [.. children];
            rewritten[i] = c;
        }
        return rewritten is null ? node : node.WithChildren(rewritten);
    }

    /// <summary>
    /// The peer function whose argument <paramref name="node"/> stands for, if any: the argument itself (a shared
    /// <c>let</c>), or a node with the argument's text. A <c>let</c>'s node spans its definition, whose value it is.
    /// </summary>
    private static PeerNode? Standing(Bound node, List<PeerNode> peers, string text)
    {
        string? own = null;
        foreach (var peer in peers)
        {
            if (ReferenceEquals(node, peer.Argument)) return peer;
            own ??= TextOf(node.Span, text);
            if (own is not null && own == peer.ArgumentText) return peer;
        }
        return null;
    }

    private static string? TextOf(TextSpan span, string text) =>
        span.Start >= 0 && span.Length > 0 && span.Start + span.Length <= text.Length ? text.Substring(span.Start, span.Length) : null;
}

/// <summary>
/// An expression that is also a peer function's argument (<see cref="PeerReuse"/>): the current entity's own value read
/// from the peer values when they are known, else the expression evaluated.
/// </summary>
internal sealed class OwnValueNode(PeerNode peer, Bound general) : Bound(general.Type, general.Span)
{
    public PeerNode Peer => peer;
    public Bound General => general;

    public override Value Eval(ref EvalContext ctx)
    {
        if (peer.TryOwn(ref ctx, out double value, out int work))
        {
            ctx.Spend(work, Span);
            return Value.Number(value);
        }
        return general.Eval(ref ctx);
    }

    public override IReadOnlyList<Bound> Children => [general];
    public override Bound WithChildren(IReadOnlyList<Bound> c) => ReferenceEquals(c[0], general) ? this : new OwnValueNode(peer, c[0]);
    public override string Describe() => $"OwnValue({peer.Describe()})";
}
