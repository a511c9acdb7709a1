using System.Buffers;
using System.Runtime.ExceptionServices;
using FinQuery.Evaluation;

namespace FinQuery;

public sealed partial class BoundQuery
{
    /// <summary>
    /// Evaluates the query for each of <paramref name="entities"/> (bare metric names referring to each in turn) into
    /// <paramref name="results"/>: <c>results[i]</c> is the result for <c>entities[i]</c>, equal to
    /// <c>Evaluate(entities[i])</c> except that the peer functions (<c>peer_rank</c>, <c>peer_median</c>, …) range
    /// over <paramref name="entities"/> instead of all the data's entities. Peer values are computed once for the
    /// call, not once per entity.
    /// </summary>
    /// <param name="entities">The universe: entities of <see cref="Data"/>, in the order of the results.</param>
    /// <param name="results">The caller's buffer, at least as long as <paramref name="entities"/>.</param>
    /// <param name="parallel">Evaluate on several threads (<see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/>); the results are the same.</param>
    /// <param name="cancellation">Stops the evaluation between entities and between series points.</param>
    /// <exception cref="FinQueryException">An evaluation exceeded a limit of <see cref="QueryOptions"/>; with <paramref name="parallel"/>, the first one met.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    /// <exception cref="ArgumentException"><paramref name="results"/> is too short, or an entity is null or belongs to another dataset (results of entities evaluated before it may have been written).</exception>
    public void EvaluateMany(IReadOnlyList<Entity> entities, Span<QueryResult> results, bool parallel = false, CancellationToken cancellation = default)
    {
        try
        {
            Screen(entities, results, parallel, cancellation);
        }
        catch (FinQueryException e) when (e.Locate(Query.Text))
        {
            throw;   // never reached: Locate is false
        }
    }

    private void Screen(IReadOnlyList<Entity> entities, Span<QueryResult> results, bool parallel, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(entities);
        if (results.Length < entities.Count)
            throw new ArgumentException($"The buffer holds {results.Length} results; {entities.Count} entities need as many.", nameof(results));
        // Any list but an array or a list is copied once, so that the parallel ranges share the copy.
        Entity[]? copy = entities is Entity[] or List<Entity> ? null : [.. entities];
        var list = Entity.SpanOf(entities, copy);
        cancellation.ThrowIfCancellationRequested();
        if (list.Length > 0) PreparePeers(entities, parallel, cancellation);
        if (list.Length > 0 && SameForEveryEntity)
        {
            EvaluateOnce(list, entities, results, cancellation);
            return;
        }
        int chunk = ChunkSize(list.Length);
        if (!parallel || list.Length < 2 * chunk)
        {
            EvaluateRange(list, 0, entities, results, cancellation);
            return;
        }
        EvaluateParallel(entities, copy, results, chunk, cancellation);
    }

    /// <summary>
    /// Evaluates <paramref name="list"/> (the universe from <paramref name="start"/> on) into <paramref name="results"/>: one
    /// context for the range, reset for each entity, so the loop does what <see cref="Evaluate(Entity?, CancellationToken)"/>
    /// does once per entity and no more. Each entity is checked just before it is evaluated, not in a pass of its own: a
    /// pass over thousands of entities first would take a cache miss on each, then another when evaluating it.
    /// </summary>
    private void EvaluateRange(ReadOnlySpan<Entity> list, int start, IReadOnlyList<Entity> universe, Span<QueryResult> results, CancellationToken cancellation)
    {
        var root = _root;
        // One let table for the range, cleared for each entity: nothing keeps it past an evaluation.
        var lets = _letCount > 0 ? new LetSlot[_letCount] : null;
        var ctx = new EvalContext { Cancellation = cancellation, Universe = universe };
        var data = Data;
        // The data's own entity list (what finq screen passes): its entities need no check, and their positions are
        // known, so metrics and calendars are read from the dataset's columns without touching the entities.
        bool own = ReferenceEquals(universe, data.Entities);
        for (int i = 0; i < list.Length; i++)
        {
            var entity = list[i];
            int row = start + i;
            if (!own)
            {
                CheckEntity(entity);
                row = entity.Position;
            }
            if (cancellation.IsCancellationRequested) cancellation.ThrowIfCancellationRequested();
            ctx.At(entity, data, row, start + i);
            ctx.Budget = _maxWork;
            ctx.Memo = null;
            if (lets is not null) Array.Clear(lets);
            ctx.Lets = lets;
            Value value;
            try
            {
                value = root.Eval(ref ctx);
            }
            catch (Exception ex) when (ex is not FinQueryException and not OperationCanceledException)
            {
                throw InternalError(ex);
            }
            results[i] = new QueryResult(value, ShapeFor(value.Kind, data.CalendarAt(row)));
        }
    }

    /// <summary>
    /// Computes the values of the peer functions in the query's own scope over <paramref name="universe"/> before the
    /// entities are evaluated (on several threads when <paramref name="parallel"/>), so that no range of a parallel screen
    /// waits for another to compute them, and so that the first entity reads its own value of a peer argument too.
    /// </summary>
    private void PreparePeers(IReadOnlyList<Entity> universe, bool parallel, CancellationToken cancellation)
    {
        var peers = _scopePeers ??= PeerReuse.InScope(_root);
        if (peers.Length == 0) return;
        var ctx = new EvalContext
        {
            Cancellation = cancellation,
            Universe = universe,
            Budget = _maxWork,
            Lets = _letCount > 0 ? new LetSlot[_letCount] : null,
        };
        foreach (var peer in peers) peer.Prepare(universe, ref ctx, parallel);
    }

