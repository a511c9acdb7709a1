using System.Runtime;
using FinQuery.Series;

namespace FinQuery.Tests.Data;

/// <summary>
/// Tables of loaded data with 32 values or more are on the pinned object heap, which the collector never compacts;
/// short tables, views as of a day, and every table when the application sets the <c>FinQuery.Data.MovableSeriesTables</c>
/// switch are on the ordinary heap. With no collection during the load (a no-GC region), an array just allocated on
/// the ordinary heap is in generation 0, and one on the pinned heap reports generation 2.
/// </summary>
[Collection(nameof(PinnedTablesTests))]   // the switch is process-wide: nothing else here toggles it
public class PinnedTablesTests
{
    /// <summary>A's revenue over <paramref name="quarters"/> quarters, published on 2020-01-01; the first restated a year later.</summary>
    private static string Csv(int quarters)
    {
        var rows = Enumerable.Range(0, quarters).Select(i => $"A,revenue,{Period.OfQuarter(2000, 1) + i},{i + 1},USD,sum,2020-01-01")
            .Append($"A,revenue,{Period.OfQuarter(2000, 1)},0.5,USD,sum,2021-01-01");
        return "entity,metric,period,value,unit,aggregation,filed\n" + string.Join("\n", rows) + "\n";
    }

    /// <summary>
    /// The generation of the quarter table's values of A's revenue, loaded in a no-GC region. Should other tests'
    /// allocations end the region early (a collection would promote the array), the load is made again.
    /// </summary>
    private static int QuarterTableGeneration(string csv, Func<MetricSeries, MetricSeries>? view = null)
    {
        for (int attempt = 0; ; attempt++)
        {
            Assert.True(GC.TryStartNoGCRegion(64 << 20));
            try
            {
                var series = Dataset.ParseCsv(csv).FindEntity("A")!.Find("revenue", Variant.Actual)!;
                if (view is not null) series = view(series);
                int generation = GC.GetGeneration(series.Tables[(int)Frequency.Quarter]!.Values);
                if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion || attempt == 5) return generation;
            }
            finally
            {
                if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
            }
        }
    }

    [Fact]
    public void Long_tables_of_loaded_data_are_pinned_and_short_ones_are_not()
    {
        Assert.Equal(2, QuarterTableGeneration(Csv(FrequencyTable.PinnedFrom)));
        Assert.Equal(0, QuarterTableGeneration(Csv(FrequencyTable.PinnedFrom - 1)));
    }

    [Fact]
    public void A_view_as_of_a_day_is_not_pinned() =>
        Assert.Equal(0, QuarterTableGeneration(Csv(80), s => s.AsOf(new DateOnly(2020, 6, 30).DayNumber)));

    [Fact]
    public void The_switch_keeps_every_table_movable()
    {
        AppContext.SetSwitch(FrequencyTable.MovableSwitch, true);
        try
        {
            Assert.Equal(0, QuarterTableGeneration(Csv(80)));
        }
        finally
        {
            AppContext.SetSwitch(FrequencyTable.MovableSwitch, false);
        }
        Assert.Equal(2, QuarterTableGeneration(Csv(80)));
    }
}
