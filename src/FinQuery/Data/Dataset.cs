namespace FinQuery;

/// <summary>
/// Entities and their metric series, immutable once built. Load one from a file with
/// <c>Dataset.Load</c>, or build one from your own source with <see cref="DatasetBuilder"/>.
/// Safe to share between threads.
/// </summary>
public sealed partial class Dataset
{
    private readonly Dictionary<string, Entity> _entities;
    private readonly Dictionary<(string Metric, Variant Variant), int> _slots;

    /// <param name="entities">The entities, in order.</param>
    /// <param name="defaultEntityId">The id of the entity bare metric names refer to, or null.</param>
    /// <param name="aliases">Other names that find an entity with <see cref="FindEntity"/> (SEC data: <c>CIK0000320193</c> beside <c>AAPL</c>).</param>
    internal Dataset(IReadOnlyList<Entity> entities, string? defaultEntityId, IReadOnlyList<(string Alias, string EntityId)>? aliases = null)
    {
        Entities = entities;
        _entities = new Dictionary<string, Entity>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in entities)
        {
            if (!_entities.TryAdd(e.Id, e))
                throw new ArgumentException($"Entity {e.Id} is defined twice.");
        }
        _aliases = aliases ?? [];
        foreach (var (alias, id) in _aliases)
        {
            var e = _entities.GetValueOrDefault(id) ?? throw new ArgumentException($"The alias {alias} names entity {id}, which is not in the data.");
            if (!_entities.TryAdd(alias, e) && !ReferenceEquals(_entities[alias], e))
                throw new ArgumentException($"The alias {alias} of entity {id} is already the name of entity {_entities[alias].Id}.");
        }
        if (defaultEntityId is not null)
        {
            DefaultEntity = FindEntity(defaultEntityId)
                ?? throw new ArgumentException($"The default entity {defaultEntityId} is not in the data.");
        }
        else if (entities.Count == 1)
        {
            DefaultEntity = entities[0];
        }

        // A catalog of every (metric, variant) in the data; each entity holds its series by slot, so a
        // bound query reaches a series with one array index instead of a name lookup.
        _slots = new Dictionary<(string, Variant), int>(MetricKeyComparer.Instance);
        var keys = new List<(string, Variant)>();
        foreach (var e in entities)
            foreach (var s in e.Series)
                if (_slots.TryAdd((s.Metric, s.Variant), _slots.Count)) keys.Add((s.Metric, s.Variant));
        MetricKeys = keys;
        AssignSlots();
        (_hasFiledDays, _isRestated) = Vintage.Scan(entities);
    }

    /// <summary>
    /// A view of <paramref name="original"/> over other entities of the same ids, in the same order, with the
    /// same metric catalog: a query bound against the original finds its series by slot in the view.
    /// </summary>
    private Dataset(Dataset original, IReadOnlyList<Entity> entities)
    {
        Entities = entities;
        _slots = original._slots;
        MetricKeys = original.MetricKeys;
        _aliases = original._aliases;
        _entities = new Dictionary<string, Entity>(original._entities.Count, StringComparer.OrdinalIgnoreCase);
        var byOriginal = new Dictionary<Entity, Entity>(entities.Count, ReferenceEqualityComparer.Instance);
        for (int i = 0; i < entities.Count; i++)
        {
            _entities.Add(entities[i].Id, entities[i]);
            byOriginal.Add(original.Entities[i], entities[i]);
        }
        foreach (var (alias, id) in _aliases) _entities.TryAdd(alias, _entities[id]);
        if (original.DefaultEntity is { } d) DefaultEntity = byOriginal[d];
        AssignSlots();
        (_hasFiledDays, _isRestated) = Vintage.Scan(entities);
    }

    private readonly IReadOnlyList<(string Alias, string EntityId)> _aliases;

    private void AssignSlots()
    {
        for (int i = 0; i < Entities.Count; i++)
        {
            var e = Entities[i];
            var slots = new MetricSeries?[_slots.Count];
            foreach (var s in e.Series) slots[_slots[(s.Metric, s.Variant)]] = s;
            e.Slots = slots;
            e.Owner = this;
            e.Position = i;
        }
        AssignRows();
    }

    /// <summary>The entities, in the order they were given.</summary>
    public IReadOnlyList<Entity> Entities { get; }

    /// <summary>
    /// The entity bare metric names refer to: the data's <c>defaultEntity</c>, else its only entity; null when neither applies.
    /// </summary>
    public Entity? DefaultEntity { get; }

    /// <summary>Every (metric, variant) held by some entity, in first-seen order.</summary>
    internal IReadOnlyList<(string Metric, Variant Variant)> MetricKeys { get; }

    /// <summary>The entity with this id or alias (case-insensitive), or null.</summary>
    public Entity? FindEntity(string id) => _entities.GetValueOrDefault(id);

    /// <summary>The slot of a (metric, variant) in every entity's series array, or −1.</summary>
    internal int SlotOf(string metric, Variant variant) => _slots.GetValueOrDefault((metric, variant), -1);
}
