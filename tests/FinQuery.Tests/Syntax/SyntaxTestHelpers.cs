using Xunit;
using System.Globalization;
using System.Text;
using FinQuery.Syntax;

namespace FinQuery.Tests.Syntax;

/// <summary>Parsing shortcuts and a compact S-expression form of trees, so tests read as <c>(neg (^ 2 2))</c>.</summary>
internal static class SyntaxTestHelpers
{
    public static QuerySyntax ParseQuery(string text) => QueryParser.Parse(text, ParserLimits.Default);

    public static Expr ParseExpr(string text) => ParseQuery(text).Body;

    public static string Sexp(string text) => Sexp(ParseExpr(text));

    public static string Sexp(Expr e) => e switch
    {
        NumberLiteral n => n.Mantissa.ToString("R", CultureInfo.InvariantCulture) + AstPrinter.SuffixText(n.Suffix),
        BoolLiteral b => b.Value ? "true" : "false",
        PeriodLiteral p => "#" + p.Period,
        RangeLiteral r => $"{r.Start}..{r.End}",
        NameRef { Entity: null } n => n.Name,
        NameRef n => n.Entity + "." + n.Name,
        UnaryExpr u => $"({(u.Op == UnaryOp.Negate ? "neg" : "not")} {Sexp(u.Operand)})",
        BinaryExpr b => $"({AstPrinter.OperatorText(b.Op)} {Sexp(b.Left)} {Sexp(b.Right)})",
        CallExpr c => $"(call {c.Name}{string.Concat(c.Args.Select(a => " " + Sexp(a)))})",
        IndexExpr ix => $"(index {Sexp(ix.Target)} {Sexp(ix.Index)})",
        _ => throw new ArgumentException(e.GetType().Name),
    };

    /// <summary>Every node of a tree, parents before children.</summary>
    public static IEnumerable<Expr> Nodes(Expr root)
    {
        var stack = new Stack<Expr>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            yield return e;
            switch (e)
            {
                case UnaryExpr u: stack.Push(u.Operand); break;
                case BinaryExpr b: stack.Push(b.Right); stack.Push(b.Left); break;
                case IndexExpr ix: stack.Push(ix.Index); stack.Push(ix.Target); break;
                case CallExpr c: for (int i = c.Args.Count - 1; i >= 0; i--) stack.Push(c.Args[i]); break;
            }
        }
    }

    /// <summary>Every expression node of a query, lets first.</summary>
    public static IEnumerable<Expr> Nodes(QuerySyntax query) =>
        query.Lets.SelectMany(l => Nodes(l.Value)).Concat(Nodes(query.Body));

    /// <summary>The 1-based line and column of a 0-based offset, counting '\n' as the line break.</summary>
    public static (int Line, int Column) LineColumn(string text, int offset)
    {
        int line = 1, lineStart = 0;
        for (int i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return (line, offset - lineStart + 1);
    }

    public static string Slice(string text, TextSpan span) => text.Substring(span.Start, span.Length);

    public static FinQueryException ParseError(string text, ParserLimits? limits = null) =>
        Assert.Throws<FinQueryException>(() => QueryParser.Parse(text, limits ?? ParserLimits.Default));

    public static string Repeat(string s, int count) => new StringBuilder(s.Length * count).Insert(0, s, count).ToString();
}
