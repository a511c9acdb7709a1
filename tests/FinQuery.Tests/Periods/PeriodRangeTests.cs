namespace FinQuery.Tests.Periods;

public class PeriodRangeTests
{
    [Theory]
    [InlineData("2021..2023Q2", "2021", "2023Q2", Frequency.Quarter)]
    [InlineData("..2023Q1", null, "2023Q1", Frequency.Quarter)]
    [InlineData("2022Q1..", "2022Q1", null, Frequency.Quarter)]
    [InlineData("2023-07-05..2023-08", "2023-07-05", "2023-08", Frequency.Day)]
    [InlineData("2022", "2022", "2022", Frequency.Year)]
    public void Parses_ranges_and_prints_them_back(string text, string? start, string? end, Frequency frequency)
    {
        Assert.True(PeriodRange.TryParse(text, out var range));
        Assert.Equal(start is null ? null : P(start), range.Start);
        Assert.Equal(end is null ? null : P(end), range.End);
        Assert.Equal(frequency, range.Frequency);
        Assert.Equal(text, range.ToString());
    }

    [Theory]
    [InlineData("2021..2023Q5")]
    [InlineData("x..2023")]
    [InlineData("2021...2022")]
    [InlineData("")]
    public void Rejects_bad_ends(string text)
    {
        Assert.False(PeriodRange.TryParse(text, out _));
    }

    [Fact]
    public void A_single_period_is_a_range_of_itself()
    {
        var r = PeriodRange.Single(P("2022"));
        Assert.Equal(new PeriodRange(P("2022"), P("2022")), r);
        Assert.Equal("2022", r.ToString());
    }
}
