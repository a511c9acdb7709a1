using FinQuery.Syntax;
using static FinQuery.Tests.Syntax.SyntaxTestHelpers;

namespace FinQuery.Tests.Claims;

/// <summary><c>~=</c> in the grammar, and number literals that keep their digits as written.</summary>
public class AboutSyntaxTests
{
    [Theory]
    [InlineData("revenue[2023Q2] ~= 32B", "(~= (index revenue #2023Q2) 32B)")]
    [InlineData("a + 1 ~= 2", "(~= (+ a 1) 2)")]
    [InlineData("a ~= -14%", "(~= a (neg 14%))")]
    [InlineData("not a ~= 1", "(not (~= a 1))")]
    [InlineData("a ~= 1 and b ~= 2", "(and (~= a 1) (~= b 2))")]
    [InlineData("a~=1", "(~= a 1)")]
    public void About_parses_at_the_precedence_of_the_comparisons(string text, string sexp) =>
        Assert.Equal(sexp, Sexp(text));

    [Fact]
    public void About_is_one_token_and_does_not_chain()
    {
        var e = Assert.Throws<FinQueryException>(() => ParseExpr("a ~= 1 ~= 2"));
        Assert.Equal("unexpected '~=': comparisons cannot be chained; use parentheses or 'and'", e.Message);
        Assert.Equal((1, 8), (e.Line, e.Column));
        var tilde = Assert.Throws<FinQueryException>(() => ParseExpr("a ~ 1"));
        Assert.Equal((1, 3, 1), (tilde.Line, tilde.Column, tilde.Length));
        Assert.StartsWith("'~' is not an operator: use '~=' for 'is about'", tilde.Message);
    }

    [Theory]
    [InlineData("31.60B")]
    [InlineData("1.5e9")]
    [InlineData(".5")]
    [InlineData("007")]
    [InlineData("2E-3%")]
    [InlineData("4e+2k")]
    [InlineData("71469")]
    public void Number_literals_keep_and_print_their_digits_as_written(string text)
    {
        var n = (NumberLiteral)ParseExpr(text);
        Assert.Equal(text.TrimEnd('%', 'k', 'B'), n.Digits);
        Assert.Equal(text, AstPrinter.Print(n));
        Assert.Equal($"x ~= {text}", AstPrinter.Print(ParseExpr($"x   ~=   {text}")));
    }

    [Fact]
    public void Literals_written_to_different_precisions_are_different_trees()
    {
        Assert.False(AstComparer.Instance.Equals(ParseExpr("x ~= 31.6B"), ParseExpr("x ~= 31.60B")));
        Assert.True(AstComparer.Instance.Equals(ParseExpr("x ~= 31.6B"), ParseExpr("x~=31.6B")));
        // bn is B, as before
        Assert.Equal("4B", AstPrinter.Print(ParseExpr("4bn")));
    }
}
