using System.Collections.Concurrent;

namespace FinQuery;

/// <summary>
/// A bounded, thread-safe cache of bound queries keyed by their exact text, for hosts that receive the
/// same query text again and again (a screen, a dashboard, an API): a hit skips parsing and binding.
/// </summary>
/// <remarks>
/// <para>
/// Keys are compared ordinally: <c>yoy(revenue, 2023Q2)</c> and <c>yoy(revenue,2023Q2)</c> are two entries.
/// Every entry is bound to the one dataset, entity, function registry and options given to the constructor.
/// </para>
/// <para>
/// Eviction is CLOCK (second chance), an approximation of least-recently-used: a hit marks its entry as
/// referenced; when a new text would exceed <see cref="Capacity"/>, entries are examined in insertion order,
/// a referenced one loses its mark and goes to the back, and the first unreferenced one is evicted. Hits
/// take no lock. Misses parse and bind outside any lock, then insert and evict under one lock, so
/// <see cref="Count"/> never exceeds <see cref="Capacity"/>, however many threads insert at once.
/// </para>
/// <para>
/// Texts that fail to parse or bind are not cached: each call parses again and throws the same
/// <see cref="FinQueryException"/>.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var cache = new QueryCache(data, capacity: 4096);
/// QueryResult r = cache.Evaluate("yoy(revenue, 2023Q2)");   // parsed and bound once, then reused
/// </code>
/// </example>
public sealed class QueryCache
{
    private sealed class Entry(string text, BoundQuery query)
    {
        public readonly string Text = text;
        public readonly BoundQuery Query = query;
        /// <summary>Set by a hit, cleared by the clock hand: the entry's second chance.</summary>
        public volatile bool Referenced;
    }

    private readonly ConcurrentDictionary<string, Entry> _entries;
    private readonly Queue<Entry> _clock;
    private readonly Lock _writeLock = new();
    private readonly Dataset _data;
    private readonly string? _entity;
    private readonly FunctionRegistry? _functions;
    private readonly QueryOptions? _options;

    /// <summary>Creates an empty cache of queries bound to <paramref name="data"/>.</summary>
    /// <param name="data">The dataset every cached query is bound to.</param>
    /// <param name="capacity">The most distinct texts kept (at least 1).</param>
    /// <param name="entity">The entity bare metric names refer to; defaults to the data's default entity.</param>
    /// <param name="functions">The functions available; defaults to the built-ins.</param>
    /// <param name="options">The limits texts are parsed, bound and evaluated with; defaults to <see cref="QueryOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="entity"/> is not in the data.</exception>
    public QueryCache(Dataset data, int capacity = 1024, string? entity = null, FunctionRegistry? functions = null, QueryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        if (entity is not null && data.FindEntity(entity) is null)
            throw new ArgumentException($"Entity '{entity}' is not in the data.", nameof(entity));
        _data = data;
        _entity = entity;
        _functions = functions;
        _options = options;
        Capacity = capacity;
        _entries = new ConcurrentDictionary<string, Entry>(Environment.ProcessorCount, Math.Min(capacity, 4096) + 1, StringComparer.Ordinal);
        _clock = new Queue<Entry>(Math.Min(capacity, 4096));
    }

    /// <summary>The most distinct texts the cache keeps.</summary>
    public int Capacity { get; }

    /// <summary>The number of texts cached now; never more than <see cref="Capacity"/>.</summary>
    public int Count
    {
        get
        {
            lock (_writeLock) return _clock.Count;
        }
    }

    /// <summary>The dataset the cached queries are bound to.</summary>
    public Dataset Data => _data;

    /// <summary>Evaluates a query for the cache's entity, parsing and binding it only when its text is not cached.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FinQueryException">The text is malformed or ill-typed, or the evaluation exceeded a limit.</exception>
    public QueryResult Evaluate(string text) => GetOrBind(text).Evaluate();

    /// <summary>Evaluates a query for <paramref name="entity"/> (see <see cref="BoundQuery.Evaluate(Entity?, CancellationToken)"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FinQueryException">The text is malformed or ill-typed, or the evaluation exceeded a limit.</exception>
    public QueryResult Evaluate(string text, Entity? entity, CancellationToken cancellation = default) =>
        GetOrBind(text).Evaluate(entity, cancellation);

    /// <summary>The bound query for a text: the cached one, or a newly parsed and bound one, which is then cached.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FinQueryException">The text is malformed or ill-typed; nothing is cached for it.</exception>
    public BoundQuery GetOrBind(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_entries.TryGetValue(text, out var hit))
        {
            // Check before writing, so that steady hits on a hot entry do not keep dirtying its cache line.
            if (!hit.Referenced) hit.Referenced = true;
            return hit.Query;
        }
        return Add(text, Query.Parse(text, _options).Bind(_data, _entity, _functions));
    }

    /// <summary>Empties the cache.</summary>
    public void Clear()
    {
        lock (_writeLock)
        {
            _clock.Clear();
            _entries.Clear();
        }
    }

    private BoundQuery Add(string text, BoundQuery bound)
    {
        lock (_writeLock)
        {
            // Another thread may have bound the same text meanwhile: keep the first.
            if (_entries.TryGetValue(text, out var existing)) return existing.Query;
            while (_clock.Count >= Capacity) EvictOne();
            var entry = new Entry(text, bound);
            _clock.Enqueue(entry);
            _entries[text] = entry;
            return bound;
        }
    }

    /// <summary>Advances the clock hand until it evicts one entry (at most two sweeps).</summary>
    private void EvictOne()
    {
        while (true)
        {
            var e = _clock.Dequeue();
            if (e.Referenced)
            {
                e.Referenced = false;
                _clock.Enqueue(e);
                continue;
            }
            _entries.TryRemove(new KeyValuePair<string, Entry>(e.Text, e));
            return;
        }
    }
}
