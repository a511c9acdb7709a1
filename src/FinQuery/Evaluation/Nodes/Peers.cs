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
internal sealed class PeerNode(PeerKind kind, Bound argument, QType type, TextSpan span, string text, bool keepOwn = false) : Bound(type, span)
{
    /// <summary>Which peer function this is.</summary>
    public PeerKind Kind => kind;

    /// <summary>The argument, evaluated for each entity of the universe.</summary>
    public Bound Argument => argument;

    /// <summary>The argument's text in the query.</summary>
    public string ArgumentText => text;

    /// <summary>
    /// Whether each entity's own value of the argument is kept with the peer values, so that the same expression
    /// elsewhere in the query reads it instead of computing it again (<see cref="OwnValueNode"/>). <c>peer_rank</c> always keeps it.
    /// </summary>
    private bool KeepsOwn => keepOwn || kind == PeerKind.Rank;

    /// <summary>This peer function, keeping each entity's own value of its argument.</summary>
    public PeerNode KeepingOwnValues() => KeepsOwn ? this : new PeerNode(kind, argument, Type, Span, text, keepOwn: true);

    // The values of universes used before the last one, weakly (a universe no longer used is not kept alive by
    // them). Made on the second universe: a weak table costs the garbage collector a handle per entry and a
    // finalizer per table, which a query bound afresh for each screen would otherwise pay for nothing.
    private ConditionalWeakTable<IReadOnlyList<Entity>, PeerValues>? _older;
    // Inside asof or first_reported the values are a vintage view's: cached per view, then per universe; made on first use.
    private volatile ConditionalWeakTable<Dataset, ConditionalWeakTable<IReadOnlyList<Entity>, PeerValues>>? _viewCaches;
    private readonly Lock _gate = new();

    /// <summary>
    /// The values used last (outside any vintage view), with their universe: one reference read, so that each entity
    /// of a screen finds them without a weak-table lookup. It holds the universe list alive until another one replaces it.
    /// </summary>
    private volatile PeerValues? _last;

    /// <summary>
    /// What a peer function found over one universe, and the work it took. <c>peer_rank</c> keeps the values not NA,
    /// sorted ascending; the other functions keep only their answer, found in one pass (the median by selection, not
    /// by sorting). When it keeps own values (<see cref="KeepsOwn"/>), each entity's own value by its place in the
    /// universe (NaN where NA) and the work computing it took.
    /// </summary>
    private sealed record PeerValues(Value Answer, double[]? Sorted, double[]? Own, int[]? OwnWork, IReadOnlyList<Entity> Universe, long Work);

    /// <summary>
    /// The current entity's own value of the argument, when the peer values over the current universe are already
    /// known and kept it (not NA), with the work computing it took; false otherwise (then evaluate the argument).
    /// </summary>
    public bool TryOwn(ref EvalContext ctx, out double value, out int work)
    {
        if (ctx.View is null && _last is { } last && ReferenceEquals(last.Universe, ctx.Universe) && OwnIndex(last, ref ctx) is int at and >= 0)
        {
            value = last.Own![at];
            work = last.OwnWork![at];
            return true;
        }
        value = 0;
        work = 0;
        return false;
    }

    /// <summary>
    /// Where the current entity's own value is in <paramref name="peers"/>: the place a screen says it has in the
    /// universe, when the entity is there and its value is not NA; −1 otherwise.
    /// </summary>
    private static int OwnIndex(PeerValues peers, ref EvalContext ctx)
    {
        int at = ctx.UniverseHint;
        return peers.Own is { } own && (uint)at < (uint)own.Length && !double.IsNaN(own[at])
            && ctx.Entity is { } e && ReferenceEquals(peers.Universe[at], e) ? at : -1;
    }

