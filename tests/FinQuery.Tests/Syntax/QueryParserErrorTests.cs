using Xunit;
using FinQuery.Syntax;
using static FinQuery.Tests.Syntax.SyntaxTestHelpers;

namespace FinQuery.Tests.Syntax;

public class QueryParserErrorTests
{
    [Theory]
    [InlineData("yoy(revenue,", 1, 13, 12, 0, "unexpected end of query: expected an expression")]
    [InlineData("1 +", 1, 4, 3, 0, "unexpected end of query: expected an expression")]
    [InlineData(")", 1, 1, 0, 1, "unexpected ')': expected an expression")]
    [InlineData("2023-13", 1, 1, 0, 7, "'2023-13' is not a period: month 13 does not exist")]
    [InlineData("3kg", 1, 1, 0, 3, "'3kg' is not a number: a number may end with k, M, B, bn, T or %")]
    [InlineData("let x = 1 x", 1, 11, 10, 1, "unexpected 'x': expected ';'")]
    [InlineData("revenue[", 1, 9, 8, 0, "unexpected end of query: expected an expression")]
    [InlineData("revenue[2023Q2", 1, 15, 14, 0, "unexpected end of query: expected ']' to close the '[' at column 8")]
    [InlineData("..", 1, 1, 0, 2, "'..' needs a period on at least one side, written without spaces, as in 2021..2023, ..2023Q1 or 2022Q1..")]
    [InlineData("revenue[..]", 1, 9, 8, 2, "'..' needs a period on at least one side, written without spaces, as in 2021..2023, ..2023Q1 or 2022Q1..")]
    [InlineData("2021 .. 2023", 1, 6, 5, 2, "'..' needs a period on at least one side, written without spaces, as in 2021..2023, ..2023Q1 or 2022Q1..")]
    [InlineData("let x = 1;\n(x + 2", 2, 7, 17, 0, "unexpected end of query: expected ')' to close the '(' at line 2, column 1")]
    [InlineData("(1 +\n (2", 2, 4, 8, 0, "unexpected end of query: expected ')' to close the '(' at line 2, column 2")]
    [InlineData("1 @ 2", 1, 3, 2, 1, "unexpected character '@': expected an operator or the end of the query")]
    [InlineData("@", 1, 1, 0, 1, "unexpected character '@': expected an expression")]
    [InlineData("x\u0007", 1, 2, 1, 1, "unexpected character U+0007: expected an operator or the end of the query")]
    [InlineData("revenue foo", 1, 9, 8, 3, "unexpected 'foo': expected an operator or the end of the query")]
    [InlineData("(1 2", 1, 4, 3, 1, "unexpected '2': expected ')' to close the '(' at column 1")]
    [InlineData("sum(revenue[2023Q1..2023Q4)", 1, 27, 26, 1, "unexpected ')': expected ']' to close the '[' at column 12")]
    [InlineData("f(a b)", 1, 5, 4, 1, "unexpected 'b': expected ',' or ')' to close the '(' at column 2")]
    [InlineData("f(", 1, 3, 2, 0, "unexpected end of query: expected an expression or ')'")]
    [InlineData("f(a,)", 1, 5, 4, 1, "unexpected ')': expected an expression")]
    [InlineData("", 1, 1, 0, 0, "unexpected end of query: expected an expression")]
    [InlineData("  # only a comment", 1, 19, 18, 0, "unexpected end of query: expected an expression")]
    [InlineData("x;", 1, 2, 1, 1, "unexpected ';': expected an operator or the end of the query")]
    [InlineData("let = 1; x", 1, 5, 4, 1, "unexpected '=': expected a name")]
    [InlineData("let and = 1; x", 1, 5, 4, 3, "unexpected 'and': expected a name")]
    [InlineData("let x 1; x", 1, 7, 6, 1, "unexpected '1': expected '='")]
    [InlineData("let x = ; x", 1, 9, 8, 1, "unexpected ';': expected an expression")]
    [InlineData("let x = 1;", 1, 11, 10, 0, "unexpected end of query: expected an expression")]
    [InlineData("let META.x = 1; x", 1, 5, 4, 6, "unexpected 'META.x': expected a name")]
    [InlineData("1 + not x", 1, 5, 4, 3, "unexpected 'not': expected an expression")]
    [InlineData("not", 1, 4, 3, 0, "unexpected end of query: expected an expression")]
    [InlineData("x = let", 1, 5, 4, 3, "unexpected 'let': expected an expression")]
    [InlineData("a < b < c", 1, 7, 6, 1, "unexpected '<': comparisons cannot be chained; use parentheses or 'and'")]
    [InlineData("META.yoy(x)", 1, 9, 8, 1, "unexpected '(': 'META.yoy' is not a function; function names have no entity prefix")]
    [InlineData("META.not", 1, 1, 0, 8, "'META.not' is not a name: 'not' is a keyword")]
    [InlineData("2023Q5", 1, 1, 0, 6, "'2023Q5' is not a period: quarter 5 does not exist; quarters are Q1 to Q4")]
    [InlineData("FY2023Q0", 1, 1, 0, 8, "'FY2023Q0' is not a period: quarter 0 does not exist; quarters are Q1 to Q4")]
    [InlineData("2023H3", 1, 1, 0, 6, "'2023H3' is not a period: half 3 does not exist; halves are H1 and H2")]
    [InlineData("2023-02-29", 1, 1, 0, 10, "'2023-02-29' is not a period: day 29 does not exist in 2023-02")]
    [InlineData("2023-00", 1, 1, 0, 7, "'2023-00' is not a period: month 00 does not exist")]
    [InlineData("0000Q1", 1, 1, 0, 6, "'0000Q1' is not a period: year 0000 does not exist; years run from 0001 to 9999")]
    [InlineData("2023-7", 1, 1, 0, 6, "'2023-7' is not a period: a month is written 2023-07 and a day 2023-07-05; to subtract, put spaces around '-'")]
    [InlineData("x[2023-1]", 1, 3, 2, 6, "'2023-1' is not a period: a month is written 2023-07 and a day 2023-07-05; to subtract, put spaces around '-'")]
    [InlineData("2023-07-5", 1, 1, 0, 9, "'2023-07-5' is not a period: a month is written 2023-07 and a day 2023-07-05; to subtract, put spaces around '-'")]
    [InlineData("2023-07x", 1, 1, 0, 8, "'2023-07x' is not a period: a month is written 2023-07 and a day 2023-07-05; to subtract, put spaces around '-'")]
    [InlineData("2023Qx", 1, 1, 0, 6, "'2023Qx' is not a period: expected a period such as 2023, FY2023, 2023H1, 2023Q2, CY2023Q2, 2023-07 or 2023-07-05")]
    [InlineData("12..2023", 1, 1, 0, 2, "'12' is not a period: a range runs between periods such as 2021..2023Q2")]
    [InlineData("2021..2023Q7", 1, 7, 6, 6, "'2023Q7' is not a period: quarter 7 does not exist; quarters are Q1 to Q4")]
    [InlineData("2021..12", 1, 7, 6, 2, "'12' is not a period: expected a period such as 2023, FY2023, 2023H1, 2023Q2, CY2023Q2, 2023-07 or 2023-07-05")]
    [InlineData("5m", 1, 1, 0, 2, "'5m' is not a number: a number may end with k, M, B, bn, T or %")]
    [InlineData("1e999", 1, 1, 0, 5, "'1e999' is too large a number")]
    [InlineData("1 == 2", 1, 3, 2, 2, "'==' is not an operator: use '=' to compare")]
    [InlineData("a && b", 1, 3, 2, 2, "'&&' is not an operator: use 'and'")]
    [InlineData("a || b", 1, 3, 2, 2, "'||' is not an operator: use 'or'")]
    [InlineData("!a", 1, 1, 0, 1, "'!' is not an operator: use 'not'")]
    [InlineData("a <> b", 1, 3, 2, 2, "'<>' is not an operator: use '!=' for 'not equal'")]
    [InlineData(") 3kg", 1, 1, 0, 1, "unexpected ')': expected an expression")]
    [InlineData("f(x)(y)", 1, 5, 4, 1, "unexpected '(': expected an operator or the end of the query")]
    [InlineData("x\n  + \n\t* 2", 3, 2, 8, 1, "unexpected '*': expected an expression")]
    public void Errors_say_what_was_found_and_expected_and_where(string text, int line, int column, int start, int length, string message)
    {
        var e = ParseError(text);
        Assert.Equal(message, e.Message);
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Equal((start, length), (e.Start, e.Length));
    }

