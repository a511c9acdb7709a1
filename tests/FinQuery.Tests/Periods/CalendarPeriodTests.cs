using FinQuery.Tests.Data.Sec;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FinQuery.Tests.Periods;

/// <summary>Calendar periods (CY2023Q2…), calendar(x), and fiscal periods written with FY for non-December years.</summary>
public class CalendarPeriodTests
{
    private static Period P(string s) => Period.Parse(s);

    /// <summary>One entity with the given year end; revenue (sum), cash (last) and eps (none) on fiscal quarters 2019–2026, value = a code of the quarter.</summary>
    internal static Dataset Quarterly(int yearEndMonth, Func<Period, double>? value = null, string id = "ACME")
    {
        value ??= q => q.Year * 10 + q.Index;
        var quarters = Enumerable.Range(0, 32).Select(i => Period.OfQuarter(2019, 1) + i).ToList();
        return new DatasetBuilder()
            .AddEntity(id, fiscalYearEndMonth: yearEndMonth)
            .AddSeries(id, "revenue", "USD", Aggregation.Sum, quarters.Select(q => KeyValuePair.Create(q, value(q))))
            .AddSeries(id, "cash", "USD", Aggregation.Last, quarters.Select(q => KeyValuePair.Create(q, value(q))))
            .AddSeries(id, "eps", "USD/share", Aggregation.None, quarters.Select(q => KeyValuePair.Create(q, value(q))))
            .Build();
    }

    private static QueryResult Eval(Dataset d, string q) => Query.Parse(q).Bind(d).Evaluate();

    private static double V(Dataset d, string q)
    {
        var r = Eval(d, q);
        Assert.False(r.IsNa, $"{q}: {r.Reason}");
        return r.Number;
    }

