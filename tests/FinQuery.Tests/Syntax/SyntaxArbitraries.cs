using FinQuery.Syntax;
using FsCheck;
using FsCheck.Fluent;

namespace FinQuery.Tests.Syntax;

/// <summary>A random well-formed expression tree (public wrapper, since the tree types are internal).</summary>
public sealed class ExprSample
{
    internal ExprSample(Expr expr) => Expr = expr;
    internal Expr Expr { get; }
    public override string ToString() => AstPrinter.Print(Expr);
}

/// <summary>A random well-formed query with <c>let</c> bindings.</summary>
public sealed class QuerySample
{
    internal QuerySample(QuerySyntax query) => Query = query;
    internal QuerySyntax Query { get; }
    public override string ToString() => AstPrinter.Print(Query);
}

/// <summary>A random query printed with random whitespace, line breaks and comments between tokens.</summary>
public sealed class LaidOutQuery
{
    internal LaidOutQuery(QuerySyntax query, string text)
    {
        Query = query;
        Text = text;
    }

    internal QuerySyntax Query { get; }
    public string Text { get; }
    public override string ToString() => Text;
}

/// <summary>Fragments of query syntax glued together at random: mostly malformed, close to the grammar.</summary>
public sealed class TokenSoup
{
    public TokenSoup(string text) => Text = text;
    public string Text { get; }
    public override string ToString() => Text;
}

/// <summary>FsCheck generators for syntax trees and query-like text.</summary>
public static class SyntaxArbitraries
{
    private const int MaxTreeDepth = 6;

    private static readonly string[] CommonNames =
        ["revenue", "eps", "net_income", "x", "e", "k", "M", "B", "T", "Q", "H", "bn", "fy", "_", "a1", "yoy", "sum", "notes", "order", "letter"];

    private static readonly Gen<string> Identifier =
        Gen.Choose(0, 6)
            .SelectMany(n => Gen.Zip(Gen.Elements("abcdefghkmnqxyzABMQTH_".ToCharArray()), Gen.ArrayOf(Gen.Elements("abcxyzMBQT0123456789_".ToCharArray()), n)))
            .Select(t => t.Item1 + new string(t.Item2));

    private static readonly Gen<string> Name =
        Gen.Frequency((3, Gen.Elements(CommonNames)), (2, Identifier))
            .Where(n => !Lexer.IsKeyword(n) && !(n.Length >= 2 && (n[0] | 0x20) is 'f' or 'c' && (n[1] | 0x20) == 'y'));   // FY/CY + digits reads as a period

    private static readonly Gen<double> Mantissa = Gen.OneOf(
        Gen.Choose(0, 10_000).Select(i => (double)i),
        Gen.Choose(0, 10_000_000).Select(i => i / 1000.0),
        Gen.Zip(Gen.Choose(1, 999_999), Gen.Choose(-12, 25)).Select(t => t.Item1 * Math.Pow(10, t.Item2)),
        Gen.Elements(0.5, 31.06, 1e9, 1.5e-3, 2023.0, 1e21, 0.1, 123456789.123, 1e-7, 5e300));

    private static readonly Gen<NumberSuffix> Suffix = Gen.Elements(Enum.GetValues<NumberSuffix>());

    // Mantissas as a person writes them, whose digits carry the precision '~=' compares at: trailing zeros
    // (31.60), leading zeros (007), a leading dot (.50), exponents in every spelling (1.5e9, 2E-3, 4e+2).
    private static readonly Gen<string> WrittenMantissa =
        from integer in Gen.Elements("", "0", "7", "007", "31", "2023", "71469")
        from fraction in Gen.Elements("", "", ".5", ".50", ".06", ".600", ".0001")
        from exponent in Gen.Elements("", "", "", "e9", "E-3", "e+2", "E+21", "e-07")
        where integer.Length + fraction.Length > 0
        select integer + fraction + exponent;

    private static readonly Gen<Period> PeriodGen =
        Gen.Zip(Gen.Choose(1, 9999), Gen.Choose(0, 4)).SelectMany(t => t.Item2 switch
        {
            0 => Gen.Constant(Period.OfYear(t.Item1)),
            1 => Gen.Choose(1, 2).Select(h => Period.OfHalf(t.Item1, h)),
            2 => Gen.Choose(1, 4).Select(q => Period.OfQuarter(t.Item1, q)),
            3 => Gen.Choose(1, 12).Select(m => Period.OfMonth(t.Item1, m)),
            _ => Gen.Choose(1, 12).SelectMany(m => Gen.Choose(1, DateTime.DaysInMonth(t.Item1, m)).Select(d => Period.OfDay(t.Item1, m, d))),
        });

    private static readonly Gen<Period?> OptionalPeriod =
        Gen.Frequency((3, PeriodGen.Select(p => (Period?)p)), (1, Gen.Constant((Period?)null)));

    private static readonly TextSpan At = TextSpan.None;