    private PeerNode[]? _scopePeers;

    /// <summary>
    /// Whether the query's value is the same for every entity: built from constants and peer functions other than
    /// <c>peer_rank</c> (<c>peer_median(yoy(revenue, 2023Q2))</c>, <c>peer_max(x) - peer_min(x)</c>). Such a query is
    /// evaluated once per universe, not once per entity. Only node kinds known not to read the entity, its position or
    /// its calendar count; any other node (a metric, <c>peer_rank</c>, <c>days_between</c>, <c>asof</c>, …) makes the
    /// query entity-dependent. Found on the first <see cref="EvaluateMany"/>, not at bind time, which stays as cheap.
    /// </summary>
    private bool SameForEveryEntity
    {
        get
        {
            if (_sameForEveryEntity == 0) _sameForEveryEntity = ReadsNoEntity(_root) ? (byte)2 : (byte)1;
            return _sameForEveryEntity == 2;
        }
    }

    // 0 not known yet, 1 no, 2 yes; two threads finding it at once find the same.
    private byte _sameForEveryEntity;

    internal static bool ReadsNoEntity(Bound node) => node switch
    {
        ConstNode => true,
        // Its argument is evaluated over the universe; its answer is the universe's, whichever entity asks.
        PeerNode peer => peer.Kind != PeerKind.Rank,
        BinaryNode or UnaryNode or NumericFunctionNode or IfNode or LetNode or Claims.AboutNode
            or PeriodCompareNode or PeriodShiftNode or PeriodDiffNode => node.Children.All(ReadsNoEntity),
        _ => false,
    };

    /// <summary>
    /// A query whose value is the same for every entity (<see cref="SameForEveryEntity"/>): evaluated once, for the first
    /// entity, exactly as <see cref="EvaluateRange"/> would; each result then holds that value, written with its own
    /// entity's calendar as a per-entity evaluation writes it. The entities of any list but the data's own are checked first.
    /// </summary>
    private void EvaluateOnce(ReadOnlySpan<Entity> list, IReadOnlyList<Entity> universe, Span<QueryResult> results, CancellationToken cancellation)
    {
        var data = Data;
        bool own = ReferenceEquals(universe, data.Entities);
        if (!own) foreach (var entity in list) CheckEntity(entity);
        EvaluateRange(list[..1], 0, universe, results, cancellation);
        // The result of each entity whose calendar is the first one's is that same result (an NA's box is shared too).
        var first = results[0];
        var firstCalendar = own ? data.CalendarAt(0) : list[0].Calendar;
        var other = first;
        var otherCalendar = firstCalendar;
        for (int i = 1; i < list.Length; i++)
        {
            var c = own ? data.CalendarAt(i) : list[i].Calendar;
            if (c.Index == firstCalendar.Index) results[i] = first;
            else
            {
                if (c.Index != otherCalendar.Index)
                {
                    var value = first.Value;
                    other = new QueryResult(value, ShapeFor(value.Kind, c));
                    otherCalendar = c;
                }
                results[i] = other;
            }
        }
    }

    /// <summary>Entities per parallel work item: eight items per core, so that a core slowed by other work hands its share on.</summary>
    private static int ChunkSize(int count) => Math.Max(64, count / (8 * Environment.ProcessorCount));

    // Apart from EvaluateMany, so that the lambda's closure is made only for a parallel evaluation.
    private unsafe void EvaluateParallel(IReadOnlyList<Entity> universe, Entity[]? copy, Span<QueryResult> results, int chunk, CancellationToken cancellation)
    {
        int count = universe.Count;
        int items = (count + chunk - 1) / chunk;
        // The threads write straight into the caller's buffer: it is pinned for the call, and each thread writes its
        // own range through a managed reference (so the garbage collector's write barrier sees every store).
#pragma warning disable CS8500 // a pointer to a struct holding references: used only to rebuild a managed reference to it
        fixed (QueryResult* first = results)
        {
            var address = (nint)first;
            try
            {
                var options = new ParallelOptions { CancellationToken = cancellation };
                Parallel.For(0, items, options, item =>
                {
                    int from = item * chunk, length = Math.Min(chunk, count - from);
                    var target = System.Runtime.InteropServices.MemoryMarshal.CreateSpan(
                        ref System.Runtime.CompilerServices.Unsafe.AsRef<QueryResult>((QueryResult*)address + from), length);
                    EvaluateRange(Entity.SpanOf(universe, copy).Slice(from, length), from, universe, target, cancellation);
                });
            }
            catch (AggregateException ex) when (ex.InnerExceptions.FirstOrDefault(e => e is FinQueryException or OperationCanceledException or ArgumentException) is { } error)
            {
                ExceptionDispatchInfo.Throw(error);
            }
        }
#pragma warning restore CS8500
    }

    /// <summary>An entity of the universe: not null, and of the dataset this query is bound to.</summary>
    private void CheckEntity(Entity entity)
    {
        ArgumentNullException.ThrowIfNull(entity, "entities");
        CheckOwner(entity);
    }
}