    /// <summary>The fiscal quarter (of this calendar) with at least two of its three months in the calendar quarter, found by counting months.</summary>
    private static Period ByMonths(FiscalCalendar calendar, int year, int quarter)
    {
        var months = Enumerable.Range(0, 3).Select(i => Period.OfMonth(year, 3 * quarter - 2 + i)).ToList();
        var candidates = months.Select(m => calendar.Containing(m, Frequency.Quarter)).Distinct();
        return candidates.Single(q => months.Count(m => calendar.Contains(q, m)) >= 2);
    }

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)] [InlineData(5)] [InlineData(6)]
    [InlineData(7)] [InlineData(8)] [InlineData(9)] [InlineData(10)] [InlineData(11)] [InlineData(12)]
    public void Every_year_end_month_maps_each_calendar_quarter_to_the_fiscal_quarter_with_two_of_its_months(int yearEndMonth)
    {
        var data = Quarterly(yearEndMonth);
        var calendar = new FiscalCalendar(yearEndMonth);
        for (int year = 2021; year <= 2023; year++)
        {
            for (int q = 1; q <= 4; q++)
            {
                var fiscal = ByMonths(calendar, year, q);
                var cy = Period.OfQuarter(year, q).AsCalendar();
                Assert.Equal(fiscal.Year * 10 + fiscal.Index, V(data, $"revenue[{cy}]"));
                Assert.Equal(V(data, $"revenue[{calendar.Format(fiscal)}]"), V(data, $"revenue[{cy}]"));
                // Provenance names the fiscal quarter that stood in (a December year's CY quarters are its own).
                var explained = Query.Parse($"revenue[{cy}]").Bind(data).Explain();
                Assert.Contains(explained.Provenance!.Entries, e => e.Period == fiscal && e.IsReported);
                if (yearEndMonth != 12)
                    Assert.Contains(explained.Provenance.Entries, e => e.Period == cy && e.Derivation!.StartsWith($"{cy} = {calendar.Format(fiscal)} (", StringComparison.Ordinal));
            }
            // Halves and years from those quarters: added for sum, the last for last, not built for none.
            double h1 = V(data, $"revenue[CY{year}Q1]") + V(data, $"revenue[CY{year}Q2]");
            Assert.Equal(h1, V(data, $"revenue[CY{year}H1]"));
            Assert.Equal(h1 + V(data, $"revenue[CY{year}Q3]") + V(data, $"revenue[CY{year}Q4]"), V(data, $"revenue[CY{year}]"));
            Assert.Equal(V(data, $"cash[CY{year}Q4]"), V(data, $"cash[CY{year}]"));
            Assert.Equal(V(data, $"cash[CY{year}Q2]"), V(data, $"cash[CY{year}H1]"));
        }
    }

    [Theory]
    [InlineData(12, "2023Q2")] // December: the calendar quarter is the fiscal one
    [InlineData(1, "FY2024Q2")] // NVIDIA, Snowflake: May–July 2023
    [InlineData(9, "FY2023Q3")] // Apple: April–June 2023
    [InlineData(6, "FY2023Q4")] // Microsoft: April–June 2023
    [InlineData(3, "FY2024Q1")] // April–June 2023
    [InlineData(2, "FY2024Q1")] // March–May 2023 (April and May are in Q2)
    [InlineData(11, "FY2023Q2")] // March–May 2023
    public void Known_companies_calendar_quarters(int yearEndMonth, string fiscal)
    {
        var data = Quarterly(yearEndMonth);
        var f = P(fiscal);
        Assert.Equal(f.Year * 10 + f.Index, V(data, "revenue[CY2023Q2]"));
        var cal = new FiscalCalendar(yearEndMonth);
        Assert.Equal(fiscal, cal.Format(f));
    }

    [Fact]
    public void A_per_share_figure_is_not_built_from_quarters_but_an_aligned_fiscal_year_stands_in()
    {
        // September year: CY2023 is made of FY2023Q2..FY2024Q1, no fiscal year.
        var sept = Eval(Quarterly(9), "eps[CY2023]");
        Assert.Equal(NaKind.NotMeaningful, sept.NaKind);
        Assert.Contains("not built from quarters", sept.Reason);
        // January year: CY2023 is FY2024 (its four quarters are FY2024's), so the fiscal year's own figure stands in.
        var jan = Quarterly(1, q => q.Year * 10 + q.Index);
        var withYear = new DatasetBuilder().AddEntity("N", fiscalYearEndMonth: 1)
            .AddSeries("N", "eps", "USD/share", Aggregation.None, [KeyValuePair.Create(P("2024"), 2.5), KeyValuePair.Create(P("2024Q2"), 0.6)])
            .Build();
        Assert.Equal(2.5, V(withYear, "eps[CY2023]"));
        Assert.Equal(0.6, V(withYear, "eps[CY2023Q2]"));
        Assert.Equal(NaKind.Missing, Eval(jan, "eps[CY2018]").NaKind);
    }

    [Fact]
    public void Calendar_functions_move_in_calendar_periods()
    {
        var data = Quarterly(1); // FY = February..January; CY quarter q = fiscal quarter q + 4
        Assert.Equal(P("CY2022Q2"), Eval(data, "CY2023Q2 - 4").Period);
        Assert.Equal(V(data, "revenue[FY2024Q2]") / V(data, "revenue[FY2023Q2]") - 1, V(data, "yoy(revenue, CY2023Q2)"), 12);
        Assert.Equal(V(data, "revenue[FY2024Q2]") / V(data, "revenue[FY2024Q1]") - 1, V(data, "qoq(revenue, CY2023Q2)"), 12);
        Assert.Equal(V(data, "sum(revenue, FY2023Q3..FY2024Q2)"), V(data, "ttm(revenue, CY2023Q2)"));
        Assert.Equal(V(data, "sum(revenue, FY2024Q1..FY2024Q2)"), V(data, "ytd(revenue, CY2023Q2)"));
        Assert.Equal(V(data, "sum(revenue, FY2023Q1..FY2024Q2)"), V(data, "sum(revenue, CY2022..CY2023Q2)"));
        Assert.Equal(V(data, "revenue[FY2024Q1]"), V(data, "lag(revenue, 1)[CY2023Q2]"));
        Assert.Equal(V(data, "sum(revenue, FY2023Q4..FY2024Q3)"), V(data, "lag(revenue, 1)[CY2023]"));
        Assert.Equal(V(data, "revenue[FY2024Q2] - revenue[FY2023Q2]"), V(data, "change(revenue, CY2022Q2, CY2023Q2)"));
        Assert.Equal(1, V(data, "count(revenue, CY2023)")); // at the range's frequency: one year
        Assert.Equal(4, V(data, "count(revenue, CY2023Q1..CY2023Q4)"));
        Assert.Equal((V(data, "revenue[CY2023Q1]") + V(data, "revenue[CY2023Q2]")) / 2, V(data, "avg(revenue, CY2023Q1..CY2023Q2)"));
        var slice = Eval(data, "revenue[CY2023Q1..CY2023Q4]");
        Assert.Equal(["CY2023Q1", "CY2023Q2", "CY2023Q3", "CY2023Q4"], slice.Series.Select(p => slice.Calendar.Format(p.Key)));
    }

    [Fact]
    public void Calendar_of_a_series_combines_entities_whose_fiscal_years_differ()
    {
        var data = new DatasetBuilder()
            .AddEntity("NV", fiscalYearEndMonth: 1).AddEntity("AP", fiscalYearEndMonth: 9).AddEntity("GO")
            .AddSeries("NV", "revenue", "USD", Aggregation.Sum, Enumerable.Range(0, 12).Select(i => KeyValuePair.Create(P("2022Q1") + i, 100.0 + i)))
            .AddSeries("AP", "revenue", "USD", Aggregation.Sum, Enumerable.Range(0, 12).Select(i => KeyValuePair.Create(P("2022Q1") + i, 1000.0 + i)))
            .AddSeries("GO", "revenue", "USD", Aggregation.Sum, Enumerable.Range(0, 12).Select(i => KeyValuePair.Create(P("2022Q1") + i, 10000.0 + i)))
            .Build();
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse("NV.revenue + AP.revenue").Bind(data));
        Assert.Contains("calendar(x)", ex.Message);
        var sum = Eval(data, "calendar(NV.revenue) + calendar(AP.revenue)");
        Assert.Equal(ResultKind.Series, sum.Kind);
        foreach (var (p, v) in sum.Series)
        {
            Assert.True(p.IsCalendar);
            Assert.Equal(V(data, $"NV.revenue[{p}]") + V(data, $"AP.revenue[{p}]"), v);
        }
        // A December year's fiscal periods are calendar ones: it combines with calendar(x) as it is.
        var withDecember = Eval(data, "calendar(NV.revenue) - GO.revenue");
        Assert.All(withDecember.Series, p => Assert.Equal(V(data, $"NV.revenue[{p.Key}]") - V(data, $"GO.revenue[{p.Key.AsFiscal()}]"), p.Value));
        Assert.Equal(V(data, "NV.revenue[CY2023Q2]"), V(data, "calendar(NV.revenue)[2023Q2]"));
        Assert.Equal(V(data, "sum(NV.revenue, CY2022Q4..CY2023Q3)"), V(data, "ttm(calendar(NV.revenue), CY2023Q3)"));
    }

    [Fact]
    public void Bad_calendar_periods_are_positioned_errors()
    {
        var data = Quarterly(1);
        var mixed = Assert.Throws<FinQueryException>(() => Query.Parse("sum(revenue, CY2022..2023Q2)"));
        Assert.Contains("mixes a calendar and a fiscal period", mixed.Message);
        Assert.Equal(13, mixed.Start);
        Assert.Contains("CY2023", Assert.Throws<FinQueryException>(() => Query.Parse("revenue[CY23]")).Message);
        Assert.Contains("not a period", Assert.Throws<FinQueryException>(() => Query.Parse("revenue[CY2023Q5]")).Message);
        Assert.Contains("not a period", Assert.Throws<FinQueryException>(() => Query.Parse("revenue[CY2023-07]")).Message);
        Assert.Equal(NaKind.NotMeaningful, Eval(data, "CY2023Q2 < 2023Q3").NaKind);
        Assert.False(Period.TryParse("CY2023-07", out _));
        Assert.Throws<ArgumentException>(() => P("CY2023Q2").CompareTo(P("2023Q2")));
        Assert.NotEqual(P("CY2023Q2"), P("2023Q2"));
    }

    [Fact]
    public void Data_files_refuse_calendar_periods()
    {
        Assert.Throws<ArgumentException>(() => new DatasetBuilder().AddEntity("A")
            .AddSeries("A", "revenue", "USD", Aggregation.Sum, [KeyValuePair.Create(P("CY2023Q2"), 1.0)]).Build());
        var csv = Path.Combine(Path.GetTempPath(), $"finq-cy-{Guid.NewGuid():N}.csv");
        File.WriteAllText(csv, "entity,metric,period,value\nA,revenue,CY2023Q2,1\n");
        try
        {
            var ex = Assert.Throws<DataFileException>(() => Dataset.Load(csv));
            Assert.Contains("line 2", ex.Message);
            Assert.Contains("calendar period", ex.Message);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public void Fiscal_periods_of_a_non_December_year_are_written_with_FY_everywhere()
    {
        var data = Quarterly(6);
        var series = Query.Parse("revenue[2023..2023]").Bind(data).Explain();
        Assert.StartsWith("FY2023: ", series.Display);
        Assert.All(series.Provenance!.Entries, e => Assert.StartsWith("FY", e.PeriodText));
        Assert.Contains("ACME.revenue FY2023 = ", series.Provenance.ToString());
        Assert.Contains("FY2023 = FY2023Q1 + FY2023Q2 + FY2023Q3 + FY2023Q4", series.Provenance.ToString());
        Assert.Equal("n/a: no revenue for FY2030Q1", Eval(data, "revenue[2030Q1]").Display);
        Assert.Equal("FY2019Q1", Eval(data, "first(revenue > 0)").Display);
        Assert.Equal("CY2023Q2", Eval(data, "CY2023Q2").Display);
        // A December year is written as before.
        Assert.Equal("n/a: no revenue for 2030Q1", Eval(Quarterly(12), "revenue[2030Q1]").Display);
        Assert.Equal("2019Q1", Eval(Quarterly(12), "first(revenue > 0)").Display);
    }

    [Fact]
    public void Snowflake_calendar_2023_is_its_fiscal_2024_as_the_press_release_reports_it()
    {
        var d = SecTestData.Data;
        // Snowflake's fiscal 2024 ran February 2023 – January 2024: product of the 10-K, $2.806B revenue.
        Assert.Equal(2_806_489_000, SecTestData.Value(d, "SNOW.revenue[CY2023]"));
        Assert.Equal(SecTestData.Value(d, "SNOW.revenue[FY2024Q2]"), SecTestData.Value(d, "SNOW.revenue[CY2023Q2]"));
        Assert.Equal(674_018_000, SecTestData.Value(d, "SNOW.revenue[CY2023Q2]"));
        // Tesla's year ends in December: calendar and fiscal periods are one (2022Q3 revenue $21.454B).
        Assert.Equal(SecTestData.Value(d, "TSLA.revenue[2022Q3]"), SecTestData.Value(d, "TSLA.revenue[CY2022Q3]"));
        Assert.Equal(21_454_000_000, SecTestData.Value(d, "TSLA.revenue[CY2022Q3]"));
        // Two fiscal calendars, one calendar quarter.
        var both = Query.Parse("calendar(TSLA.revenue)[CY2022Q3] + calendar(SNOW.revenue)[CY2022Q3]").Bind(d).Evaluate();
        Assert.Equal(SecTestData.Value(d, "TSLA.revenue[2022Q3]") + SecTestData.Value(d, "SNOW.revenue[FY2023Q3]"), both.Number);
        var eps = Query.Parse("SNOW.eps_diluted[FY2024Q4]").Bind(d).Evaluate();
        Assert.True(eps.IsNa);
        Assert.Contains("not derived", eps.Reason);
    }
}

/// <summary>The laws calendar periods obey, over random quarterly data and every year-end month.</summary>
[Properties(MaxTest = 60)]
public class CalendarPeriodProperties
{
    public static Arbitrary<CalendarCase> Cases() =>
        (from month in Gen.Choose(1, 12)
         from year in Gen.Choose(2020, 2025)
         from quarter in Gen.Choose(1, 4)
         from values in Gen.Choose(-1000, 1000).ArrayOf(40)
         from frequency in Gen.Elements(Frequency.Quarter, Frequency.Half, Frequency.Year)
         select new CalendarCase(month, year, quarter, values, frequency)).ToArbitrary();

    public sealed record CalendarCase(int YearEndMonth, int Year, int Quarter, int[] Values, Frequency Frequency)
    {
        public Dataset Data() => CalendarPeriodTests.Quarterly(YearEndMonth, q => Values[(q - Period.OfQuarter(2019, 1)) % Values.Length]);

        public Period Calendar => Frequency switch
        {
            Frequency.Quarter => Period.OfQuarter(Year, Quarter).AsCalendar(),
            Frequency.Half => Period.OfHalf(Year, (Quarter + 1) / 2).AsCalendar(),
            _ => Period.OfYear(Year).AsCalendar(),
        };

        public override string ToString() => $"year end {YearEndMonth}, {Calendar}, values {string.Join(",", Values.Take(8))}…";
    }

    private static QueryResult Eval(Dataset d, string q) => Query.Parse(q).Bind(d).Evaluate();

    private static void SameResult(QueryResult a, QueryResult b)
    {
        Assert.Equal(a.NaKind, b.NaKind);
        if (!a.IsNa) Assert.Equal(a.Number, b.Number, 9);
    }

    [Property(Arbitrary = [typeof(CalendarPeriodProperties)])]
    public void A_December_entitys_calendar_values_equal_its_fiscal_ones(CalendarCase c)
    {
        var d = (c with { YearEndMonth = 12 }).Data();
        var cy = c.Calendar;
        var fy = cy.AsFiscal();
        foreach (var f in new[] { "revenue[{0}]", "cash[{0}]", "eps[{0}]", "yoy(revenue, {0})", "ttm(revenue, {0})", "ytd(revenue, {0})", "sum(revenue, {0})" })
            SameResult(Eval(d, string.Format(System.Globalization.CultureInfo.InvariantCulture, f, fy)), Eval(d, string.Format(System.Globalization.CultureInfo.InvariantCulture, f, cy)));
    }

    [Property(Arbitrary = [typeof(CalendarPeriodProperties)])]
    public void Calendar_of_x_at_a_calendar_period_equals_x_there(CalendarCase c)
    {
        var d = c.Data();
        foreach (var x in new[] { "revenue", "cash", "eps", "revenue - cash", "-revenue" })
            SameResult(Eval(d, $"({x})[{c.Calendar}]"), Eval(d, $"calendar({x})[{c.Calendar}]"));
        SameResult(Eval(d, $"ttm(revenue, {c.Calendar})"), Eval(d, $"ttm(calendar(revenue), {c.Calendar})"));
    }

    [Property(Arbitrary = [typeof(CalendarPeriodProperties)])]
    public void A_calendar_year_of_a_sum_metric_is_the_sum_of_its_four_calendar_quarters(CalendarCase c)
    {
        var d = c.Data();
        double quarters = Enumerable.Range(1, 4).Sum(q => Eval(d, $"revenue[CY{c.Year}Q{q}]").Number);
        Assert.Equal(quarters, Eval(d, $"revenue[CY{c.Year}]").Number, 9);
        Assert.Equal(quarters, Eval(d, $"sum(revenue, CY{c.Year})").Number, 9);
        Assert.Equal(quarters, Eval(d, $"ttm(revenue, CY{c.Year}Q4)").Number, 9);
        Assert.Equal(quarters, Eval(d, $"ytd(revenue, CY{c.Year}Q4)").Number, 9);
        Assert.Equal(quarters, Eval(d, $"sum(calendar(revenue), {c.Year})").Number, 9);
        Assert.Equal(-quarters, Eval(d, $"sum(-revenue, CY{c.Year})").Number, 9);
    }

    [Property(Arbitrary = [typeof(CalendarPeriodProperties)])]
    public void Calendar_period_text_round_trips_and_steps_in_calendar_periods(CalendarCase c)
    {
        var p = c.Calendar;
        Assert.Equal(p, Period.Parse(p.ToString()));
        Assert.Equal(p, Period.Parse(p.ToString().ToLowerInvariant()));
        Assert.StartsWith("CY", p.ToString());
        Assert.True((p + 5).IsCalendar);
        Assert.Equal(5, (p + 5) - p);
        Assert.True(p.TryYearEarlier(out var e) && e.IsCalendar && e.Year == p.Year - 1);
        Assert.Equal(p.ToString(), new FiscalCalendar(c.YearEndMonth).Format(p));
    }
}