    private static readonly Gen<Expr> Leaf = Gen.Frequency(
        (4, Name.Select(n => (Expr)new NameRef(null, n, At))),
        (1, Gen.Zip(Gen.Elements("META", "AAPL", "msft", "X_1"), Name).Select(t => (Expr)new NameRef(t.Item1, t.Item2, At))),
        (4, Gen.Zip(Mantissa, Suffix).Select(t => (Expr)new NumberLiteral(t.Item1, t.Item2, At))),
        (2, Gen.Zip(WrittenMantissa, Suffix).Select(t => (Expr)new NumberLiteral(
            double.Parse(t.Item1, System.Globalization.CultureInfo.InvariantCulture), t.Item2, At) { Written = t.Item1.AsMemory() })),
        (1, Gen.Elements(true, false).Select(b => (Expr)new BoolLiteral(b, At))),
        (2, PeriodGen.Select(p => (Expr)new PeriodLiteral(p, At))),
        (2, Gen.Zip(OptionalPeriod, OptionalPeriod).Where(t => t.Item1 is not null || t.Item2 is not null)
            .Select(t => (Expr)new RangeLiteral(t.Item1, t.Item2, At))));

    // Trees[d] makes trees at most d levels deep; each level is built once from the one below.
    private static readonly Gen<Expr>[] Trees = BuildTrees();

    private static Gen<Expr>[] BuildTrees()
    {
        var trees = new Gen<Expr>[MaxTreeDepth + 1];
        trees[0] = Leaf;
        for (int d = 1; d <= MaxTreeDepth; d++)
        {
            var sub = trees[d - 1];
            trees[d] = Gen.Frequency(
                (3, Leaf),
                (1, sub.Select(e => (Expr)new UnaryExpr(UnaryOp.Negate, e, At))),
                (1, sub.Select(e => (Expr)new UnaryExpr(UnaryOp.Not, e, At))),
                (4, Gen.Zip(Gen.Elements(Enum.GetValues<BinaryOp>()), Gen.Zip(sub, sub))
                    .Select(t => (Expr)new BinaryExpr(t.Item1, t.Item2.Item1, t.Item2.Item2, At))),
                (1, Gen.Zip(Name, Gen.Choose(0, 3).SelectMany(n => Gen.ListOf(sub, n)))
                    .Select(t => (Expr)new CallExpr(t.Item1, t.Item2, At, At))),
                (1, Gen.Zip(sub, sub).Select(t => (Expr)new IndexExpr(t.Item1, t.Item2, At))));
        }
        return trees;
    }

    /// <summary>Trees grow with FsCheck's size, up to <see cref="MaxTreeDepth"/> levels.</summary>
    internal static readonly Gen<Expr> Tree = Gen.Sized(size => Trees[Math.Min(MaxTreeDepth, 1 + size / 10)]);

    private static readonly Gen<QuerySyntax> Query =
        Gen.Zip(Gen.Choose(0, 3).SelectMany(n => Gen.ListOf(Gen.Zip(Name, Tree), n)), Tree)
            .Select(t => new QuerySyntax(t.Item1.Select(l => new LetSyntax(l.Item1, l.Item2, At)).ToList(), t.Item2, At));

    private static readonly string[] Gaps = [" ", "  ", "\n", "\t", " # note\n", "\r\n", "\n\n   "];

    private static readonly string[] Fragments =
    [
        "(", ")", "[", "]", ",", ";", "+", "-", "*", "/", "^", "<", "<=", ">", ">=", "=", "!=", "!", "==",
        "and", "or", "not", "let", "true", "false", "x", "META.x", "META.", "f", "yoy", "1", "42", "2023",
        "2023Q2", "2023q5", "2023-07", "2023-13", "2023-02-30", "FY2023", "FY2023Q9", "2021..2023", "..", "..2023",
        "2023..", "3k", "3kg", "1e9", "1e", ".5", "11%", "4bn", " ", " ", " ", "\n", "# c\n", "@", ".", "2023-",
        "e", "Q1", "\"", "\t", "é", "\u0000", "1e999", "&&", "_", "0000", "~=", "~", "~==", "31.60B", "-14%",
    ];

    public static Arbitrary<ExprSample> Exprs() =>
        Arb.From(Tree.Select(e => new ExprSample(e)), s => Children(s.Expr).Select(c => new ExprSample(c)));

    public static Arbitrary<QuerySample> Queries() =>
        Arb.From(Query.Select(q => new QuerySample(q)));

    public static Arbitrary<LaidOutQuery> LaidOutQueries() =>
        Arb.From(Gen.Zip(Query, Gen.Choose(0, int.MaxValue)).Select(t => new LaidOutQuery(t.Item1, LayOut(AstPrinter.Print(t.Item1), t.Item2))));

    public static Arbitrary<TokenSoup> Soups() =>
        Arb.From(Gen.ListOf(Gen.Elements(Fragments)).Select(parts => new TokenSoup(string.Concat(parts))));

    /// <summary>Replaces each space of canonical text (which only ever separates tokens) with random layout.</summary>
    private static string LayOut(string text, int seed)
    {
        var random = new Random(seed);
        var sb = new System.Text.StringBuilder();
        if (random.Next(3) == 0) sb.Append("# leading comment\n  ");
        foreach (var c in text)
        {
            if (c == ' ') sb.Append(Gaps[random.Next(Gaps.Length)]);
            else sb.Append(c);
        }
        if (random.Next(3) == 0) sb.Append(" # trailing comment");
        return sb.ToString();
    }

    private static IEnumerable<Expr> Children(Expr e) => e switch
    {
        UnaryExpr u => [u.Operand],
        BinaryExpr b => [b.Left, b.Right],
        IndexExpr ix => [ix.Target, ix.Index],
        CallExpr c => c.Args,
        _ => [],
    };
}