    public override Value Eval(ref EvalContext ctx)
    {
        // Constant folding evaluates without a universe: a peer function is never constant.
        var universe = ctx.Universe ?? throw new FinQueryException($"{Describe()} needs the universe of entities", Span);
        var peers = ctx.Trace is not null ? Compute(universe, ref ctx) : Cached(universe, ref ctx);
        ctx.Spend((int)Math.Min(peers.Work, int.MaxValue), Span);
        if (kind != PeerKind.Rank) return peers.Answer;
        var sorted = peers.Sorted!;
        // A screen says where the entity is in the universe; its own value is then read, not computed again.
        double own;
        if (OwnIndex(peers, ref ctx) is int at and >= 0) own = peers.Own![at];
        else
        {
            // Not in the universe, or NA there (the reason is made again, which NA values are worth).
            var value = argument.Eval(ref ctx);
            if (value.IsNa) return value;
            own = value.AsNumber;
        }
        return Value.Number(1 + sorted.Length - UpperBound(sorted, own));
    }

    private PeerValues Cached(IReadOnlyList<Entity> universe, ref EvalContext ctx, bool parallel = false)
    {
        if (ctx.View is { } view) return InView(view, universe, ref ctx);
        // A screen evaluates every entity over the same universe: its values are checked first, by reference.
        if (_last is { } last && ReferenceEquals(last.Universe, universe)) return last;
        lock (_gate)
        {
            // Nested peer functions take the locks of nodes inside this one only, so the locks cannot deadlock.
            var known = Known(universe) ?? Compute(universe, ref ctx, parallel);
            Remember(known);
            return known;
        }
    }

    /// <summary>The values over <paramref name="universe"/> if they are kept; under the lock.</summary>
    private PeerValues? Known(IReadOnlyList<Entity> universe) =>
        _last is { } last && ReferenceEquals(last.Universe, universe) ? last
        : _older is { } older && older.TryGetValue(universe, out var values) ? values
        : null;

    /// <summary>Makes <paramref name="values"/> the last ones, keeping the previous last ones weakly; under the lock.</summary>
    private void Remember(PeerValues values)
    {
        if (_last is { } previous)
        {
            if (ReferenceEquals(previous, values)) return;
            (_older ??= new()).AddOrUpdate(previous.Universe, previous);
        }
        _last = values;
    }

    /// <summary>The values over <paramref name="universe"/> in a vintage view, computed once per view and universe.</summary>
    private PeerValues InView(Dataset view, IReadOnlyList<Entity> universe, ref EvalContext ctx)
    {
        // Each entity of a screen in a view looks its values up; only the first takes the lock.
        if (_viewCaches is { } views && views.TryGetValue(view, out var known) && known.TryGetValue(universe, out var values)) return values;
        lock (_gate)
        {
            var cache = (_viewCaches ??= new()).GetValue(view, static _ => new());
            if (!cache.TryGetValue(universe, out values))
            {
                values = Compute(universe, ref ctx);
                cache.AddOrUpdate(universe, values);
            }
            return values;
        }
    }

    /// <summary>
    /// Computes the values over <paramref name="universe"/> before a screen evaluates its entities, so that none of them
    /// waits for them, on several threads when <paramref name="parallel"/>. Values already known are kept. Values that
    /// cannot be computed within the work limit are left to the evaluations, which report the limit where they meet it.
    /// </summary>
    /// <remarks><paramref name="ctx"/> is a context for the screen with no entity yet: its cancellation, universe, work limit and lets.</remarks>
    public void Prepare(IReadOnlyList<Entity> universe, ref EvalContext ctx, bool parallel)
    {
        try
        {
            Cached(universe, ref ctx, parallel);
        }
        catch (FinQueryException)
        {
            // Over the work limit: nothing is kept, and each evaluation meets the limit where it is.
        }
    }

