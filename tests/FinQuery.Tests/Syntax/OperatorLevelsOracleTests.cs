using FinQuery.Syntax;
using Result = Sprache.Result;
using FsCheck.Xunit;
using Sprache;
using static FinQuery.Syntax.TokenParsers;

namespace FinQuery.Tests.Syntax;

/// <summary>
/// The grammar's operator levels as they were first written, one Sprache parser per level (left-associative
/// loops, a non-associative comparison level, <c>not</c> as a prefix between them), kept as the oracle for the
/// precedence-climbing loop that replaced them (<see cref="ExpressionParser"/>): on any text, both
/// give the same tree with the same spans, or the same error at the same place.
/// </summary>
internal static class ReferenceGrammar
{
    private static readonly Parser<Node> Expression = i => Disjunction!(i);
    private static readonly Parser<Node> UnaryOperand = i => Unary!(i);

    private static readonly Parser<Node> Primary = Choice("an expression",
        ([TokenKind.Name], NameOrCall(Expression)),
        ([TokenKind.Number, TokenKind.Period, TokenKind.Range, TokenKind.True, TokenKind.False], Literal),
        ([TokenKind.LParen], Parenthesized(Expression)));

    private static readonly Parser<Node> Postfix = Indexed(Primary, Expression);
    private static readonly Parser<Node> Power = RightAssociative(Postfix, TokenKind.Caret, BinaryOp.Power, UnaryOperand);
    private static readonly Parser<Node> Unary = Prefix(TokenKind.Minus, UnaryOp.Negate, Power);

    private static readonly Parser<Node> Multiplicative = LeftAssociative(Unary,
        (TokenKind.Star, BinaryOp.Multiply), (TokenKind.Slash, BinaryOp.Divide));

    private static readonly Parser<Node> Additive = LeftAssociative(Multiplicative,
        (TokenKind.Plus, BinaryOp.Add), (TokenKind.Minus, BinaryOp.Subtract));

    private static readonly Parser<Node> Comparison = NonAssociative(Additive,
        (TokenKind.Less, BinaryOp.Less), (TokenKind.LessOrEqual, BinaryOp.LessOrEqual),
        (TokenKind.Greater, BinaryOp.Greater), (TokenKind.GreaterOrEqual, BinaryOp.GreaterOrEqual),
        (TokenKind.Equal, BinaryOp.Equal), (TokenKind.NotEqual, BinaryOp.NotEqual),
        (TokenKind.About, BinaryOp.About));

    private static readonly Parser<Node> Negation = Prefix(TokenKind.Not, UnaryOp.Not, Comparison);
    private static readonly Parser<Node> Conjunction = LeftAssociative(Negation, (TokenKind.And, BinaryOp.And));
    private static readonly Parser<Node> Disjunction = LeftAssociative(Conjunction, (TokenKind.Or, BinaryOp.Or));

    // The let rule is the production one (it is not what the oracle checks), given this grammar's expressions.
    private static readonly Parser<IReadOnlyList<LetSyntax>> Lets = QueryParser.LetsOf(Expression);

    private static readonly Parser<Node> Body = Expression.End();

    private static readonly Parser<QuerySyntax> Query = i =>
    {
        var lets = Lets(i);
        if (!lets.WasSuccessful) return Fail<QuerySyntax, IReadOnlyList<LetSyntax>>(lets);
        var body = Body(lets.Remainder);
        if (!body.WasSuccessful) return Fail<QuerySyntax, Node>(body);
        return Result.Success(new QuerySyntax(lets.Value, body.Value.Expr, ParseState.SpanOf((Token)i, (Token)body.Remainder)), body.Remainder);
    };

    private static IResult<T> Fail<T, U>(IResult<U> failure) =>
        Result.Failure<T>(failure.Remainder, failure.Message, failure.Expectations);

    /// <summary>What <see cref="QueryParser.Parse"/> did with the grammar written level by level.</summary>
    public static QuerySyntax Parse(string text, ParserLimits limits)
    {
        if (text.Length > limits.MaxLength)
            throw new FinQueryException($"query is {text.Length} characters long; the limit is {limits.MaxLength}", 1, 1, 0, 0);
        var state = ParseState.Rent(text, limits);
        try
        {
            var result = Query(Lexer.Tokenize(state));
            if (result.WasSuccessful) return result.Value;
            throw SyntaxErrors.From(result);
        }
        catch (FinQueryException e) when (e.Locate(text))
        {
            throw;   // never reached: Locate is false (errors are placed in the text, as QueryParser.Parse places them)
        }
        finally
        {
            state.Return();
        }
    }

    private static IResult<T> Success<T>(T value, Token next) => Result.Success(value, next);

