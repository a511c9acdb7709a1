using FinQuery.Series;

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
    private readonly List<SeriesEntry> _series = [];
    private readonly Dictionary<(string Entity, string Metric, Variant Variant), SeriesEntry> _observed = new(SeriesKeyComparer.Instance);
    private readonly List<(string Alias, string EntityId)> _aliases = [];
    private string? _defaultEntity;

    private sealed class SeriesEntry(string entityId, string metric, Variant variant, string unit, Aggregation aggregation, List<Observation> values)
    {
        public string EntityId { get; } = entityId;
        public string Metric { get; } = metric;
        public Variant Variant { get; } = variant;
        public string Unit { get; } = unit;
        public Aggregation Aggregation { get; } = aggregation;
        public List<Observation> Values { get; } = values;
    }

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
        _series.Add(new SeriesEntry(entityId, metric, variant, unit, aggregation, values.Select(o => new Observation(o.Key, o.Value)).ToList()));
        return this;
    }

    /// <summary>
    /// Adds one published observation (already scaled to units) to the series of an entity, metric and variant,
    /// creating the series on its first observation. This is the entry point of readers that meet observations
    /// one at a time, such as the SEC company facts reader.
    /// </summary>
    /// <remarks>
    /// The entity must be added (<see cref="AddEntity"/>) before <see cref="Build"/>, not necessarily before this
    /// call. Every observation of one series must give the same unit and aggregation (the first one sets them).
    /// A period may be published several times with different <paramref name="filed"/> days (a restatement): the
    /// latest is the period's value, and <see cref="Dataset.AsOf"/> sees the others. The same period with the
    /// same day (or twice without one) fails at <see cref="Build"/>, unless both have an
    /// <see cref="ObservationOrigin.Accession"/>: then the greater accession number is the later publication, and
    /// the same value under the same accession is kept once. Share one <paramref name="origin"/> instance between
    /// observations of the same origin. Do not mix this with <see cref="AddSeries"/> for the same series.
    /// </remarks>
    /// <param name="entityId">The entity's id (case-insensitive).</param>
    /// <param name="metric">The metric name: letters, digits and underscores, starting with a letter or underscore.</param>
    /// <param name="variant">Actual or consensus.</param>
    /// <param name="unit">The unit; <c>""</c> for a plain number.</param>
    /// <param name="aggregation">How the series' finer values make up coarser ones.</param>
    /// <param name="period">The period of the value.</param>
    /// <param name="value">The value, in units (finite).</param>
    /// <param name="filed">The day it was published; null when known from the beginning.</param>
    /// <param name="origin">Where it came from (source text, SEC form, accession, concept, dates); null when not known.</param>
    /// <exception cref="ArgumentException">The metric is not a valid name, or the unit or aggregation differs from the series' first observation.</exception>
    internal DatasetBuilder AddObservation(string entityId, string metric, Variant variant, string unit, Aggregation aggregation,
        Period period, double value, DateOnly? filed, ObservationOrigin? origin)
    {
        ArgumentNullException.ThrowIfNull(entityId);
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(unit);
        if (!_observed.TryGetValue((entityId, metric, variant), out var entry))
        {
            RequireIdentifier(metric, nameof(metric));
            entry = new SeriesEntry(entityId, metric, variant, unit, aggregation, []);
            _observed.Add((entityId, metric, variant), entry);
            _series.Add(entry);
        }
        else if (!string.Equals(entry.Unit, unit, StringComparison.Ordinal) || entry.Aggregation != aggregation)
        {
            throw new ArgumentException(
                $"{entityId}.{metric}: an observation for {period} has unit '{unit}' and aggregation {aggregation}, the series has '{entry.Unit}' and {entry.Aggregation}.",
                nameof(unit));
        }
        entry.Values.Add(new Observation(period, value, Observation.FiledNumber(filed), origin));
        return this;
    }

    /// <summary>
    /// Another name under which <see cref="Dataset.FindEntity"/> (and so a query) finds an entity, for example
    /// <c>CIK0000320193</c> beside the ticker <c>AAPL</c>. It must not be another entity's id or alias.
    /// </summary>
    /// <param name="entityId">The id of an entity added before <see cref="Build"/>.</param>
    /// <param name="alias">The other name: letters, digits and underscores, starting with a letter or underscore.</param>
    internal DatasetBuilder AddAlias(string entityId, string alias)
    {
        ArgumentNullException.ThrowIfNull(entityId);
        ArgumentNullException.ThrowIfNull(alias);
        RequireIdentifier(alias, nameof(alias));
        _aliases.Add((alias, entityId));
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
        var byEntity = new Dictionary<string, List<SeriesEntry>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, _, _) in _entities) byEntity.TryAdd(id, []);
        foreach (var s in _series)
        {
            if (!byEntity.TryGetValue(s.EntityId, out var list))
                throw new ArgumentException($"Series {s.Metric} names entity {s.EntityId}, which was not added.");
            list.Add(s);
        }
        foreach (var (id, name, fyEnd) in _entities)
        {
            var calendar = new FiscalCalendar(fyEnd);
            var series = new List<MetricSeries>();
            // An entity added twice gets its series once; the Dataset then reports the duplicate id.
            if (byEntity.Remove(id, out var entries))
            {
                foreach (var s in entries)
                {
                    try
                    {
                        series.Add(new MetricSeries(s.Metric, s.Variant, s.Unit, s.Aggregation, calendar, s.Values.ToArray()));
                    }
                    catch (ArgumentException ex)
                    {
                        throw new ArgumentException($"{id}.{s.Metric}: {ex.Message}", ex);
                    }
                }
            }
            entities.Add(new Entity(id, name, calendar, series));
        }
        return new Dataset(entities, _defaultEntity, _aliases);
    }

    internal static bool IsIdentifier(string s)
    {
        if (s.Length == 0 || !(char.IsAsciiLetter(s[0]) || s[0] == '_')) return false;
        foreach (var c in s)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        return true;
    }

    internal sealed class SeriesKeyComparer : IEqualityComparer<(string Entity, string Metric, Variant Variant)>
    {
        public static readonly SeriesKeyComparer Instance = new();

        public bool Equals((string Entity, string Metric, Variant Variant) x, (string Entity, string Metric, Variant Variant) y) =>
            x.Variant == y.Variant
            && StringComparer.OrdinalIgnoreCase.Equals(x.Entity, y.Entity)
            && StringComparer.OrdinalIgnoreCase.Equals(x.Metric, y.Metric);

        public int GetHashCode((string Entity, string Metric, Variant Variant) obj) => HashCode.Combine(
            StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Entity),
            StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Metric),
            obj.Variant);
    }

    private static void RequireIdentifier(string s, string param)
    {
        if (!IsIdentifier(s))
            throw new ArgumentException($"'{s}' is not a valid name: use letters, digits and underscores, starting with a letter or underscore.", param);
    }
}
