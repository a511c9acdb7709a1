using System.Globalization;
using FsCheck.Xunit;

namespace FinQuery.Tests.Data;

/// <summary>
/// The CSV fast path builds a series as soon as its run of rows ends, and builds it again when more of its rows
/// turn up later or its entity's fiscal calendar is given on a later row. Whatever the order of the rows, it loads
/// exactly what the validating reader loads: the layouts below put each of those cases in front of it, with
/// restatements (a period published twice) and published days.
/// </summary>
public class CsvRowLayoutProperties
{
    public enum Layout
    {
        /// <summary>Each series' rows together, series in order: every series is built when its run ends.</summary>
        Grouped,
        /// <summary>Grouped, but the last rows of every other series come again at the end of the file.</summary>
        TailsAtTheEnd,
        /// <summary>Grouped, the fiscal year-end month given only on each entity's last row.</summary>
        CalendarOnLastRow,
        /// <summary>Series in reverse order, each series' rows reversed.</summary>
        Reversed,
        /// <summary>Rows of two series alternating, one row each.</summary>
        Alternating,
    }

    private const string Header = "entity,metric,variant,period,value,unit,scale,aggregation,name,fiscalYearEndMonth,filed,source";
    private const int FiscalYearColumn = 9;

    /// <summary>The rows of <paramref name="spec"/> as cells, one list per series; with <paramref name="filed"/>, every row has a day and some periods a restatement.</summary>
    private static List<List<string[]>> SeriesRows(DatasetSpec spec, bool filed, bool calendarOnLastRow)
    {
        var all = new List<List<string[]>>();
        int day = new DateOnly(2020, 1, 1).DayNumber;
        foreach (var e in spec.Entities)
        {
            string fy = e.FiscalYearEndMonth.ToString(CultureInfo.InvariantCulture);
            foreach (var s in e.Series)
            {
                var rows = new List<string[]>();
                int k = 0;
                foreach (var (p, v) in s.Values)
                {
                    string[] Row(double value, int d) =>
                    [
                        e.Id, s.Metric, s.Variant.ToString().ToLowerInvariant(), p.ToString(), RoundTripProperties.Number(value), s.Unit,
                        RoundTripProperties.Number(s.Scale), s.Aggregation.ToString().ToLowerInvariant(), e.Name, calendarOnLastRow ? "" : fy,
                        filed ? DateOnly.FromDayNumber(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "", $"src {k % 3}",
                    ];
                    rows.Add(Row(v, day + k));
                    if (filed && k % 3 == 1) rows.Add(Row(v + 1, day + k + 400));   // restated a year later
                    k++;
                }
                all.Add(rows);
            }
            // The month on the entity's last row only: its earlier series were built with the default calendar.
            if (calendarOnLastRow && all.Count > 0 && all[^1].Count > 0 && all[^1][^1][0] == e.Id) all[^1][^1][FiscalYearColumn] = fy;
        }
        return all;
    }

    internal static string Write(DatasetSpec spec, Layout layout, bool filed)
    {
        var series = SeriesRows(spec, filed, layout == Layout.CalendarOnLastRow);
        var rows = new List<string[]>();
        switch (layout)
        {
            case Layout.Grouped or Layout.CalendarOnLastRow:
                foreach (var s in series) rows.AddRange(s);
                break;
            case Layout.TailsAtTheEnd:
                var tails = new List<string[]>();
                for (int i = 0; i < series.Count; i++)
                {
                    int cut = i % 2 == 0 ? series[i].Count : (series[i].Count + 1) / 2;
                    rows.AddRange(series[i].Take(cut));
                    tails.AddRange(series[i].Skip(cut));
                }
                rows.AddRange(tails);
                break;
            case Layout.Reversed:
                for (int i = series.Count - 1; i >= 0; i--)
                    for (int k = series[i].Count - 1; k >= 0; k--) rows.Add(series[i][k]);
                break;
            case Layout.Alternating:
                for (int i = 0; i < series.Count; i += 2)
                {
                    var a = series[i];
                    var b = i + 1 < series.Count ? series[i + 1] : [];
                    for (int k = 0; k < Math.Max(a.Count, b.Count); k++)
                    {
                        if (k < a.Count) rows.Add(a[k]);
                        if (k < b.Count) rows.Add(b[k]);
                    }
                }
                break;
        }
        string newline = spec.CrLf ? "\r\n" : "\n";
        return Header + newline + string.Join(newline, rows.Select(r => string.Join(",", r.Select(RoundTripProperties.Quote)))) + newline;
    }

    [Property(MaxTest = 150, Arbitrary = [typeof(Generators)])]
    public void Whatever_the_order_of_the_rows_the_fast_path_loads_what_the_validating_reader_loads(DatasetSpec spec, bool filed, int layoutSeed)
    {
        var layout = (Layout)(Math.Abs(layoutSeed % 5));
        FastLoadingTests.AssertAgree(false, Write(spec, layout, filed), mustLoad: true);
    }

    [Fact]
    public void A_series_built_early_is_built_again_when_its_calendar_or_more_rows_come_later()
    {
        // ACME's revenue ends before its fiscal year-end month (June) is given; its last quarter comes again at the end.
        const string csv = """
            entity,metric,period,value,unit,aggregation,fiscalYearEndMonth,filed
            ACME,revenue,2023Q1,10,USD,sum,,2023-01-20
            ACME,revenue,2023Q2,20,USD,sum,,2023-04-20
            ACME,revenue,2023Q3,30,USD,sum,,2023-07-20
            ACME,cost,2023Q1,1,USD,sum,6,
            ACME,cost,2023Q2,2,USD,sum,6,
            B,revenue,2023Q1,5,USD,sum,,
            ACME,revenue,2023Q4,40,USD,sum,,2023-10-20
            ACME,revenue,2023Q2,21,USD,sum,,2024-01-20
            """;
        FastLoadingTests.AssertAgree(false, csv, mustLoad: true);
        var data = Dataset.ParseCsv(csv);
        var revenue = data.FindEntity("ACME")!.Find("revenue", Variant.Actual)!;
        Assert.Equal(6, revenue.Calendar.YearEndMonth);
        Assert.Equal(101, revenue.ValuesAt(Frequency.Year).Single().Value);   // 10 + 21 + 30 + 40, Q2 restated
        Assert.Equal(Period.OfYear(2023), revenue.ValuesAt(Frequency.Year).Single().Key);
    }

    [Theory]
    [InlineData(Layout.Grouped)]
    [InlineData(Layout.TailsAtTheEnd)]
    [InlineData(Layout.CalendarOnLastRow)]
    [InlineData(Layout.Reversed)]
    [InlineData(Layout.Alternating)]
    public void Every_layout_of_a_fixed_dataset_loads_on_the_fast_path(Layout layout)
    {
        KeyValuePair<Period, double>[] Quarters(int from, int count, double scale) =>
            Enumerable.Range(0, count).Select(i => KeyValuePair.Create(Period.OfQuarter(2020, 1) + (from + i), (i + 1) * scale)).ToArray();
        var spec = new DatasetSpec(
        [
            new EntitySpec("ACME", "Acme, Inc.", 6,
            [
                new SeriesSpec("revenue", Variant.Actual, "USD", 1e6, Aggregation.Sum, Quarters(0, 8, 1.5)),
                new SeriesSpec("revenue", Variant.Consensus, "USD", 1e6, Aggregation.Sum, Quarters(2, 4, 1.25)),
                new SeriesSpec("headcount", Variant.Actual, "count", 1, Aggregation.Last, Quarters(0, 5, 100)),
            ]),
            new EntitySpec("B", "Bee", 12, [new SeriesSpec("revenue", Variant.Actual, "USD", 1, Aggregation.Sum, Quarters(1, 7, 3))]),
            new EntitySpec("C", "Sea", 9, [new SeriesSpec("eps", Variant.Actual, "USD/share", 1, Aggregation.None, Quarters(0, 1, 0.5))]),
        ], CrLf: false);
        foreach (bool filed in new[] { false, true })
            FastLoadingTests.AssertAgree(false, Write(spec, layout, filed), mustLoad: true);
    }
}
