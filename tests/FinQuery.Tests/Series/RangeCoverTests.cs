namespace FinQuery.Tests.Series;

public class RangeCoverTests
{
    private static MetricSeries YearsThenQuarters() => SeriesOf(Aggregation.Sum,
        ("2021", 100), ("2022", 110), ("2023Q1", 30), ("2023Q2", 31));

    [Fact]
    public void Covers_years_then_quarters_without_overlap()
    {
        var r = Cover(YearsThenQuarters(), "2021..2023Q2");
        Assert.True(r.Covered);
        Assert.Equal(271, r.Sum);
        Assert.Equal("2021 2022 2023Q1 2023Q2", r.UsedText);
    }

    [Fact]
    public void A_single_period_covers_itself()
    {
        var r = Cover(YearsThenQuarters(), "2022");
        Assert.True(r.Covered);
        Assert.Equal(110, r.Sum);
    }

    [Fact]
    public void A_gap_names_the_first_uncovered_period_at_the_ranges_frequency()
    {
        var s = SeriesOf(Aggregation.Sum, ("2021", 100), ("2022Q1", 1), ("2022Q2", 2), ("2022Q4", 4), ("2023", 120));
        var quarters = Cover(s, "2021..2023Q4");
        Assert.False(quarters.Covered);
        Assert.Equal(P("2022Q3"), quarters.Gap);
        var months = Cover(s, "2021-01..2023-12");
        Assert.False(months.Covered);
        Assert.Equal(P("2022-07"), months.Gap);
        var years = Cover(s, "2021..2023");
        Assert.Equal(P("2022"), years.Gap);
    }

    [Fact]
    public void A_range_beyond_the_data_has_a_gap_at_its_start()
    {
        var r = Cover(YearsThenQuarters(), "2019..2021");
        Assert.False(r.Covered);
        Assert.Equal(P("2019"), r.Gap);
    }

    [Fact]
    public void A_range_ending_before_it_starts_is_empty()
    {
        var r = Cover(YearsThenQuarters(), "2023..2022");
        Assert.True(r.Empty);
        var s = YearsThenQuarters();
        Assert.False(s.TryResolve(new PeriodRange(P("2023Q2"), P("2023Q1")), out _, out _));
    }

    [Fact]
    public void Open_ends_run_to_the_edges_of_the_data()
    {
        var s = YearsThenQuarters();
        Assert.True(s.TryResolve(new PeriodRange(null, null), out int start, out int end));
        Assert.Equal(new DateOnly(2021, 1, 1).DayNumber, start);
        Assert.Equal(new DateOnly(2023, 6, 30).DayNumber, end);
        Assert.Equal(271, Cover(s, "..2023Q2").Sum);
        Assert.Equal(171, Cover(s, "2022Q1..").Sum);
    }

    [Fact]
    public void An_empty_series_resolves_no_open_range()
    {
        var s = SeriesOf(Aggregation.Sum);
        Assert.False(s.TryResolve(new PeriodRange(null, null), out _, out _));
        Assert.False(s.TryResolve(new PeriodRange(P("2022"), null), out _, out _));
    }

    [Fact]
    public void Reported_values_are_preferred_and_derived_ones_fill_in()
    {
        var s = SeriesOf(Aggregation.Sum, ("2022", 100), ("2022Q1", 20), ("2022Q2", 25), ("2022Q3", 30));
        var r = Cover(s, "2022Q3..2022Q4");
        Assert.True(r.Covered);
        Assert.Equal(55, r.Sum);
        Assert.Equal("2022Q3 2022Q4", r.UsedText);
        Assert.Equal("2022", Cover(s, "2022").UsedText);
    }

    [Fact]
    public void Reported_quarters_are_used_rather_than_a_derived_year()
    {
        var s = SeriesOf(Aggregation.Sum, ("2022Q1", 1), ("2022Q2", 2), ("2022Q3", 3), ("2022Q4", 4));
        var r = Cover(s, "2022");
        Assert.Equal(10, r.Sum);
        Assert.Equal("2022Q1 2022Q2 2022Q3 2022Q4", r.UsedText);
    }

    [Fact]
    public void Daily_data_covers_a_range_of_days()
    {
        var s = SeriesOf(Aggregation.None, ("2023-07-06", 30), ("2023-07-07", 70));
        var r = Cover(s, "2023-07-06..2023-07-07");
        Assert.True(r.Covered);
        Assert.Equal(100, r.Sum);
        Assert.Equal(P("2023-07-08"), Cover(s, "2023-07-06..2023-07-08").Gap);
    }

    [Fact]
    public void A_June_fiscal_year_is_covered_by_its_calendar_months()
    {
        var months = Enumerable.Range(0, 12).Select(i => KeyValuePair.Create(P("2022-07") + i, 1.0));
        var s = SeriesOf(Aggregation.None, 6, months);
        var r = Cover(s, "2023");
        Assert.True(r.Covered);
        Assert.Equal(12, r.Sum);
        Assert.Equal(P("2024"), Cover(s, "2023..2024").Gap);
    }

    [Fact]
    public void PeriodsWithin_lists_the_periods_wholly_inside_the_days()
    {
        var quarters = Enumerable.Range(0, 12).Select(i => KeyValuePair.Create(P("2021Q1") + i, (double)i));
        var s = SeriesOf(Aggregation.None, 12, quarters);
        var t = s.PeriodsWithin(new DateOnly(2022, 2, 15).DayNumber, new DateOnly(2022, 12, 31).DayNumber, Frequency.Quarter, out int first, out int last);
        Assert.NotNull(t);
        Assert.Equal(P("2022Q2"), Period.FromOrdinal(Frequency.Quarter, first));
        Assert.Equal(P("2022Q4"), Period.FromOrdinal(Frequency.Quarter, last));

        s.PeriodsWithin(new DateOnly(2019, 1, 1).DayNumber, new DateOnly(2021, 6, 30).DayNumber, Frequency.Quarter, out first, out last);
        Assert.Equal(P("2021Q1"), Period.FromOrdinal(Frequency.Quarter, first));
        Assert.Equal(P("2021Q2"), Period.FromOrdinal(Frequency.Quarter, last));

        s.PeriodsWithin(new DateOnly(2022, 2, 1).DayNumber, new DateOnly(2022, 3, 30).DayNumber, Frequency.Quarter, out first, out last);
        Assert.True(first > last);

        Assert.Null(s.PeriodsWithin(0, 1000, Frequency.Month, out _, out _));
    }

    [Fact]
    public void PeriodsWithin_at_the_last_representable_year_does_not_throw()
    {
        var s = SeriesOf(Aggregation.None, ("9999", 1), ("9998", 1));
        var t = s.PeriodsWithin(new DateOnly(9999, 3, 1).DayNumber, DateOnly.MaxValue.DayNumber, Frequency.Year, out int first, out int last);
        Assert.NotNull(t);
        Assert.True(first > last);
        s.PeriodsWithin(DateOnly.MinValue.DayNumber, new DateOnly(1, 6, 1).DayNumber, Frequency.Year, out first, out last);
        Assert.True(first > last);
    }
}
