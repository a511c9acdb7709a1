using System.Runtime.CompilerServices;
using FinQuery.Syntax;

namespace FinQuery.Evaluation;

/// <summary>What a peer function computes from the values of its argument over the universe.</summary>
internal enum PeerKind { Rank, Median, Mean, Min, Max, Count }

/// <summary>
/// <c>peer_rank(e)</c>, <c>peer_median(e)</c>, <c>peer_mean(e)</c>, <c>peer_min(e)</c>, <c>peer_max(e)</c> and
/// <c>peer_count(e)</c>: the number-valued <c>e</c> evaluated for every entity of the universe
/// (<see cref="EvalContext.Universe"/>), NA values skipped. <c>peer_rank</c> ranks the current entity's value,
/// 1 for the largest; equal values share the best rank (10, 7, 7, 3 rank 1, 2, 2, 4).
/// </summary>
/// <remarks>
/// The values over a universe are computed once and cached on the node, keyed by the universe list itself (and the
/// vintage view inside <c>asof</c>), so a
/// screen of n entities evaluates <c>e</c> n times, not n² times. Each evaluation is charged the whole work of
/// computing them, whether it computed them or found them cached, so the work limit does not depend on the order
/// in which entities are evaluated. An explained evaluation computes them afresh, to record their provenance.
/// </remarks>
internal sealed class PeerNode(PeerKind kind, Bound argument, QType type, TextSpan span, string text) : Bound(type, span)
{
    private readonly ConditionalWeakTable<IReadOnlyList<Entity>, PeerValues> _cache = new();
    // Inside asof or first_reported the values are a vintage view's: cached per view, then per universe.
    private readonly ConditionalWeakTable<Dataset, ConditionalWeakTable<IReadOnlyList<Entity>, PeerValues>> _viewCaches = new();
    private readonly Lock _gate = new();

    /// <summary>
    /// The universe (outside any vintage view) whose values were used last, with them: one reference read, so
    /// that each entity of a screen finds them without a weak-table lookup. One object, replaced whole, so a
    /// thread sees a universe with its own values. It holds the universe list alive until another one replaces it.
    /// </summary>
    private volatile LastUniverse? _last;

    private sealed record LastUniverse(IReadOnlyList<Entity> Universe, PeerValues Values);

    /// <summary>
    /// The values of the argument over one universe: those not NA, sorted ascending, and the work they took; for
    /// <c>peer_rank</c> also each entity's own value (the other functions need only the sorted values).
    /// </summary>
    private sealed record PeerValues(double[] Sorted, Dictionary<Entity, Value>? ByEntity, long Work);

    public override Value Eval(ref EvalContext ctx)
    {
        // Constant folding evaluates without a universe: a peer function is never constant.
        var universe = ctx.Universe ?? throw new FinQueryException($"{Describe()} needs the universe of entities", Span);
        var peers = ctx.Trace is not null ? Compute(universe, ref ctx) : Cached(universe, ref ctx);
        ctx.Spend((int)Math.Min(peers.Work, int.MaxValue), Span);
        var sorted = peers.Sorted;
        switch (kind)
        {
            case PeerKind.Count:
                return Value.Number(sorted.Length);
            case PeerKind.Rank:
                var own = ctx.Entity is { } e && peers.ByEntity!.TryGetValue(e, out var known) ? known : argument.Eval(ref ctx);
                if (own.IsNa) return own;
                return Value.Number(1 + sorted.Length - UpperBound(sorted, own.AsNumber));
        }
        if (sorted.Length == 0) return Value.Missing($"no entity has a value of {text}");
        return kind switch
        {
            PeerKind.Min => Value.Number(sorted[0]),
            PeerKind.Max => Value.Number(sorted[^1]),
            PeerKind.Mean => Value.Number(Mean(sorted)),
            _ => Value.Number(sorted.Length % 2 == 1
                ? sorted[sorted.Length / 2]
                : sorted[sorted.Length / 2 - 1] / 2 + sorted[sorted.Length / 2] / 2),
        };
    }