    [Fact]
    public void Long_tokens_are_shortened_in_messages()
    {
        var e = ParseError("x a_very_long_metric_name_indeed");
        Assert.Equal("unexpected 'a_very_long_metric_na...': expected an operator or the end of the query", e.Message);
        Assert.Equal(30, e.Length);
    }

    [Fact]
    public void Too_long_a_query_fails_at_line_1_column_1()
    {
        var e = ParseError(new string('1', 10_001));
        Assert.Equal("query is 10001 characters long; the limit is 10000", e.Message);
        Assert.Equal((1, 1, 0, 0), (e.Line, e.Column, e.Start, e.Length));

        var custom = ParseError("1 + 2", new ParserLimits(MaxLength: 4));
        Assert.Equal("query is 5 characters long; the limit is 4", custom.Message);
    }

    [Fact]
    public void A_hundred_thousand_open_parentheses_fail_on_length_by_default_and_on_depth_without_a_length_limit()
    {
        var text = new string('(', 100_000);
        Assert.Equal("query is 100000 characters long; the limit is 10000", ParseError(text).Message);

        var e = ParseError(text, new ParserLimits(MaxLength: int.MaxValue));
        Assert.Equal("query nests deeper than 64 levels", e.Message);
        Assert.Equal((1, 65, 64, 1), (e.Line, e.Column, e.Start, e.Length));
    }

