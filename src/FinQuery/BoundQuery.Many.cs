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
        ArgumentNullException.ThrowIfNull(entities);
        if (results.Length < entities.Count)
            throw new ArgumentException($"The buffer holds {results.Length} results; {entities.Count} entities need as many.", nameof(results));
        // An array or list is walked as a span: no interface call per entity, which a screen of thousands feels.
        var list = entities switch
        {
            Entity[] array => array,
            List<Entity> l => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(l),
            _ => entities.ToArray(),
        };
        cancellation.ThrowIfCancellationRequested();
        if (!parallel || entities.Count < 2)
        {
            if (!cancellation.CanBeCanceled)
            {
                // The lean entry of Evaluate(entity): nothing to cancel, so no token in the context. Each entity is
                // checked just before it is evaluated, not in a pass of its own: a pass over thousands of entities
                // first would take a cache miss on each, then another when evaluating it.
                for (int i = 0; i < list.Length; i++)
                {
                    var entity = list[i];
                    CheckEntity(entity);
                    results[i] = EvaluateLean(entity, entities);
                }
                return;
            }
            foreach (var entity in list) CheckEntity(entity);
            for (int i = 0; i < entities.Count; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                results[i] = EvaluateIn(entities[i], entities, cancellation);
            }
            return;
        }
        EvaluateParallel(entities, results, cancellation);
    }

    // Apart from EvaluateMany, so that the lambda's closure is made only for a parallel evaluation.
    private void EvaluateParallel(IReadOnlyList<Entity> entities, Span<QueryResult> results, CancellationToken cancellation)
    {
        // Parallel.For cannot write into a span: the threads fill a pooled array, copied into the caller's buffer.
        var buffer = ArrayPool<QueryResult>.Shared.Rent(entities.Count);
        try
        {
            var options = new ParallelOptions { CancellationToken = cancellation };
            Parallel.For(0, entities.Count, options, i =>
            {
                CheckEntity(entities[i]);
                buffer[i] = EvaluateIn(entities[i], entities, cancellation);
            });
            buffer.AsSpan(0, entities.Count).CopyTo(results);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.FirstOrDefault(e => e is FinQueryException or OperationCanceledException or ArgumentException) is { } first)
        {
            ExceptionDispatchInfo.Throw(first);
        }
        finally
        {
            ArrayPool<QueryResult>.Shared.Return(buffer, clearArray: true);
        }
    }

    /// <summary>An entity of the universe: not null, and of the dataset this query is bound to.</summary>
    private void CheckEntity(Entity entity)
    {
        ArgumentNullException.ThrowIfNull(entity, "entities");
        CheckOwner(entity);
    }

    private QueryResult EvaluateIn(Entity entity, IReadOnlyList<Entity> universe, CancellationToken cancellation)
    {
        var ctx = new EvalContext
        {
            Entity = entity,
            Budget = _maxWork,
            Cancellation = cancellation,
            Lets = _letCount > 0 ? new LetSlot[_letCount] : null,
            Universe = universe,
        };
        try
        {
            return new QueryResult(_root.Eval(ref ctx), _type, null, Aggregation, entity.Calendar);
        }
        catch (Exception ex) when (ex is not FinQueryException and not OperationCanceledException)
        {
            throw InternalError(ex);
        }
    }
}
