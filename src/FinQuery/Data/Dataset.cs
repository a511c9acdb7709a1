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

    internal Dataset(IReadOnlyList<Entity> entities, string? defaultEntityId)
    {
        Entities = entities;
        _entities = new Dictionary<string, Entity>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in entities)
        {
            if (!_entities.TryAdd(e.Id, e))
                throw new ArgumentException($"Entity {e.Id} is defined twice.");
        }
        foreach (var e in entities)
            foreach (var alias in e.Aliases)
                if (!_entities.TryAdd(alias, e) && !ReferenceEquals(_entities[alias], e))
                    throw new ArgumentException($"{alias} names two entities, {_entities[alias].Id} and {e.Id}.");
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
        foreach (var e in entities)
        {
            var slots = new MetricSeries?[_slots.Count];
            foreach (var s in e.Series) slots[_slots[(s.Metric, s.Variant)]] = s;
            e.Slots = slots;
            e.Owner = this;
        }
    }

    /// <summary>The entities, in the order they were given.</summary>
    public IReadOnlyList<Entity> Entities { get; }

    /// <summary>
    /// The entity bare metric names refer to: the data's <c>defaultEntity</c>, else its only entity; null when neither applies.
    /// </summary>
    public Entity? DefaultEntity { get; }

    /// <summary>Every (metric, variant) held by some entity, in first-seen order.</summary>
    internal IReadOnlyList<(string Metric, Variant Variant)> MetricKeys { get; }

    /// <summary>The entity with this id or alias (case-insensitive; an SEC filer by ticker or by <c>CIK</c> and ten digits), or null.</summary>
    public Entity? FindEntity(string id) => _entities.GetValueOrDefault(id);

    /// <summary>The slot of a (metric, variant) in every entity's series array, or −1.</summary>
    internal int SlotOf(string metric, Variant variant) => _slots.GetValueOrDefault((metric, variant), -1);
}