    public static TheoryData<string, int, int> DeepQueries => new()
    {
        // text, column of the token that crosses the limit, its length
        { Repeat("(", 100_000) + "1", 65, 1 },
        { Repeat("-", 100_000) + "1", 65, 1 },
        { Repeat("not ", 100_000) + "x", 4 * 64 + 1, 3 },
        { Repeat("f(", 100_000), 2 * 64 + 2, 1 },
        { "x" + Repeat("[1]", 100_000), 3 * 64 + 2, 1 },
        { "1" + Repeat("+1", 100_000), 2 * 65, 1 },
        { "1" + Repeat("*1", 100_000), 2 * 65, 1 },
        { "a" + Repeat(" or a", 100_000), 5 * 64 + 3, 2 },
        { Repeat("2^", 100_000) + "2", 2 * 65, 1 },
        { Repeat("2^-", 100_000) + "2", 3 * 32 + 2, 1 },
        { Repeat("(1+", 100_000) + "1", 3 * 32 + 1, 1 },
    };

    [Theory]
    [MemberData(nameof(DeepQueries))]
    public void Deep_nesting_of_any_kind_fails_cleanly_where_it_crosses_the_limit(string text, int column, int length)
    {
        var e = ParseError(text, new ParserLimits(MaxLength: int.MaxValue));
        Assert.Equal("query nests deeper than 64 levels", e.Message);
        Assert.Equal((1, column, length), (e.Line, e.Column, e.Length));
    }

    [Fact]
    public void A_left_deep_chain_counts_against_the_limit_even_inside_parentheses()
    {
        // 40 parentheses, then a chain whose 25th '+' makes the tree 65 levels deep.
        var text = Repeat("(", 40) + "1" + Repeat(" + 1", 30) + Repeat(")", 40);
        var e = ParseError(text);
        Assert.Equal("query nests deeper than 64 levels", e.Message);
        Assert.Equal(40 + 1 + 4 * 24 + 2, e.Column);
    }

    [Fact]
    public void The_depth_limit_is_configurable()
    {
        var e = ParseError("(((1)))", new ParserLimits(MaxDepth: 2));
        Assert.Equal("query nests deeper than 2 levels", e.Message);
        Assert.Equal(3, e.Column);
    }

    [Fact]
    public void Too_many_lets_fail_at_the_first_let_over_the_limit()
    {
        var text = string.Concat(Enumerable.Range(0, 257).Select(i => $"let x{i:D3} = 1;\n")) + "x";
        var e = ParseError(text);
        Assert.Equal("query has more than 256 let bindings", e.Message);
        Assert.Equal((257, 1, 3), (e.Line, e.Column, e.Length));

        var small = ParseError("let a = 1; let b = 2; a", new ParserLimits(MaxLets: 1));
        Assert.Equal((1, 12), (small.Line, small.Column));
    }

    [Fact]
    public void Null_text_is_an_argument_error() =>
        Assert.Throws<ArgumentNullException>(() => QueryParser.Parse(null!, ParserLimits.Default));

    [Fact]
    public void Describe_prefixes_the_position()
    {
        Assert.Equal("line 2, column 4: unexpected end of query: expected ')' to close the '(' at line 2, column 2", ParseError("(1 +\n (2").Describe());
    }
}
