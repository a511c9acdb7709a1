using FinQuery.Evaluation;

namespace FinQuery.Sql;

/// <summary>
/// <c>peer_rank</c>, <c>peer_median</c>, <c>peer_mean</c>, <c>peer_min</c>, <c>peer_max</c>, <c>peer_count</c>: the
/// argument is a column of the one-row-per-entity layers, so each is a window over all rows (NA is NULL, which the
/// aggregates skip). The universe is every entity of the facts table.
/// </summary>
internal sealed class PeerVisitor(Compilation c)
{
    /// <summary>Whether the query has a peer function (its rows cannot be narrowed to one entity before the end).</summary>
    public bool Used { get; private set; }

    public Sx Compile(PeerNode node)
    {
        Used = true;
        var e = c.Scalars.Compile(node.Children[0]);
        int level = e.Level + 1;
        string none = "NULL";
        string empty = node.Kind is PeerKind.Rank or PeerKind.Count ? none : $"CASE WHEN COUNT({e.V}) OVER () = 0 THEN {EmptyReason(node)} END";
        switch (node.Kind)
        {
            case PeerKind.Count:
                return c.Layers.DefineAt(level, $"CAST(COUNT({e.V}) OVER () AS DOUBLE)", none);
            case PeerKind.Rank:
                // 1 for the largest; equal values share the best rank: one plus the number of larger values.
                return c.Layers.DefineAt(level, $"CASE WHEN {e.V} IS NOT NULL THEN CAST(RANK() OVER (ORDER BY {e.V} DESC NULLS LAST) AS DOUBLE) END", e.Na);
            case PeerKind.Min:
                return c.Layers.DefineAt(level, $"MIN({e.V}) OVER ()", empty);
            case PeerKind.Max:
                return c.Layers.DefineAt(level, $"MAX({e.V}) OVER ()", empty);
            case PeerKind.Mean:
            {
                // The values' sum may pass the largest double: NA, never an infinite mean.
                var mean = c.Layers.DefineAt(level, $"AVG({e.V}) OVER ()", empty);
                return c.Ops.Checked(mean);
            }
            default:
            {
                // The middle value, or the two middle ones halved and added (as the evaluator computes it).
                string rank = c.Layers.Column(level, $"ROW_NUMBER() OVER (ORDER BY {e.V} ASC NULLS LAST)");
                string count = c.Layers.Column(level, $"COUNT({e.V}) OVER ()");
                string middle = $"CASE WHEN {e.V} IS NULL THEN NULL WHEN 2 * {rank} - 1 = {count} THEN {e.V} " +
                                $"WHEN 2 * {rank} = {count} OR 2 * {rank} = {count} + 2 THEN {e.V} / 2 END";
                return c.Layers.DefineAt(level + 1, $"SUM({middle}) OVER ()", empty.Replace($"COUNT({e.V}) OVER ()", count, StringComparison.Ordinal));
            }
        }
    }

    /// <summary>The evaluator's NA for a peer function over no values ("no entity has a value of …").</summary>
    private string EmptyReason(PeerNode node)
    {
        var ctx = new EvalContext { Budget = 1_000_000, Universe = Array.Empty<Entity>(), VintageText = "" };
        var v = node.Eval(ref ctx);
        return v.IsNa ? c.Ops.Na(v.AsNa.Kind, v.AsNa.Reason) : c.Ops.Missing("no entity has a value");
    }
}
