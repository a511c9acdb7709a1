namespace FinQuery.Tests.Robustness;

/// <summary>
/// Numeric edge cases (issue 6): overflow, values that cannot be represented, huge literals, period
/// arithmetic past year 9999 or before year 1, extreme lags. Each gives NA with a reason or a clear
/// <see cref="FinQueryException"/>, never NaN, infinity or a wrong number.
/// </summary>
public class NumericEdgeTests
{
    /// <summary>
    /// big: four quarters of 1e308 (their year overflows); rem: a year of 1e308 whose missing quarter would be
    /// 2e308; ends: a quarter at each end of time; small: two tiny quarters, then ordinary figures.
    /// </summary>
    private static readonly Dataset Data = new DatasetBuilder()
        .AddEntity("A")
        .AddSeries("A", "big", "USD", Aggregation.Sum, Quarters(2023, 1e308, 1e308, 1e308, 1e308))
        .AddSeries("A", "rem", "USD", Aggregation.Sum, [.. Quarters(2023, -1e308, 0, 0), KeyValuePair.Create(P("2023"), 1e308)])
        .AddSeries("A", "ends", "USD", Aggregation.Sum, [KeyValuePair.Create(P("0001Q1"), 5.0), KeyValuePair.Create(P("9999Q4"), 7.0)])
        .AddSeries("A", "small", "USD", Aggregation.Sum, Quarters(2022, 4.9e-324, 1e-320, 1, 2, 3, 4, 5, 6))
        .Build();

    private static KeyValuePair<Period, double>[] Quarters(int year, params double[] values) =>
        values.Select((v, i) => KeyValuePair.Create(Period.OfQuarter(year, 1) + i, v)).ToArray();

    private static QueryResult Eval(string text) => Guard.AssertSane(Guard.Within(text, () => Query.Parse(text).Bind(Data).Evaluate()), text);

    [Theory]
    [InlineData("1e308 * 10", "n/m: the result is too large to represent")]
    [InlineData("-1e308 * 10", "n/m: the result is too large to represent")]
    [InlineData("1e308 + 1e308", "n/m: the result is too large to represent")]
    [InlineData("1e300 / 1e-300", "n/m: the result is too large to represent")]
    [InlineData("2 ^ 10000", "n/m: the result is too large to represent")]
    [InlineData("(-2) ^ 10001", "n/m: the result is too large to represent")]
    [InlineData("0 ^ -1", "n/m: the result is too large to represent")]
    [InlineData("(-8) ^ 0.5", "n/m: the result is not a real number")]
    [InlineData("1 / 0", "n/m: division by zero")]
    [InlineData("0 / 0", "n/m: division by zero")]
    [InlineData("-1 / 0", "n/m: division by zero")]
    [InlineData("1e-300 / 1e300", "0")]
    [InlineData("1e-400", "0")]
    [InlineData("99999999999999999999", "1E+20")]
    [InlineData("1.7976931348623157e308", "1.798E+308")]
    [InlineData("round(1e300, 15)", "1E+300")]
    [InlineData("abs(-1.7e308)", "1.7E+308")]
    [InlineData("1e307 * 100%", "+1.0E+309%")]
    [InlineData("-1.7e308 * 1%", "-1.7E+308%")]
    [InlineData("1e13 * 100%", "+1.0E+15%")]
    [InlineData("1e12 * 100%", "+100000000000000.0%")]
    [InlineData("if(1e308 * 10 > 0, 1, 2)", "n/m: the result is too large to represent")]
    [InlineData("1e308 * 10 = 1e308 * 10", "n/m: the result is too large to represent")]
    public void Arithmetic_that_cannot_be_represented_is_NA(string text, string expected) =>
        Assert.Equal(expected, Eval(text).Display);

