using FinQuery.Syntax;
using FsCheck.Xunit;
using static FinQuery.Tests.Syntax.SyntaxTestHelpers;

namespace FinQuery.Tests.Syntax;

/// <summary>The lexer reads <c>2023Q2</c> and <c>2023H1</c> itself: exactly as <see cref="Period.TryParse(ReadOnlySpan{char}, out Period)"/> reads them.</summary>
public class LexerPeriodProperties
{
    [Property(MaxTest = 500)]
    public void Quarters_and_halves_read_as_Period_TryParse_reads_them(ushort year, byte letter, byte digit, bool second)
    {
        string text = $"{year % 10_000:D4}{"QqHh"[letter % 4]}{digit % 10}{(second ? (digit / 10 % 10).ToString() : "")}";
        if (Period.TryParse(text, out var expected))
        {
            var literal = Assert.IsType<PeriodLiteral>(ParseExpr(text));
            Assert.Equal(expected, literal.Period);
            Assert.Equal(expected, Assert.IsType<RangeLiteral>(ParseExpr(text + "..")).Start);
        }
        else
        {
            var e = ParseError(text);
            Assert.StartsWith($"'{text}' is not a period", e.Message);
        }
    }

    [Fact]
    public void A_quarter_may_start_a_range()
    {
        var range = Assert.IsType<RangeLiteral>(ParseExpr("2023Q2..2024h1"));
        Assert.Equal(Period.OfQuarter(2023, 2), range.Start);
        Assert.Equal(Period.OfHalf(2024, 1), range.End);
    }
}
