using FinQuery.Syntax;

namespace FinQuery.Tests.Syntax;

/// <summary>What a new user types first, and the message saying what to write instead.</summary>
public class NewUserMessageTests
{
    [Theory]
    [InlineData("2023-Q2", 1, 7, "'2023-Q2' is not a period: write 2023Q2, without '-' (2023-07 is a month)")]
    [InlineData("revenue[2023-q2]", 9, 7, "'2023-q2' is not a period: write 2023Q2, without '-' (2023-07 is a month)")]
    [InlineData("2023-H1", 1, 7, "'2023-H1' is not a period: write 2023H1, without '-' (2023-07 is a month)")]
    [InlineData("FY23Q2", 1, 6, "'FY23Q2' is not a period: write the year with four digits, FY2023Q2")]
    [InlineData("revenue[fy23]", 9, 4, "'fy23' is not a period: write the year with four digits, FY2023")]
    [InlineData("revenue.2023Q2", 1, 14, "'revenue.2023Q2' is not a name: write revenue[2023Q2] for revenue in 2023Q2")]
    [InlineData("META.revenue.2023", 1, 17, "'META.revenue.2023' is not a name: write META.revenue[2023] for META.revenue in 2023")]
    [InlineData("x.2023-07", 1, 9, "'x.2023-07' is not a name: write x[2023-07] for x in 2023-07")]
    [InlineData("let 1x = 2", 5, 2, "'1x' is not a name: a name starts with a letter or '_', as in x1x or _1x")]
    public void Say_what_to_write_instead(string query, int column, int length, string message)
    {
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse(query));
        Assert.Equal(message, ex.Message);
        Assert.Equal(column, ex.Column);
        Assert.Equal(length, ex.Length);
    }

    [Theory]
    [InlineData("2023 - 7")]
    [InlineData("x.y")]
    [InlineData("fy2023q2")]
    [InlineData("fy_23")]
    [InlineData("let x1 = 2; x1")]
    [InlineData("1.5")]
    public void Leave_good_queries_alone(string query) => Assert.True(Query.TryParse(query, out _, out _));

    [Fact]
    public void A_bad_number_outside_let_is_still_a_number_error()
    {
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse("1x + 2"));
        Assert.StartsWith("'1x' is not a number", ex.Message);
    }
}
