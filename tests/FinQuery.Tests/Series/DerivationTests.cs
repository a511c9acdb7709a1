namespace FinQuery.Tests.Series;

public class DerivationTests
{
    private static readonly (string, double)[] Quarters2022 =
        [("2022Q1", 1), ("2022Q2", 2), ("2022Q3", 3), ("2022Q4", 4)];

    [Fact]
    public void Quarters_roll_up_to_a_year_under_sum()
    {
        var s = SeriesOf(Aggregation.Sum, Quarters2022);
        Assert.Equal(10, Value(s, "2022"));
        Assert.False(s.IsReported(P("2022")));
        Assert.Equal("2022 = 2022Q1 + 2022Q2 + 2022Q3 + 2022Q4", s.DescribeDerivation(P("2022")));
        Assert.Equal(3, Value(s, "2022H1"));
        Assert.Equal("2022H2 = 2022Q3 + 2022Q4", s.DescribeDerivation(P("2022H2")));
    }

    [Fact]
    public void Quarters_roll_up_to_a_year_under_last()
    {
        var s = SeriesOf(Aggregation.Last, Quarters2022);
        Assert.Equal(4, Value(s, "2022"));
        Assert.Equal("2022 = 2022Q4 (last)", s.DescribeDerivation(P("2022")));
        Assert.Equal(2, Value(s, "2022H1"));
    }

    [Fact]
    public void Under_last_a_year_needs_only_its_last_quarter()
    {
        var s = SeriesOf(Aggregation.Last, ("2022Q4", 200000));
        Assert.Equal(200000, Value(s, "2022"));
        Assert.Equal("2022 = 2022Q4 (last)", s.DescribeDerivation(P("2022")));
        Assert.Equal(200000, Value(s, "2022H2"));
        Assert.False(Has(s, "2022H1"));
    }

    [Fact]
    public void Under_sum_an_incomplete_year_is_not_derived()
    {
        var s = SeriesOf(Aggregation.Sum, ("2022Q1", 1), ("2022Q2", 2), ("2022Q3", 3));
        Assert.False(Has(s, "2022"));
        Assert.Equal(3, Value(s, "2022H1"));
        Assert.False(Has(s, "2022H2"));
    }

    [Fact]
    public void None_derives_nothing()
    {
        var s = SeriesOf(Aggregation.None, [.. Quarters2022, ("2023", 100), ("2023Q1", 20)]);
        Assert.False(Has(s, "2022"));
        Assert.False(Has(s, "2022H1"));
        Assert.False(Has(s, "2023Q2"));
        Assert.Empty(s.ValuesAt(Frequency.Half));
        Assert.Null(s.DescribeDerivation(P("2022")));
    }

    [Fact]
    public void Q4_is_the_year_minus_the_first_three_quarters()
    {
        var s = SeriesOf(Aggregation.Sum, ("2022", 100), ("2022Q1", 20), ("2022Q2", 25), ("2022Q3", 30));
        Assert.Equal(25, Value(s, "2022Q4"));
        Assert.False(s.IsReported(P("2022Q4")));
        Assert.Equal("2022Q4 = 2022 − 2022Q1 − 2022Q2 − 2022Q3", s.DescribeDerivation(P("2022Q4")));
    }

    [Theory]
    [InlineData(1, "2022Q1 = 2022 − 2022Q2 − 2022Q3 − 2022Q4")]
    [InlineData(2, "2022Q2 = 2022 − 2022Q1 − 2022Q3 − 2022Q4")]
    [InlineData(3, "2022Q3 = 2022 − 2022Q1 − 2022Q2 − 2022Q4")]
    [InlineData(4, "2022Q4 = 2022 − 2022Q1 − 2022Q2 − 2022Q3")]
    public void Any_one_missing_quarter_is_derived(int missing, string description)
    {
        var values = new List<(string, double)> { ("2022", 100) };
        for (int q = 1; q <= 4; q++)
            if (q != missing) values.Add(($"2022Q{q}", q * 10));
        var s = SeriesOf(Aggregation.Sum, [.. values]);
        Assert.Equal(100 - (100 - missing * 10), Value(s, $"2022Q{missing}"));
        Assert.Equal(description, s.DescribeDerivation(P($"2022Q{missing}")));
    }

    [Fact]
    public void A_missing_half_is_the_year_minus_the_other_half()
    {
        var s = SeriesOf(Aggregation.Sum, ("2022", 100), ("2022H1", 40));
        Assert.Equal(60, Value(s, "2022H2"));
        Assert.Equal("2022H2 = 2022 − 2022H1", s.DescribeDerivation(P("2022H2")));
    }

