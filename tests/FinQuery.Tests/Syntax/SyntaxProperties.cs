using Xunit;
using FinQuery.Syntax;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static FinQuery.Tests.Syntax.SyntaxTestHelpers;

namespace FinQuery.Tests.Syntax;

[Properties(Arbitrary = [typeof(SyntaxArbitraries)])]
public class SyntaxProperties
{
    // Generated trees stay far below the depth limit, but their printed text can be long.
    private static readonly ParserLimits Roomy = new(MaxLength: int.MaxValue);

    [Property]
    public bool A_printed_tree_parses_back_to_the_same_tree(ExprSample sample) =>
        AstComparer.Instance.Equals(QueryParser.Parse(AstPrinter.Print(sample.Expr), Roomy).Body, sample.Expr);

    [Property]
    public bool A_printed_query_parses_back_to_the_same_query(QuerySample sample) =>
        AstComparer.Instance.Equals(QueryParser.Parse(AstPrinter.Print(sample.Query), Roomy), sample.Query);

    [Property]
    public bool Printing_is_idempotent(ExprSample sample)
    {
        var printed = AstPrinter.Print(sample.Expr);
        return AstPrinter.Print(QueryParser.Parse(printed, Roomy).Body) == printed;
    }

    [Property]
    public bool Equal_trees_have_equal_hash_codes(ExprSample sample)
    {
        var reparsed = QueryParser.Parse(AstPrinter.Print(sample.Expr), Roomy).Body;
        return AstComparer.Instance.GetHashCode(reparsed) == AstComparer.Instance.GetHashCode(sample.Expr);
    }

    [Property]
    public void Layout_and_comments_do_not_change_the_tree_and_every_span_points_at_its_source(LaidOutQuery sample)
    {
        var text = sample.Text;
        var query = QueryParser.Parse(text, Roomy);
        Assert.True(AstComparer.Instance.Equals(query, sample.Query));
        Assert.True(AstComparer.Instance.Equals(QueryParser.Parse(Slice(text, query.Span), Roomy), query));
        foreach (var let in query.Lets) AssertSpanIsConsistent(text, let.Span);
        foreach (var node in Nodes(query))
        {
            AssertSpanIsConsistent(text, node.Span);
            if (node is CallExpr call) AssertSpanIsConsistent(text, call.NameSpan);
            // The text a node spans is that node, on its own.
            var alone = QueryParser.Parse(Slice(text, node.Span), Roomy).Body;
            Assert.True(AstComparer.Instance.Equals(alone, node), $"'{Slice(text, node.Span)}' is not {AstPrinter.Print(node)}");
        }
    }

    [Property]
    public void Any_string_parses_or_fails_with_a_positioned_FinQueryException(NonNull<string> text) =>
        ParsesOrFailsCleanly(text.Get);

    [Property(MaxTest = 300)]
    public void Near_miss_token_soup_parses_or_fails_with_a_positioned_FinQueryException(TokenSoup soup) =>
        ParsesOrFailsCleanly(soup.Text);

    private static void ParsesOrFailsCleanly(string text)
    {
        try
        {
            QueryParser.Parse(text, ParserLimits.Default);
        }
        catch (FinQueryException e)
        {
            Assert.True(e.Line >= 1 && e.Column >= 1, $"{e.Line}:{e.Column}");
            Assert.True(e.Start >= 0 && e.Length >= 0 && e.Start + e.Length <= Math.Max(text.Length, 0), $"{e.Start}+{e.Length}");
            if (text.Length <= ParserLimits.Default.MaxLength)
                Assert.Equal(LineColumn(text, e.Start), (e.Line, e.Column));
            Assert.DoesNotContain("Parsing failure", e.Message);
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
    }

    private static void AssertSpanIsConsistent(string text, TextSpan span)
    {
        Assert.True(span.Start >= 0 && span.Length > 0 && span.End <= text.Length, span.ToString());
        // A span carries offsets; its line and column are found from the text as the tests' own count finds them.
        Assert.Equal(LineColumn(text, span.Start), TextSpan.LineColumn(text, span.Start));
    }
}
