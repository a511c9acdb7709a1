using FinQuery.Data.Sec;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FinQuery.Tests.Data.Sec;

/// <summary>
/// A 52/53-week fiscal calendar: each fiscal year ends on the last <see cref="Weekday"/> of <see cref="EndMonth"/>,
/// or (when <see cref="Nearest"/>) on that weekday nearest the month's last day, as retailers and chip makers do.
/// Quarters are 13 weeks, the fourth 14 in a 53-week year.
/// </summary>
public sealed record WeekCalendar(int EndMonth, DayOfWeek Weekday, bool Nearest, int Year)
{
    /// <summary>The last day of fiscal year <paramref name="year"/>, which lies near the end of <see cref="EndMonth"/> of calendar year <paramref name="year"/>.</summary>
    public DateOnly YearEnd(int year)
    {
        var monthEnd = new DateOnly(year, EndMonth, DateTime.DaysInMonth(year, EndMonth));
        int back = ((int)monthEnd.DayOfWeek - (int)Weekday + 7) % 7; // days back to the last such weekday
        if (!Nearest || back <= 3) return monthEnd.AddDays(-back);
        return monthEnd.AddDays(7 - back);
    }

    public DateOnly YearStart(int year) => YearEnd(year - 1).AddDays(1);

    /// <summary>The fiscal year's periods with their dates: four quarters, two halves, nine months (as Q3), the year.</summary>
    internal IEnumerable<(DateOnly Start, DateOnly End, FactSpan Span, Period Expected)> Periods(int year)
    {
        var s = YearStart(year);
        var e = YearEnd(year);
        DateOnly QEnd(int q) => q == 4 ? e : s.AddDays(91 * q - 1);
        for (int q = 1; q <= 4; q++)
            yield return (q == 1 ? s : QEnd(q - 1).AddDays(1), QEnd(q), FactSpan.Quarter, Period.OfQuarter(year, q));
        yield return (s, QEnd(2), FactSpan.Half, Period.OfHalf(year, 1));
        yield return (QEnd(2).AddDays(1), e, FactSpan.Half, Period.OfHalf(year, 2));
        yield return (s, QEnd(3), FactSpan.NineMonths, Period.OfQuarter(year, 3));
        yield return (s, e, FactSpan.Year, Period.OfYear(year));
    }

    public override string ToString() => $"years ending on the {(Nearest ? "nearest" : "last")} {Weekday} of month {EndMonth}, FY{Year}";
}

/// <summary>Four quarters of a flow reported the way 10-Qs and a 10-K report them: Q1, H1, nine months, year.</summary>
public sealed record YtdYear(WeekCalendar Calendar, long[] Quarters, bool QuarterlyToo)
{
    public override string ToString() => $"{Calendar}: [{string.Join(", ", Quarters)}], three-month facts too: {QuarterlyToo}";
}

public static class SecGenerators
{
    public static Arbitrary<WeekCalendar> WeekCalendar() => Gen.Choose(1, 12)
        .SelectMany(m => Gen.Choose(0, 6), (m, w) => (m, w))
        .SelectMany(_ => ArbMap.Default.GeneratorFor<bool>(), (x, nearest) => (x.m, x.w, nearest))
        .SelectMany(_ => Gen.Choose(1995, 2035), (x, y) => new WeekCalendar(x.m, (DayOfWeek)x.w, x.nearest, y))
        .ToArbitrary();

    public static Arbitrary<YtdYear> YtdYear() => WeekCalendar().Generator
        .SelectMany(_ => Gen.ArrayOf(Gen.Choose(-1_000_000, 5_000_000).Select(v => (long)v * 1000), 4), (c, q) => (c, q))
        .SelectMany(_ => ArbMap.Default.GeneratorFor<bool>(), (x, both) => new YtdYear(x.c, x.q, both))
        .ToArbitrary();
}