    /// <summary><c>operand { op operand }</c>, folded to the left.</summary>
    public static Parser<Node> LeftAssociative(Parser<Node> operand, params (TokenKind Token, BinaryOp Op)[] operators) => i =>
    {
        var r = operand(i);
        if (!r.WasSuccessful) return r;
        var at = (Token)r.Remainder;
        if (!TryOperator(operators, at.Kind, out var op)) return r;

        var first = (Token)i;
        var state = first.State;
        var left = r.Value;
        do
        {
            var opToken = at;
            state.Enter(opToken);
            var rr = operand(opToken.Next!);
            state.Exit();
            if (!rr.WasSuccessful) return rr;
            at = (Token)rr.Remainder;
            int height = 1 + Math.Max(left.Height, rr.Value.Height);
            state.CheckHeight(height, opToken);
            left = new Node(new BinaryExpr(op, left.Expr, rr.Value.Expr, ParseState.SpanOf(first, at)), height);
        }
        while (TryOperator(operators, at.Kind, out op));
        return Success(left, at);
    };

    /// <summary><c>operand [op operand]</c>: at most one operator; a second is an error, since comparisons do not chain.</summary>
    public static Parser<Node> NonAssociative(Parser<Node> operand, params (TokenKind Token, BinaryOp Op)[] operators) => i =>
    {
        var r = operand(i);
        if (!r.WasSuccessful) return r;
        var opToken = (Token)r.Remainder;
        if (!TryOperator(operators, opToken.Kind, out var op)) return r;
        var state = opToken.State;
        state.Enter(opToken);
        var rr = operand(opToken.Next!);
        state.Exit();
        if (!rr.WasSuccessful) return rr;
        var next = (Token)rr.Remainder;
        if (TryOperator(operators, next.Kind, out _))
            throw new FinQueryException($"unexpected '{next.Text}': comparisons cannot be chained; use parentheses or 'and'", next.Span);
        int height = 1 + Math.Max(r.Value.Height, rr.Value.Height);
        state.CheckHeight(height, opToken);
        return Success(new Node(new BinaryExpr(op, r.Value.Expr, rr.Value.Expr, ParseState.SpanOf((Token)i, next)), height), next);
    };

    private static bool TryOperator((TokenKind Token, BinaryOp Op)[] operators, TokenKind kind, out BinaryOp op)
    {
        foreach (var (token, binary) in operators)
        {
            if (token == kind)
            {
                op = binary;
                return true;
            }
        }
        op = default;
        return false;
    }
}

/// <summary>The precedence-climbing operator levels against <see cref="ReferenceGrammar"/>, on random text.</summary>
[Properties(Arbitrary = [typeof(SyntaxArbitraries)], MaxTest = 300)]
public class OperatorLevelsOracleTests
{
    private static readonly ParserLimits[] Limits =
    [
        new(MaxLength: int.MaxValue),
        new(MaxLength: int.MaxValue, MaxDepth: 3),
        new(MaxLength: int.MaxValue, MaxDepth: 6, MaxLets: 1),
    ];

    [Property]
    public void Token_soup_parses_the_same(TokenSoup soup) => Same(soup.Text);

    [Property]
    public void Laid_out_queries_parse_the_same(LaidOutQuery query) => Same(query.Text);

    [Theory]
    [InlineData("not a = b and not not c or d < e + f * -g ^ -h[2023Q2] / i - j")]
    [InlineData("a = b = c")]
    [InlineData("a < b + c < d")]
    [InlineData("a = not b")]
    [InlineData("not")]
    [InlineData("1 + * 2")]
    [InlineData("a or b and c or not d ~= 32B")]
    [InlineData("((((1 + 2) * 3) - 4) / 5) ^ 6 and x or y")]
    [InlineData("a + b + c + d + e + f + g + h")]
    [InlineData("not not not not not x")]
    [InlineData("f(a, b + c, d * e, not g, h)[2023]")]
    public void Examples_parse_the_same(string text) => Same(text);

    private static void Same(string text)
    {
        foreach (var limits in Limits)
            Assert.Equal(Outcome(() => ReferenceGrammar.Parse(text, limits)), Outcome(() => QueryParser.Parse(text, limits)));
    }

    private static string Outcome(Func<QuerySyntax> parse)
    {
        try
        {
            return Dump(parse());
        }
        catch (FinQueryException e)
        {
            return $"error {e.Line}:{e.Column} {e.Start}+{e.Length} {e.Message}";
        }
    }

    /// <summary>The tree with every span.</summary>
    private static string Dump(QuerySyntax q) =>
        string.Concat(q.Lets.Select(l => $"let {l.Name} {l.Span} = {Dump(l.Value)}; ")) + Dump(q.Body) + " " + q.Span;

    private static string Dump(Expr e) => e switch
    {
        UnaryExpr u => $"({u.Op} {Dump(u.Operand)} {u.Span})",
        BinaryExpr b => $"({b.Op} {Dump(b.Left)} {Dump(b.Right)} {b.Span})",
        IndexExpr ix => $"({Dump(ix.Target)}[{Dump(ix.Index)}] {ix.Span})",
        CallExpr c => $"({c.Name} {c.NameSpan} {string.Join(", ", c.Args.Select(Dump))} {c.Span})",
        _ => $"{AstPrinter.Print(e)}@{e.Span}",
    };
}
