namespace FinQuery;

/// <summary>
/// Builds a <see cref="Dataset"/> from an application's own source of figures.
/// </summary>
/// <example>
/// <code>
/// var data = new DatasetBuilder()
///     .AddEntity("ACME", "Acme Corp.", fiscalYearEndMonth: 6)
///     .AddSeries("ACME", "revenue", "USD", Aggregation.Sum, new Dictionary&lt;Period, double&gt;
///     {
///         [Period.Parse("2023Q1")] = 1.2e9,
///         [Period.Parse("2024Q1")] = 1.5e9,
///     })
///     .Build();
/// </code>
/// </example>
public sealed class DatasetBuilder
{
    private readonly List<(string Id, string Name, int FiscalYearEndMonth)> _entities = [];
    private readonly List<(string EntityId, string Metric, Variant Variant, string Unit, Aggregation Aggregation, List<KeyValuePair<Period, double>> Values)> _series = [];
    private string? _defaultEntity;

    /// <summary>Adds an entity.</summary>
    /// <param name="id">The id queries use (<c>META</c> in <c>META.revenue</c>): letters, digits and underscores, starting with a letter or underscore.</param>
    /// <param name="name">A display name; the id when null.</param>
    /// <param name="fiscalYearEndMonth">The month (1–12) in which the entity's fiscal year ends.</param>
    public DatasetBuilder AddEntity(string id, string? name = null, int fiscalYearEndMonth = 12)
    {
        ArgumentNullException.ThrowIfNull(id);
        RequireIdentifier(id, nameof(id));
        if (fiscalYearEndMonth is < 1 or > 12)
            throw new ArgumentOutOfRangeException(nameof(fiscalYearEndMonth), fiscalYearEndMonth, "A fiscal year end month is 1 to 12.");
        _entities.Add((id, name ?? id, fiscalYearEndMonth));
        return this;
    }

    /// <summary>Adds a series of already-scaled values to an entity added before.</summary>
    public DatasetBuilder AddSeries(string entityId, string metric, string unit, Aggregation aggregation,
        IEnumerable<KeyValuePair<Period, double>> values, Variant variant = Variant.Actual)
    {
        ArgumentNullException.ThrowIfNull(entityId);
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(values);
        RequireIdentifier(metric, nameof(metric));
        _series.Add((entityId, metric, variant, unit, aggregation, values.ToList()));
        return this;
    }

    /// <summary>Names the entity that bare metric names refer to.</summary>
    public DatasetBuilder SetDefaultEntity(string id)
    {
        _defaultEntity = id;
        return this;
    }

    /// <summary>Builds the dataset, deriving coarser and missing values.</summary>
    /// <exception cref="ArgumentException">An entity is unknown or defined twice, a series or observation is duplicated, or a value is not finite.</exception>
    public Dataset Build()
    {
        var entities = new List<Entity>(_entities.Count);
        var known = new HashSet<string>(_entities.Select(e => e.Id), StringComparer.OrdinalIgnoreCase);
        foreach (var s in _series)
        {
            if (!known.Contains(s.EntityId))
                throw new ArgumentException($"Series {s.Metric} names entity {s.EntityId}, which was not added.");
        }
        foreach (var (id, name, fyEnd) in _entities)
        {
            var calendar = new FiscalCalendar(fyEnd);
            var series = _series
                .Where(s => string.Equals(s.EntityId, id, StringComparison.OrdinalIgnoreCase))
                .Select(s =>
                {
                    try
                    {
                        return new MetricSeries(s.Metric, s.Variant, s.Unit, s.Aggregation, calendar, s.Values);
                    }
                    catch (ArgumentException ex)
                    {
                        throw new ArgumentException($"{id}.{s.Metric}: {ex.Message}", ex);
                    }
                });
            entities.Add(new Entity(id, name, calendar, series));
        }
        return new Dataset(entities, _defaultEntity);
    }

    internal static bool IsIdentifier(string s)
    {
        if (s.Length == 0 || !(char.IsAsciiLetter(s[0]) || s[0] == '_')) return false;
        foreach (var c in s)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        return true;
    }

    private static void RequireIdentifier(string s, string param)
    {
        if (!IsIdentifier(s))
            throw new ArgumentException($"'{s}' is not a valid name: use letters, digits and underscores, starting with a letter or underscore.", param);
    }
}
