namespace FinQuery.Charts.Rendering;

/// <summary>
/// The chart behind a result: each data series its provenance names, at the frequency the result read most,
/// with the periods it read drawn stronger.
/// </summary>
internal static class ProvenanceChart
{
    public static Chart Build(Provenance provenance, Dataset data)
    {
        var chart = new Chart();
        var entries = provenance.Entries;
        if (entries.Count == 0) return chart;
        var read = entries.Where(e => e.IsReported).ToList();
        if (read.Count == 0) read = [.. entries];
        // The frequency most of the figures were read at; on a tie, the finer one.
        var frequency = read.GroupBy(e => e.Period.Frequency)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
            .First().Key;
        // Actuals first, then consensus figures, each in the order the result read them (GroupBy keeps that order).
        var groups = entries
            .GroupBy(e => (e.Entity, e.Metric, e.Variant))
            .OrderBy(g => g.Key.Variant)
            .Select(g => (g.Key, Periods: g.Select(e => e.Period).Where(p => p.Frequency == frequency).ToHashSet()));
        foreach (var (key, periods) in groups)
        {
            var series = data.FindEntity(key.Entity)?.Find(key.Metric, key.Variant);
            if (series is null || !series.ValuesAt(frequency).Any()) continue;
            try
            {
                chart.Add(Label(key.Entity, key.Metric, key.Variant, data), series, frequency, periods);
            }
            catch (ArgumentException)
            {
                // A third unit, or a span too wide to draw: the chart keeps the series that fit.
            }
        }
        return chart;
    }

    private static string Label(string entity, string metric, Variant variant, Dataset data)
    {
        string name = data.DefaultEntity?.Id == entity ? metric : $"{entity}.{metric}";
        return variant == Variant.Consensus ? $"{name} (consensus)" : name;
    }
}