[Properties(Arbitrary = [typeof(SecGenerators)], MaxTest = 300)]
public class SecPeriodProperties
{
    [Property]
    public void Every_quarter_half_nine_months_and_year_maps_to_the_fiscal_period_of_its_nearest_month_end(WeekCalendar c)
    {
        var calendar = new FiscalCalendar(c.EndMonth);
        foreach (var (start, end, span, expected) in c.Periods(c.Year))
        {
            var (mapped, period) = SecPeriods.Map(start.DayNumber, end.DayNumber, calendar);
            Assert.True((span, expected) == (mapped, period), $"{start}..{end} ({end.DayNumber - start.DayNumber + 1} days): expected {span} {expected}, got {mapped} {period}");
            // The period's last month is the month of the nearest month end.
            Assert.Equal(SecPeriods.NearestMonthEnd(end), calendar.EndMonth(period));
        }
    }

    [Property]
    public bool Instants_map_to_the_month_of_the_nearest_month_end(WeekCalendar c)
    {
        var end = c.YearEnd(c.Year);
        var (span, period) = SecPeriods.Map(-1, end.DayNumber, new FiscalCalendar(c.EndMonth));
        return span == FactSpan.Instant && period == Period.OfMonth(c.Year, c.EndMonth);
    }

    [Property]
    public bool The_year_end_month_is_detected_from_10_K_year_facts(WeekCalendar c)
    {
        var json = new CompanyJson(1);
        for (int y = c.Year - 2; y <= c.Year; y++)
        {
            json.Add("Revenues", "USD", c.YearStart(y), c.YearEnd(y), 1, "10-K");
            // A 10-Q's quarter is not an annual report and must not sway the month.
            json.Add("Revenues", "USD", c.YearStart(y), c.YearStart(y).AddDays(90), 1, "10-Q");
        }
        return json.Load().Entities[0].Calendar.YearEndMonth == c.EndMonth;
    }

    [Property(MaxTest = 60)]
    public void Year_to_date_facts_de_cumulate_into_quarters_and_per_share_figures_never_do(YtdYear y)
    {
        var c = y.Calendar;
        var p = c.Periods(c.Year).ToList();
        var (q1, h1, nine, year) = (p[0], p[4], p[6], p[7]);
        long[] q = y.Quarters;
        var json = new CompanyJson(1)
            .Add("Revenues", "USD", q1.Start, q1.End, q[0])
            .Add("Revenues", "USD", h1.Start, h1.End, q[0] + q[1])
            .Add("Revenues", "USD", nine.Start, nine.End, q[0] + q[1] + q[2])
            .Add("Revenues", "USD", year.Start, year.End, q.Sum(), "10-K")
            .Add("EarningsPerShareDiluted", "USD/shares", q1.Start, q1.End, 0.5)
            .Add("EarningsPerShareDiluted", "USD/shares", h1.Start, h1.End, 1.1)
            .Add("EarningsPerShareDiluted", "USD/shares", nine.Start, nine.End, 1.6)
            .Add("EarningsPerShareDiluted", "USD/shares", year.Start, year.End, 2.2, "10-K");
        if (y.QuarterlyToo)
            json.Add("Revenues", "USD", p[1].Start, p[1].End, q[1]).Add("Revenues", "USD", p[2].Start, p[2].End, q[2]);
        var d = json.Load();
        var revenue = d.Entities[0].Find("revenue")!;
        var eps = d.Entities[0].Find("eps_diluted")!;
        for (int i = 0; i < 4; i++)
        {
            var period = Period.OfQuarter(c.Year, i + 1);
            Assert.True(revenue.TryGetValue(period, out double v), $"no revenue for {period}");
            Assert.Equal(q[i], v);
            Assert.Equal(i == 0, eps.TryGetValue(period, out _));
            var explained = Query.Parse($"revenue[{period}]").Bind(d).Explain();
            bool reported = i == 0 || (y.QuarterlyToo && i < 3);
            Assert.Equal(reported, explained.Provenance!.Entries[0].IsReported);
        }
        Assert.Equal(2.2, eps.TryGetValue(Period.OfYear(c.Year), out double fy) ? fy : double.NaN);
    }
}
