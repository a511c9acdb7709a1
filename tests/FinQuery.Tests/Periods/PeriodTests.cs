namespace FinQuery.Tests.Periods;

public class PeriodTests
{
    [Theory]
    [InlineData("2023", "2023", Frequency.Year, 2023, 1)]
    [InlineData("FY2023", "2023", Frequency.Year, 2023, 1)]
    [InlineData("fy2023", "2023", Frequency.Year, 2023, 1)]
    [InlineData("2023H1", "2023H1", Frequency.Half, 2023, 1)]
    [InlineData("2023h2", "2023H2", Frequency.Half, 2023, 2)]
    [InlineData("2023Q2", "2023Q2", Frequency.Quarter, 2023, 2)]
    [InlineData("FY2023Q1", "2023Q1", Frequency.Quarter, 2023, 1)]
    [InlineData("FY2023H2", "2023H2", Frequency.Half, 2023, 2)]
    [InlineData("2023-07", "2023-07", Frequency.Month, 2023, 7)]
    [InlineData("2023-07-05", "2023-07-05", Frequency.Day, 2023, 5)]
    [InlineData("2024-02-29", "2024-02-29", Frequency.Day, 2024, 29)]
    [InlineData("0001", "0001", Frequency.Year, 1, 1)]
    [InlineData("9999-12-31", "9999-12-31", Frequency.Day, 9999, 31)]
    public void Every_literal_form_parses_and_formats(string text, string canonical, Frequency frequency, int year, int index)
    {
        var p = Period.Parse(text);
        Assert.Equal(frequency, p.Frequency);
        Assert.Equal(year, p.Year);
        Assert.Equal(index, p.Index);
        Assert.Equal(canonical, p.ToString());
        Assert.Equal(p, Period.Parse(canonical));
    }

    [Theory]
    [InlineData("2023Q5")]
    [InlineData("2023Q0")]
    [InlineData("2023H3")]
    [InlineData("2023-13")]
    [InlineData("2023-00")]
    [InlineData("2023-02-30")]
    [InlineData("2023-02-29")]
    [InlineData("0000")]
    [InlineData("12345")]
    [InlineData("")]
    [InlineData("FY")]
    [InlineData("23")]
    [InlineData("2023-7")]
    [InlineData("2023-07-5")]
    [InlineData("FY2023-07")]
    [InlineData(" 2023")]
    [InlineData("2023 ")]
    [InlineData("2023Q")]
    [InlineData("2023M07")]
    public void Bad_literals_do_not_parse(string text)
    {
        Assert.False(Period.TryParse(text, out _));
        var ex = Assert.Throws<FormatException>(() => Period.Parse(text));
        Assert.Equal($"'{text}' is not a period: expected 2023, FY2023, 2023H1, 2023Q2, CY2023Q2, 2023-07 or 2023-07-05.", ex.Message);
    }

    [Fact]
    public void Arithmetic_steps_in_the_periods_own_frequency()
    {
        Assert.Equal(P("2022Q2"), P("2023Q2") - 4);
        Assert.Equal(P("2023-08-04"), P("2023-07-05") + 30);
        Assert.Equal(P("2024-01"), P("2023-12") + 1);
        Assert.Equal(P("2024H1"), P("2023H2").Plus(1));
        Assert.Equal(P("2020"), P("2023").Minus(3));
        Assert.Equal(4, P("2023Q2") - P("2022Q2"));
        Assert.Equal(-30, P("2023-07-05") - P("2023-08-04"));
    }

    [Fact]
    public void Comparing_a_quarter_with_a_month_throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => P("2023Q2").CompareTo(P("2023-07")));
        Assert.Equal("Cannot compare quarter 2023Q2 with month 2023-07.", ex.Message);
        Assert.Throws<ArgumentException>(() => P("2023Q2") < P("2023-07"));
        Assert.Throws<ArgumentException>(() => P("2023Q2") - P("2023"));
    }

    [Fact]
    public void Periods_of_different_frequencies_are_unequal_without_throwing()
    {
        Assert.NotEqual(P("2023"), P("2023Q1"));
        Assert.False(P("2023") == P("2023-01"));
        Assert.True(P("2023") == P("FY2023"));
        Assert.Equal(P("2023").GetHashCode(), P("FY2023").GetHashCode());
    }

    [Fact]
    public void Stepping_outside_years_1_to_9999_fails()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => P("9999Q4") + 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => P("0001") - 1);
        Assert.False(P("9999-12-31").TryPlus(1, out _));
        Assert.True(P("9999-12-30").TryPlus(1, out var last));
        Assert.Equal(P("9999-12-31"), last);
    }

    [Fact]
    public void Stepping_by_a_huge_count_fails_with_ArgumentOutOfRangeException_not_overflow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => P("2023-07-05").Plus(int.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => P("2023-07-05").Minus(int.MinValue));
        Assert.False(P("2023").TryPlus(long.MaxValue, out _));
    }

    [Fact]
    public void A_year_earlier_keeps_the_index_and_clamps_29_February()
    {
        Assert.True(P("2023Q2").TryYearEarlier(out var q));
        Assert.Equal(P("2022Q2"), q);
        Assert.True(P("2023-07").TryYearEarlier(out var m));
        Assert.Equal(P("2022-07"), m);
        Assert.True(P("2024-02-29").TryYearEarlier(out var d));
        Assert.Equal(P("2023-02-28"), d);
        Assert.False(P("0001Q3").TryYearEarlier(out _));
        Assert.False(P("0001-05-05").TryYearEarlier(out _));
    }

    [Fact]
    public void Factories_validate_their_parts()
    {
        Assert.Equal(P("2023Q2"), Period.OfQuarter(2023, 2));
        Assert.Equal(P("2023H2"), Period.OfHalf(2023, 2));
        Assert.Equal(P("2023-07"), Period.OfMonth(2023, 7));
        Assert.Equal(P("2023-07-05"), Period.OfDay(2023, 7, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.OfQuarter(2023, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.OfHalf(2023, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.OfMonth(2023, 13));
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.OfYear(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.OfYear(10000));
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.FromOrdinal(Frequency.Quarter, 3));
    }

    [Fact]
    public void Ordinals_follow_the_documented_layout()
    {
        Assert.Equal(2023 * 4 + 1, P("2023Q2").Ordinal);
        Assert.Equal(2023 * 2, P("2023H1").Ordinal);
        Assert.Equal(2023 * 12 + 6, P("2023-07").Ordinal);
        Assert.Equal(new DateOnly(2023, 7, 5).DayNumber, P("2023-07-05").Ordinal);
        Assert.Equal(P("2023Q2"), Period.FromOrdinal(Frequency.Quarter, P("2023Q2").Ordinal));
    }

    [Fact]
    public void Sorting_quarters_orders_by_time()
    {
        var list = new List<Period> { P("2023Q1"), P("2021Q4"), P("2022Q3"), P("2022Q1") };
        list.Sort();
        Assert.Equal("2021Q4 2022Q1 2022Q3 2023Q1", string.Join(" ", list));
    }

    [Fact]
    public void Formatting_ignores_the_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("ar-SA");
            Assert.Equal("2023-07-05", P("2023-07-05").ToString());
            Assert.Equal("2023Q2", $"{P("2023Q2")}");
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }
}