    [Fact]
    public void Two_missing_parts_give_nothing()
    {
        var s = SeriesOf(Aggregation.Sum, ("2022", 100), ("2022Q1", 20), ("2022Q2", 25));
        Assert.False(Has(s, "2022Q3"));
        Assert.False(Has(s, "2022Q4"));
        // The halves are a different split of the year: H1 = Q1 + Q2 is complete, so H2 is its one missing part.
        Assert.Equal(45, Value(s, "2022H1"));
        Assert.Equal(55, Value(s, "2022H2"));
        Assert.Equal("2022H2 = 2022 − 2022H1", s.DescribeDerivation(P("2022H2")));
    }

    [Fact]
    public void A_missing_part_is_not_derived_under_last()
    {
        var s = SeriesOf(Aggregation.Last, ("2022", 100), ("2022Q1", 20), ("2022Q2", 25), ("2022Q3", 30));
        Assert.False(Has(s, "2022Q4"));
    }

    [Fact]
    public void Reported_values_win_over_derived_ones()
    {
        var s = SeriesOf(Aggregation.Sum, [.. Quarters2022, ("2022", 11)]);
        Assert.Equal(11, Value(s, "2022"));
        Assert.True(s.IsReported(P("2022")));
        Assert.Null(s.DescribeDerivation(P("2022")));
        Assert.Equal(4, Value(s, "2022Q4"));
        Assert.True(s.IsReported(P("2022Q4")));
    }

    [Fact]
    public void Monthly_data_rolls_up_into_June_fiscal_quarters_and_years()
    {
        var months = Enumerable.Range(0, 12)
            .Select(i => KeyValuePair.Create(P("2022-07") + i, (double)(i + 1)));
        var s = SeriesOf(Aggregation.Sum, 6, months);
        Assert.Equal(6, Value(s, "2023Q1"));
        Assert.Equal("FY2023Q1 = 2022-07 + 2022-08 + 2022-09", s.DescribeDerivation(P("2023Q1")));
        Assert.Equal(10 + 11 + 12, Value(s, "2023Q4"));
        Assert.Equal(21, Value(s, "2023H1"));
        Assert.Equal(78, Value(s, "2023"));
        Assert.False(Has(s, "2022"));
        Assert.False(Has(s, "2024"));
    }

    [Fact]
    public void Monthly_stock_data_rolls_up_to_the_last_month_under_last()
    {
        var months = Enumerable.Range(0, 12)
            .Select(i => KeyValuePair.Create(P("2022-07") + i, (double)(i + 1)));
        var s = SeriesOf(Aggregation.Last, 6, months);
        Assert.Equal(3, Value(s, "2023Q1"));
        Assert.Equal("FY2023Q1 = 2022-09 (last)", s.DescribeDerivation(P("2023Q1")));
        Assert.Equal(12, Value(s, "2023"));
    }

    [Fact]
    public void Daily_data_rolls_up_into_months()
    {
        var days = Enumerable.Range(0, 31).Select(i => KeyValuePair.Create(P("2023-07-01") + i, 1.0));
        var s = SeriesOf(Aggregation.Sum, 12, days);
        Assert.Equal(31, Value(s, "2023-07"));
        Assert.False(Has(s, "2023Q3"));
        Assert.Equal(Frequency.Day, s.FinestReported);
    }

    [Fact]
    public void Reported_observations_are_listed_coarsest_first_then_by_period()
    {
        var s = SeriesOf(Aggregation.Sum, ("2022Q2", 2), ("2021", 9), ("2022Q1", 1), ("2020", 8));
        Assert.Equal("2020 2021 2022Q1 2022Q2", string.Join(" ", s.Reported.Select(o => o.Key)));
        Assert.Equal(Frequency.Quarter, s.FinestReported);
        Assert.Equal("ACME.x", s.ToString());
    }

    [Fact]
    public void ValuesAt_lists_reported_and_derived_values_in_order()
    {
        var s = SeriesOf(Aggregation.Sum, ("2022", 100), ("2022Q1", 20), ("2022Q2", 25), ("2022Q3", 30));
        Assert.Equal("2022Q1=20 2022Q2=25 2022Q3=30 2022Q4=25",
            string.Join(" ", s.ValuesAt(Frequency.Quarter).Select(o => $"{o.Key}={o.Value}")));
    }

    [Fact]
    public void A_period_reported_twice_is_rejected_by_the_builder()
    {
        var ex = Assert.Throws<ArgumentException>(() => SeriesOf(Aggregation.Sum, ("2022", 1), ("FY2022", 2)));
        Assert.Equal("ACME.x: 2022 is reported twice.", ex.Message);
    }

    [Fact]
    public void A_non_finite_value_is_rejected_by_the_builder()
    {
        var ex = Assert.Throws<ArgumentException>(() => SeriesOf(Aggregation.Sum, ("2022", double.NaN)));
        Assert.Equal("ACME.x: The value for 2022 is not a finite number.", ex.Message);
    }
}