    [Theory]
    [InlineData("1e400", 1, 5, "'1e400' is too large a number")]
    [InlineData("1.8e308", 1, 7, "'1.8e308' is too large a number")]
    [InlineData("2 + 1e999999999", 5, 11, "'1e999999999' is too large a number")]
    [InlineData("1e308k", 1, 6, "the number 1e308k is too large")]
    [InlineData("big[2023Q1] * 9e307T", 15, 6, "the number 9e307T is too large")]
    public void Literals_too_large_for_a_double_are_errors_at_their_position(string text, int column, int length, string message)
    {
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse(text).Bind(Data));
        Assert.Equal((message, 1, column, length), (ex.Message, ex.Line, ex.Column, ex.Length));
        Guard.AssertPosition(ex, text);
    }

    [Theory]
    // A coarser value that would overflow is not derived; sums over its parts overflow to NA.
    [InlineData("big[2023]", "n/a: no big for 2023")]
    [InlineData("sum(big, 2023)", "n/m: the result is too large to represent")]
    [InlineData("sum(big, 2023Q1..2023Q2)", "n/m: the result is too large to represent")]
    [InlineData("ttm(big, 2023Q4)", "n/m: the result is too large to represent")]
    [InlineData("ytd(big, 2023Q3)", "n/m: the result is too large to represent")]
    [InlineData("avg(big, 2023Q1..2023Q4)", "n/m: the result is too large to represent")]
    [InlineData("max(big, 2023Q1..2023Q4)", "1E+308 USD")]
    [InlineData("count(big, 2023)", "n/a: no big in 2023")]
    [InlineData("count(big, 2023Q1..2023Q4)", "4")]
    [InlineData("change(big, 2023Q1, 2023Q2)", "0 USD")]
    [InlineData("growth(big, 2023Q1, 2023Q2)", "0.0%")]
    [InlineData("big[2023Q1] + big[2023Q2]", "n/m: the result is too large to represent")]
    // The missing quarter of a reported year would be 2e308: it is not derived.
    [InlineData("rem[2023Q4]", "n/a: no rem for 2023Q4")]
    [InlineData("rem[2023]", "1E+308 USD")]
    // Growth over a base too small to divide by.
    [InlineData("growth(small, 2022Q1, 2022Q3)", "n/m: the result is too large to represent")]
    [InlineData("yoy(small, 2023Q1)", "n/m: the result is too large to represent")]
    [InlineData("cagr(small, 2022Q1, 2023Q1)", "n/m: the result is too large to represent")]
    public void Values_that_overflow_are_never_derived_or_returned(string text, string expected) =>
        Assert.Equal(expected, Eval(text).Display);

    [Fact]
    public void Series_points_that_overflow_are_left_out()
    {
        var doubled = Eval("big * 2").Series;
        Assert.Empty(doubled);
        Assert.Equal(4, Eval("big / 2").Series.Count);
        Assert.Equal(["2023Q1", "2023Q2", "2023Q3"], Eval("rem").Series.Select(p => p.Key.ToString()));
        Assert.Equal(2, Eval("yoy(small)").Series.Count); // 2023Q1, 2023Q2 over bases of 5e-324 and 1e-320 overflow; Q3, Q4 do not
        Assert.All(Eval("ttm(big)").Series, p => Assert.True(double.IsFinite(p.Value)));
    }

    [Fact]
    public void The_series_of_a_metric_holds_no_infinite_derived_value()
    {
        var big = Data.Entities[0].Find("big")!;
        Assert.False(big.TryGetValue(P("2023"), out _));
        Assert.False(big.TryGetValue(P("2023H1"), out _));
        Assert.All(Enumerable.Range(0, 5).SelectMany(f => big.ValuesAt((Frequency)f)), p => Assert.True(double.IsFinite(p.Value)));
        var rem = Data.Entities[0].Find("rem")!;
        Assert.False(rem.TryGetValue(P("2023Q4"), out _));
    }

    [Theory]
    [InlineData("9999Q4 + 1", "n/m: 9999Q4 + 1 falls outside years 1 to 9999")]
    [InlineData("FY9999 + 1", "n/m: 9999 + 1 falls outside years 1 to 9999")]
    [InlineData("FY0001 - 1", "n/m: 0001 - 1 falls outside years 1 to 9999")]
    [InlineData("0001H1 - 1", "n/m: 0001H1 - 1 falls outside years 1 to 9999")]
    [InlineData("9999-12 + 1", "n/m: 9999-12 + 1 falls outside years 1 to 9999")]
    [InlineData("0001-01-01 - 1", "n/m: 0001-01-01 - 1 falls outside years 1 to 9999")]
    [InlineData("9999-12-31 + 1", "n/m: 9999-12-31 + 1 falls outside years 1 to 9999")]
    [InlineData("2023Q1 + 2147483647", "n/m: 2023Q1 + 2147483647 falls outside years 1 to 9999")]
    [InlineData("2023Q1 - 1e300", "n/m: 2023Q1 - 1E+300 falls outside years 1 to 9999")]
    [InlineData("2023Q1 + 0.5", "n/m: cannot move a period by a fraction (0.5)")]
    [InlineData("0001-01-01 + 3652058", "9999-12-31")]
    [InlineData("9999Q4 - 39995", "0001Q1")]
    [InlineData("9999Q4 - 0001Q1", "39,995")]
    [InlineData("9999-12-31 - 0001-01-01", "3,652,058")]
    [InlineData("days_between(0001-01-01, 9999-12-31)", "3,652,058 days")]
    [InlineData("months_between(FY0001, FY9999)", "119,976 months")]
    [InlineData("years_between(9999Q4, 0001Q1)", "-9,998 years")]
    [InlineData("yoy(ends, 0001Q1)", "n/a: no period before 0001Q1")]
    [InlineData("qoq(ends, 0001Q1)", "n/a: no period before 0001Q1")]
    [InlineData("ttm(ends, 0001Q2)", "n/a: no year of data before 0001Q2")]
    [InlineData("ttm(ends, 0001-02-01)", "n/a: no year of data before 0001-02-01")]
    [InlineData("ytd(ends, 9999Q4)", "n/a: no ends for 9999Q1")]
    [InlineData("sum(ends, FY0001..FY9999)", "n/a: no ends for 0001")]
    [InlineData("lag(ends, 1)[9999Q4]", "n/a: no ends for 9999Q3")]
    [InlineData("count(lag(ends, 1), 0001Q1..)", "1")]
    [InlineData("count(lag(ends, -1), 0001Q1..)", "1")]
    [InlineData("first(lag(ends, -39995) > 0)", "0001Q1")]
    public void Period_arithmetic_past_year_9999_or_before_year_1_is_NA(string text, string expected) =>
        Assert.Equal(expected, Eval(text).Display);

    [Fact]
    public void Lag_by_the_largest_int_is_a_clear_error()
    {
        const string text = "lag(ends, 2147483647)";
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse(text).Bind(Data).Evaluate());
        Assert.Equal("lag of 2147483647 periods is beyond the limit of 100000 (QueryOptions.MaxLag)", ex.Message);
        Assert.Equal((1, 11, 10), (ex.Line, ex.Column, ex.Length));
        Assert.Equal("n/m: lag needs a whole number of periods, not 0.5", Eval("lag(ends, 0.5)").Display);
        Assert.Equal("n/m: division by zero", Eval("lag(ends, 1 / 0)").Display);
    }

    [Fact]
    public void Data_with_NaN_or_infinity_is_refused_by_the_builder()
    {
        foreach (var bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            var builder = new DatasetBuilder().AddEntity("A").AddSeries("A", "x", "USD", Aggregation.Sum, [KeyValuePair.Create(P("2023Q1"), bad)]);
            var ex = Assert.Throws<ArgumentException>(() => builder.Build());
            Assert.Contains("not a finite number", ex.Message);
        }
    }
}
