namespace FinQuery;

public sealed partial class Dataset
{
    private readonly bool _hasFiledDays;
    private readonly bool _isRestated;

    private const int ViewCacheCapacity = 32;
    private readonly Lock _viewLock = new();
    private Dictionary<int, Dataset>? _views;
    private Queue<int>? _viewOrder;
    private Dataset? _firstReported;

    /// <summary>
    /// The data as it was known at the end of <paramref name="day"/>: observations published (<c>filed</c>)
    /// after that day do not exist, and every derived value (a year from its quarters, a fourth quarter from the
    /// year and the other three, a range's cover) is derived again from what remains. Observations without a
    /// published day are known from the beginning and always remain.
    /// </summary>
    /// <remarks>
    /// The view has the same entities, in the same order, and knows the same metrics, so a query bound
    /// against this dataset can be evaluated for the view's entities too; a series with nothing published by
    /// then is empty, and asking it for a value gives NA, not an error. Series with nothing published after the
    /// day are shared with this dataset, not copied; data with no published days at all gives this dataset
    /// itself. Views are cached per day (the most recent few), and the method is safe to call from several threads.
    /// </remarks>
    /// <param name="day">The last day whose publications count.</param>
    public Dataset AsOf(DateOnly day)
    {
        if (!_hasFiledDays) return this;
        int key = day.DayNumber;
        lock (_viewLock)
        {
            if (_views is not null && _views.TryGetValue(key, out var cached)) return cached;
        }
        var view = View(s => s.AsOf(key));
        lock (_viewLock)
        {
            _views ??= [];
            _viewOrder ??= new Queue<int>();
            if (_views.TryGetValue(key, out var other)) return other;
            if (_views.Count >= ViewCacheCapacity) _views.Remove(_viewOrder.Dequeue());
            _views.Add(key, view);
            _viewOrder.Enqueue(key);
        }
        return view;
    }

    /// <summary>
    /// The data as first reported: each period's earliest published value, every derived value derived again
    /// from those. This dataset itself when no period was published twice.
    /// </summary>
    internal Dataset FirstReported()
    {
        if (!_isRestated) return this;
        var view = Volatile.Read(ref _firstReported);
        if (view is not null) return view;
        view = View(s => s.FirstReported());
        return Interlocked.CompareExchange(ref _firstReported, view, null) ?? view;
    }

    /// <summary>Whether some observation has a published day (without one, every <see cref="AsOf"/> view is this dataset).</summary>
    internal bool HasFiledDays => _hasFiledDays;

    /// <summary>The same entities over each series as <paramref name="select"/> makes it; entities nothing changed keep their series.</summary>
    private Dataset View(Func<MetricSeries, MetricSeries> select)
    {
        var entities = new List<Entity>(Entities.Count);
        foreach (var e in Entities)
        {
            var series = new List<MetricSeries>(e.Series.Count);
            foreach (var s in e.Series) series.Add(select(s));
            var view = new Entity(e.Id, e.Name, e.Calendar, series);
            entities.Add(view);
        }
        return new Dataset(this, entities);
    }

    private static class Vintage
    {
        public static (bool HasFiledDays, bool IsRestated) Scan(IReadOnlyList<Entity> entities)
        {
            bool filed = false, restated = false;
            foreach (var e in entities)
            {
                foreach (var s in e.Series)
                {
                    filed |= s.LastFiled is not null;
                    restated |= s.IsRestated;
                }
            }
            return (filed, restated);
        }
    }
}