    /// <summary>
    /// Evaluates the argument for each entity, each with its own lets and memo, on a budget of what remains; in
    /// <paramref name="parallel"/>, by ranges of entities on several threads, each range on that budget and the sum
    /// checked against it. The answer is found from the values in the universe's order either way, so it is the same.
    /// </summary>
    private PeerValues Compute(IReadOnlyList<Entity> universe, ref EvalContext ctx, bool parallel = false)
    {
        int count = universe.Count;
        // Each entity's own value (NaN for NA) and the work it took: kept when asked, else pooled.
        var own = KeepsOwn ? new double[count] : System.Buffers.ArrayPool<double>.Shared.Rent(count);
        var ownWork = KeepsOwn ? new int[count] : System.Buffers.ArrayPool<int>.Shared.Rent(count);
        var values = System.Buffers.ArrayPool<double>.Shared.Rent(count);
        try
        {
            long work;
            int chunk = Math.Max(64, count / (8 * Environment.ProcessorCount));
            if (parallel && count >= 2 * chunk) work = FillParallel(universe, ctx, own, ownWork, chunk);
            else
            {
                var inner = ctx;
                Fill(Entity.SpanOf(universe), 0, universe, ref inner, own, ownWork);
                work = Math.Max(0, ctx.Budget - inner.Budget);
            }
            int n = 0;
            double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (int i = 0; i < count; i++)
            {
                double x = own[i];
                if (double.IsNaN(x)) continue;
                values[n++] = x;
                sum += x;
                if (x < min) min = x;
                if (x > max) max = x;
            }
            double[]? kept = KeepsOwn ? own : null;
            int[]? keptWork = KeepsOwn ? ownWork : null;
            if (kind == PeerKind.Rank)
            {
                var sorted = values.AsSpan(0, n).ToArray();
                Array.Sort(sorted);
                return new PeerValues(default, sorted, kept, keptWork, universe, work);
            }
            var answer = kind == PeerKind.Count ? Value.Number(n)
                : n == 0 ? Value.Missing($"no entity has a value of {text}")
                // One zero, whichever sign the values' zeros had; a mean whose sum passes the largest double is NA, never infinite.
                : Ops.Checked(kind switch
                {
                    PeerKind.Min => min,
                    PeerKind.Max => max,
                    PeerKind.Mean => sum / n,
                    _ => Median(values.AsSpan(0, n)),
                }, Syntax.BinaryOp.Add, 0);
            return new PeerValues(answer, null, kept, keptWork, universe, work);
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(values);
            if (!KeepsOwn)
            {
                System.Buffers.ArrayPool<double>.Shared.Return(own);
                System.Buffers.ArrayPool<int>.Shared.Return(ownWork);
            }
        }
    }

    /// <summary>Evaluates the argument for <paramref name="list"/>, the universe from <paramref name="start"/> on, into own values and their work.</summary>
    private void Fill(ReadOnlySpan<Entity> list, int start, IReadOnlyList<Entity> universe, ref EvalContext inner, double[] own, int[] ownWork)
    {
        // One let table for the range, cleared for each entity (never the caller's: it holds the caller's entity's lets).
        var lets = inner.Lets is { Length: > 0 } outer ? new LetSlot[outer.Length] : null;
        // Each entity's metrics are read by its position in the data, as in a screen; over the data's own entity list
        // the position is the index, without touching the entity.
        var data = inner.Rows ?? (universe.Count > 0 ? universe[0].Owner : null);
        bool ownList = data is not null && ReferenceEquals(universe, data.Entities);
        for (int k = 0; k < list.Length; k++)
        {
            var entity = list[k];
            int i = start + k;
            inner.Cancellation.ThrowIfCancellationRequested();
            if (ownList) inner.At(entity, data, i, i);
            else inner.At(entity, ReferenceEquals(entity.Owner, data) ? data : null, entity.Position, i);
            if (lets is not null) Array.Clear(lets);
            inner.Lets = lets;
            inner.Memo = null;
            long before = inner.Budget;
            var v = argument.Eval(ref inner);
            own[i] = v.IsNa ? double.NaN : v.AsNumber;
            ownWork[i] = (int)Math.Min(before - inner.Budget, int.MaxValue);
        }
    }