    private PeerValues Cached(IReadOnlyList<Entity> universe, ref EvalContext ctx)
    {
        // A screen evaluates every entity over the same universe: its values are checked first, by reference.
        if (ctx.View is null && _last is { } last && ReferenceEquals(last.Universe, universe)) return last.Values;
        var cache = ctx.View is { } view ? _viewCaches.GetValue(view, static _ => new()) : _cache;
        if (cache.TryGetValue(universe, out var known))
        {
            if (ctx.View is null) _last = new LastUniverse(universe, known);
            return known;
        }
        lock (_gate)
        {
            // Nested peer functions take the locks of nodes inside this one only, so the locks cannot deadlock.
            if (cache.TryGetValue(universe, out known)) return known;
            known = Compute(universe, ref ctx);
            cache.AddOrUpdate(universe, known);
            if (ctx.View is null) _last = new LastUniverse(universe, known);
            return known;
        }
    }

    /// <summary>Evaluates the argument for each entity, each with its own lets and memo, on a budget of what remains.</summary>
    private PeerValues Compute(IReadOnlyList<Entity> universe, ref EvalContext ctx)
    {
        var inner = ctx;
        int letCount = ctx.Lets?.Length ?? 0;
        var values = new List<double>(universe.Count);
        var byEntity = kind == PeerKind.Rank ? new Dictionary<Entity, Value>(universe.Count, ReferenceEqualityComparer.Instance) : null;
        foreach (var entity in universe)
        {
            inner.Cancellation.ThrowIfCancellationRequested();
            inner.Entity = entity;
            inner.Lets = letCount > 0 ? new LetSlot[letCount] : null;
            inner.Memo = null;
            var v = argument.Eval(ref inner);
            if (byEntity is not null) byEntity[entity] = v;
            if (!v.IsNa) values.Add(v.AsNumber);
        }
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return new PeerValues(sorted, byEntity, Math.Max(0, ctx.Budget - inner.Budget));
    }

    /// <summary>The number of values at most <paramref name="x"/> (the index of the first greater one).</summary>
    private static int UpperBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static double Mean(double[] values)
    {
        double sum = 0;
        foreach (var v in values) sum += v;
        return sum / values.Length;
    }

    public override IReadOnlyList<Bound> Children => [argument];
    public override Bound WithChildren(IReadOnlyList<Bound> c) =>
        ReferenceEquals(c[0], argument) ? this : new PeerNode(kind, c[0], Type, Span, text);
    public override string Describe() => "peer_" + kind.ToString().ToLowerInvariant();

    /// <summary>The built-in definitions of the six peer functions.</summary>
    public static IEnumerable<FunctionDefinition> Definitions()
    {
        yield return Define(PeerKind.Rank, "rank of the current entity's e among the universe's values, 1 for the largest; ties share the best rank");
        yield return Define(PeerKind.Median, "median of e over the universe's entities, NA skipped");
        yield return Define(PeerKind.Mean, "mean of e over the universe's entities, NA skipped");
        yield return Define(PeerKind.Min, "smallest e over the universe's entities, NA skipped");
        yield return Define(PeerKind.Max, "largest e over the universe's entities, NA skipped");
        yield return Define(PeerKind.Count, "number of the universe's entities where e is not NA");
    }

    private static BuiltinFunction Define(PeerKind kind, string description)
    {
        string name = "peer_" + kind.ToString().ToLowerInvariant();
        return new BuiltinFunction(name, 1, 1, $"{name}(e)", description, (b, c) =>
        {
            var e = b.Bind(c.Args[0]);
            if (e.Type.Kind != TypeKind.Number)
                throw Binder.Error($"{name} expects a number (for example revenue[2023]), found {e.Type.Describe()}", c.Args[0].Span);
            var type = kind is PeerKind.Rank or PeerKind.Count ? QType.Number() : e.Type;
            return new PeerNode(kind, e, type, c.Span, b.TextOf(c.Args[0].Span));
        });
    }
}
