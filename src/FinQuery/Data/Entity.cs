namespace FinQuery;

/// <summary>A reporting entity (a company, a segment, an app) with its fiscal calendar and metric series.</summary>
public sealed class Entity
{
    private readonly Dictionary<(string Metric, Variant Variant), MetricSeries> _byName;

    internal Entity(string id, string name, FiscalCalendar calendar, IEnumerable<MetricSeries> series)
    {
        Id = id;
        Name = name;
        Calendar = calendar;
        _byName = new Dictionary<(string, Variant), MetricSeries>(MetricKeyComparer.Instance);
        var list = new List<MetricSeries>();
        foreach (var s in series)
        {
            if (!_byName.TryAdd((s.Metric, s.Variant), s))
                throw new ArgumentException($"Entity {id} has two {s.Variant.ToString().ToLowerInvariant()} series for metric {s.Metric}.");
            // A vintage view shares the series that nothing changed with the dataset it was made from.
            s.Entity ??= this;
            list.Add(s);
        }
        Series = list;
    }

    /// <summary>The identifier used in queries, for example <c>META</c> in <c>META.revenue</c>.</summary>
    public string Id { get; }

    /// <summary>A display name, for example <c>Meta Platforms, Inc.</c>.</summary>
    public string Name { get; }

    /// <summary>The entity's fiscal calendar.</summary>
    public FiscalCalendar Calendar { get; }

    /// <summary>All series of this entity, in the order they were given.</summary>
    public IReadOnlyList<MetricSeries> Series { get; }

    /// <summary>Series by slot in the dataset's metric catalog (set when the dataset is built).</summary>
    internal MetricSeries?[] Slots { get; set; } = [];

    /// <summary>The dataset this entity belongs to (set when the dataset is built).</summary>
    internal Dataset? Owner { get; set; }

    /// <summary>Where this entity is in <see cref="Dataset.Entities"/> of its owner (set when the dataset is built).</summary>
    internal int Position { get; set; }

    /// <summary>
    /// A list of entities walked as a span (no interface call per entity, which a universe of thousands feels): an
    /// array or list as it is, any other list as <paramref name="copy"/> (made here when not given).
    /// </summary>
    internal static ReadOnlySpan<Entity> SpanOf(IReadOnlyList<Entity> list, Entity[]? copy = null) => list switch
    {
        Entity[] array => array,
        List<Entity> l => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(l),
        _ => copy ?? [.. list],
    };

    /// <summary>The series of a metric and variant (names compare case-insensitively), or null.</summary>
    public MetricSeries? Find(string metric, Variant variant = Variant.Actual) =>
        _byName.GetValueOrDefault((metric, variant));

    /// <inheritdoc />
    public override string ToString() => Id;
}

internal sealed class MetricKeyComparer : IEqualityComparer<(string Metric, Variant Variant)>
{
    public static readonly MetricKeyComparer Instance = new();

    public bool Equals((string Metric, Variant Variant) x, (string Metric, Variant Variant) y) =>
        x.Variant == y.Variant && StringComparer.OrdinalIgnoreCase.Equals(x.Metric, y.Metric);

    public int GetHashCode((string Metric, Variant Variant) obj) =>
        HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Metric), obj.Variant);
}