    /// <summary>
    /// <see cref="Fill"/> by ranges of <paramref name="chunk"/> entities on several threads; the work of all of them, or
    /// an over-budget error when it passes what the context has left (which <see cref="Prepare"/> catches: the
    /// evaluations then compute the values one entity after another and report the limit where they meet it).
    /// </summary>
    private long FillParallel(IReadOnlyList<Entity> universe, EvalContext ctx, double[] own, int[] ownWork, int chunk)
    {
        int count = universe.Count;
        int items = (count + chunk - 1) / chunk;
        Entity[]? copy = universe is Entity[] or List<Entity> ? null : [.. universe];
        long total = 0;
        try
        {
            Parallel.For(0, items, new ParallelOptions { CancellationToken = ctx.Cancellation }, item =>
            {
                int from = item * chunk, length = Math.Min(chunk, count - from);
                var inner = ctx;
                Fill(Entity.SpanOf(universe, copy).Slice(from, length), from, universe, ref inner, own, ownWork);
                Interlocked.Add(ref total, Math.Max(0, ctx.Budget - inner.Budget));
            });
        }
        catch (AggregateException ex) when (ex.InnerExceptions.FirstOrDefault(e => e is FinQueryException or OperationCanceledException) is { } error)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }
        if (total > ctx.Budget) throw new FinQueryException($"{Describe()} exceeds the work limit", Span);
        return total;
    }

    /// <summary>
    /// The median of <paramref name="values"/> (reordered): the middle value, or the mean of the two middle ones, as a
    /// sort would give (<c>lower / 2 + upper / 2</c>, which cannot overflow). Found by selection in linear time.
    /// </summary>
    internal static double Median(Span<double> values)
    {
        int n = values.Length;
        double upper = Select(values, n / 2);
        if (n % 2 == 1) return upper;
        // Selection leaves the values below the middle in front of it: the lower middle value is their largest.
        double lower = values[0];
        for (int i = 1; i < n / 2; i++) if (values[i] > lower) lower = values[i];
        return lower / 2 + upper / 2;
    }

    /// <summary>
    /// The <paramref name="k"/>-th smallest value (from 0), leaving smaller-or-equal values before it and larger-or-equal
    /// after it: quickselect with a median-of-three pivot, falling back to a sort when partitions stay unbalanced.
    /// </summary>
    internal static double Select(Span<double> values, int k)
    {
        int lo = 0, hi = values.Length - 1;
        int budget = 2 * (System.Numerics.BitOperations.Log2((uint)values.Length) + 1);
        while (hi > lo)
        {
            if (budget-- == 0)
            {
                values[lo..(hi + 1)].Sort();
                return values[k];
            }
            int mid = lo + ((hi - lo) >> 1);
            if (values[mid] < values[lo]) (values[mid], values[lo]) = (values[lo], values[mid]);
            if (values[hi] < values[lo]) (values[hi], values[lo]) = (values[lo], values[hi]);
            if (values[hi] < values[mid]) (values[hi], values[mid]) = (values[mid], values[hi]);
            double pivot = values[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }
            // Now values[lo..j] <= pivot <= values[i..hi], and values strictly between j and i equal the pivot.
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return values[k];
        }
        return values[k];
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

    public override IReadOnlyList<Bound> Children => [argument];
    public override Bound WithChildren(IReadOnlyList<Bound> c) =>
        ReferenceEquals(c[0], argument) ? this : new PeerNode(kind, c[0], Type, Span, text, keepOwn);
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
            b.UsesPeers = true;
            if (e.Type.Kind != TypeKind.Number)
                throw Binder.Error($"{name} expects a number (for example revenue[2023]), found {e.Type.Describe()}", c.Args[0].Span);
            var type = kind is PeerKind.Rank or PeerKind.Count ? QType.Number() : e.Type;
            return new PeerNode(kind, e, type, c.Span, b.TextOf(c.Args[0].Span));
        });
    }
}
