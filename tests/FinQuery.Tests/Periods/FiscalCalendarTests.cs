namespace FinQuery.Tests.Periods;

public class FiscalCalendarTests
{
    private static readonly FiscalCalendar June = new(6);

    private static string Span(FiscalCalendar calendar, string period) =>
        $"{calendar.StartDate(P(period)):yyyy-MM-dd}..{calendar.EndDate(P(period)):yyyy-MM-dd}";

    [Fact]
    public void A_June_fiscal_year_runs_July_to_June_and_is_named_by_its_end()
    {
        Assert.Equal("2022-07-01..2023-06-30", Span(June, "FY2023"));
        Assert.Equal("2022-07-01..2022-12-31", Span(June, "FY2023H1"));
        Assert.Equal("2023-01-01..2023-06-30", Span(June, "FY2023H2"));
        Assert.Equal("2022-07-01..2022-09-30", Span(June, "FY2023Q1"));
        Assert.Equal("2023-04-01..2023-06-30", Span(June, "FY2023Q4"));
    }

    [Fact]
    public void Months_and_days_are_calendar_periods_whatever_the_fiscal_year()
    {
        Assert.Equal("2022-08-01..2022-08-31", Span(June, "2022-08"));
        Assert.Equal("2022-08-15..2022-08-15", Span(June, "2022-08-15"));
        Assert.Equal("2024-02-01..2024-02-29", Span(June, "2024-02"));
    }

    [Fact]
    public void Containing_finds_the_fiscal_period_of_a_month_or_day()
    {
        Assert.Equal(P("2023Q1"), June.Containing(P("2022-08"), Frequency.Quarter));
        Assert.Equal(P("2023H1"), June.Containing(P("2022-08-15"), Frequency.Half));
        Assert.Equal(P("2023"), June.Containing(P("2022-08"), Frequency.Year));
        Assert.Equal(P("2024"), June.Containing(P("2023-07-01"), Frequency.Year));
        Assert.Equal(P("2022-07"), June.Containing(P("2023Q1"), Frequency.Month));
        Assert.Equal(P("2022-07-01"), June.Containing(P("2023"), Frequency.Day));
        Assert.Equal(P("2023Q3"), June.Containing(P("2023Q3"), Frequency.Quarter));
    }

    [Fact]
    public void December_is_the_default_and_equals_the_calendar()
    {
        Assert.Equal(FiscalCalendar.Calendar, default(FiscalCalendar));
        Assert.Equal(new FiscalCalendar(12), FiscalCalendar.Calendar);
        Assert.Equal(12, default(FiscalCalendar).YearEndMonth);
        Assert.Equal("2023-01-01..2023-12-31", Span(default, "2023"));
        Assert.Equal("2023-04-01..2023-06-30", Span(default, "2023Q2"));
        Assert.Equal("2023-07-01..2023-12-31", Span(default, "2023H2"));
        Assert.Equal(P("2023Q3"), default(FiscalCalendar).Containing(P("2023-08"), Frequency.Quarter));
        Assert.NotEqual(June, FiscalCalendar.Calendar);
    }

    [Fact]
    public void Other_year_ends_shift_quarters_off_calendar_quarters()
    {
        var february = new FiscalCalendar(2);
        Assert.Equal("2022-03-01..2023-02-28", Span(february, "2023"));
        Assert.Equal("2022-03-01..2022-05-31", Span(february, "2023Q1"));
        Assert.Equal("2022-12-01..2023-02-28", Span(february, "2023Q4"));
        var january = new FiscalCalendar(1);
        Assert.Equal("2023-02-01..2024-01-31", Span(january, "2024"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    [InlineData(-1)]
    public void A_year_end_month_outside_1_to_12_is_rejected(int month)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FiscalCalendar(month));
    }

    [Fact]
    public void Contains_compares_day_spans()
    {
        Assert.True(June.Contains(P("2023"), P("2022-07")));
        Assert.True(June.Contains(P("2023"), P("2023Q4")));
        Assert.False(June.Contains(P("2023"), P("2023-07")));
        Assert.False(June.Contains(P("2023Q1"), P("2023")));
        Assert.True(June.Contains(P("2023-06"), P("2023-06-30")));
    }

    [Fact]
    public void Days_months_and_years_between_count_whole_periods()
    {
        var calendar = FiscalCalendar.Calendar;
        Assert.Equal(5, calendar.DaysBetween(P("2023-07-05"), P("2023-07-10")));
        Assert.Equal(62, calendar.MonthsBetween(P("2006-07"), P("2011-09")));
        Assert.Equal(5, calendar.YearsBetween(P("2006-07"), P("2011-09")));
        Assert.Equal(-62, calendar.MonthsBetween(P("2011-09"), P("2006-07")));
        Assert.Equal(-5, calendar.YearsBetween(P("2011-09"), P("2006-07")));
        Assert.Equal(0, calendar.MonthsBetween(P("2023-01-31"), P("2023-02-28")));
        Assert.Equal(1, calendar.MonthsBetween(P("2023-01-31"), P("2023-03-01")));
        Assert.Equal(365, calendar.DaysBetween(P("2022"), P("2023")));
        Assert.Equal(3, calendar.MonthsBetween(P("2023Q1"), P("2023Q2")));
    }

    [Fact]
    public void Between_uses_each_periods_start_under_the_fiscal_calendar()
    {
        Assert.Equal(6, June.MonthsBetween(P("2023"), P("2023-01")));
        Assert.Equal(0, June.DaysBetween(P("2023Q1"), P("2022-07-01")));
    }

    [Fact]
    public void Describes_itself()
    {
        Assert.Equal("fiscal year ending in month 6", June.ToString());
        Assert.Equal(6, June.YearEndMonth);
    }
}
