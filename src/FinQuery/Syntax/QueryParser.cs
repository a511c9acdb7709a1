using Sprache;
using static FinQuery.Syntax.TokenParsers;

namespace FinQuery.Syntax;

/// <summary>
/// Parses query text into a <see cref="QuerySyntax"/>. The lexer reads whole tokens first; the grammar
/// below is Sprache over that token stream, one field per precedence level, loosest last.
/// </summary>
internal static class QueryParser
{
    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FinQueryException">The text is not a well-formed query or exceeds <paramref name="limits"/>.</exception>
    public static QuerySyntax Parse(string text, ParserLimits limits)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(limits);
        if (text.Length > limits.MaxLength)
            throw new FinQueryException($"query is {text.Length} characters long; the limit is {limits.MaxLength}", 1, 1, 0, 0);

        var first = Lexer.Tokenize(new ParseState(text, limits));
        var result = Query(first);
        if (result.WasSuccessful) return result.Value;
        throw SyntaxErrors.From(result);
    }

    // Forward references: the nested expression of parentheses, arguments and indexes, and the operand of '^'.
    private static readonly Parser<Node> Expression = Sprache.Parse.Ref(() => Disjunction!);
    private static readonly Parser<Node> UnaryRef = Sprache.Parse.Ref(() => Unary!);

    // atoms: name or call, literal, ( expr ) — the first token decides.
    private static readonly Parser<Node> Primary =
        NameOrCall(Expression)
            .XOr(Literal)
            .XOr(Parenthesized(Expression))
            .Named("an expression");

    // x[i][j]
    private static readonly Parser<Node> Postfix = Indexed(Primary, Expression);

    // a ^ b, right-associative; the right operand may be negated: 2^-1.
    private static readonly Parser<Node> Power = RightAssociative(Postfix, TokenKind.Caret, BinaryOp.Power, UnaryRef);

    // -x; binds looser than ^, so -2^2 is -(2^2).
    private static readonly Parser<Node> Unary = Prefix(TokenKind.Minus, UnaryOp.Negate, Power);

    private static readonly Parser<Node> Multiplicative = LeftAssociative(Unary,
        (TokenKind.Star, BinaryOp.Multiply), (TokenKind.Slash, BinaryOp.Divide));

    private static readonly Parser<Node> Additive = LeftAssociative(Multiplicative,
        (TokenKind.Plus, BinaryOp.Add), (TokenKind.Minus, BinaryOp.Subtract));

    private static readonly Parser<Node> Comparison = NonAssociative(Additive,
        (TokenKind.Less, BinaryOp.Less), (TokenKind.LessOrEqual, BinaryOp.LessOrEqual),
        (TokenKind.Greater, BinaryOp.Greater), (TokenKind.GreaterOrEqual, BinaryOp.GreaterOrEqual),
        (TokenKind.Equal, BinaryOp.Equal), (TokenKind.NotEqual, BinaryOp.NotEqual));

    // not a = b is not (a = b).
    private static readonly Parser<Node> Negation = Prefix(TokenKind.Not, UnaryOp.Not, Comparison);

    private static readonly Parser<Node> Conjunction = LeftAssociative(Negation, (TokenKind.And, BinaryOp.And));

    private static readonly Parser<Node> Disjunction = LeftAssociative(Conjunction, (TokenKind.Or, BinaryOp.Or));

    // let name = expr;
    private static readonly Parser<LetSyntax> Let =
        (from keyword in Expect(TokenKind.Let, "'let'")
         from name in PlainName
         from equalsSign in Expect(TokenKind.Equal, "'='")
         from value in Expression
         from semicolon in Expect(TokenKind.Semicolon, "';'")
         select (name, value.Expr))
        .Spanned((binding, span) => new LetSyntax(binding.name, binding.Expr, span));

    private static readonly Parser<IReadOnlyList<LetSyntax>> Lets =
        Repeated(TokenKind.Let, Let, limits => limits.MaxLets, max => $"query has more than {max} let bindings");

    // query := { let } expr, then the end.
    private static readonly Parser<QuerySyntax> Query =
        (from lets in Lets
         from body in Expression.End()
         select (lets, body.Expr))
        .Spanned((query, span) => new QuerySyntax(query.lets, query.Expr, span));
}

/// <summary>Turns a failed parse into the <see cref="FinQueryException"/> users see.</summary>
internal static class SyntaxErrors
{
    private const int MaxQuoted = 24;

    public static FinQueryException From<T>(IResult<T> failure)
    {
        var at = (Token)failure.Remainder;
        if (at.Kind == TokenKind.Error && at.Message is not null) return new FinQueryException(at.Message, at.Span);
        var expected = JoinExpectations(failure.Expectations);
        var found = Describe(at);
        return new FinQueryException(expected.Length == 0 ? $"unexpected {found}" : $"unexpected {found}: expected {expected}", at.Span);
    }

    /// <summary>How the message names a token: <c>end of query</c>, <c>character '@'</c>, or the quoted text.</summary>
    public static string Describe(Token token)
    {
        if (token.Kind == TokenKind.End) return "end of query";
        var text = token.Text;
        if (token.Kind == TokenKind.Error)
        {
            char c = text[0];
            return char.IsControl(c) || char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.OtherNotAssigned or System.Globalization.UnicodeCategory.PrivateUse
                || (char.IsSurrogate(c) && text.Length == 1)
                ? $"character U+{(int)c:X4}"
                : $"character '{text}'";
        }
        return text.Length <= MaxQuoted ? $"'{text}'" : $"'{text[..(MaxQuoted - 3)]}...'";
    }

    private static string JoinExpectations(IEnumerable<string> expectations)
    {
        var list = new List<string>();
        foreach (var e in expectations)
        {
            var item = e == "end of input" ? "an operator or the end of the query" : e;
            if (!list.Contains(item)) list.Add(item);
        }
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => string.Join(", ", list.Take(list.Count - 1)) + " or " + list[^1],
        };
    }
}
