using System.Runtime.CompilerServices;
using Sprache;
using static FinQuery.Syntax.TokenParsers;

namespace FinQuery.Syntax;

/// <summary>
/// Parses query text into a <see cref="QuerySyntax"/>. The lexer reads whole tokens first; the statement level
/// below is Sprache over that token stream, and the expressions are <see cref="ExpressionParser"/>'s methods.
/// </summary>
internal static class QueryParser
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FinQueryException TooLong(string text, ParserLimits limits) =>
        new($"query is {text.Length} characters long; the limit is {limits.MaxLength}", 1, 1, 0, 0);

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FinQueryException">The text is not a well-formed query or exceeds <paramref name="limits"/>.</exception>
    public static QuerySyntax Parse(string text, ParserLimits limits)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(limits);
        if (text.Length > limits.MaxLength) throw TooLong(text, limits);

        var state = ParseState.Rent(text, limits);
        try
        {
            return Query(Lexer.Tokenize(state));
        }
        catch (FinQueryException e) when (e.Locate(text))
        {
            throw;   // never reached: Locate is false
        }
        finally
        {
            state.Return();
        }
    }

    // The expression grammar (or, and, not, comparisons, + -, * /, unary minus, ^, indexing, atoms) is written as
    // methods in ExpressionParser; this is it as a Sprache parser, for the value of a let.
    private static readonly Parser<Node> Expression = ExpressionParser.Expression;

    private static readonly Parser<Token> LetKeyword = Expect(TokenKind.Let, "'let'");
    private static readonly Parser<Token> EqualsSign = Expect(TokenKind.Equal, "'='");
    private static readonly Parser<Token> Semicolon = Expect(TokenKind.Semicolon, "';'");

    // let name = expr;
    // Written out rather than as a LINQ query: Sprache's SelectMany allocates several closures per step.
    private static Parser<LetSyntax> LetOf(Parser<Node> expression) => i =>
    {
        var keyword = LetKeyword(i);
        if (!keyword.WasSuccessful) return Fail<LetSyntax, Token>(keyword);
        var name = PlainName(keyword.Remainder);
        if (!name.WasSuccessful) return Fail<LetSyntax, string>(name);
        var equalsSign = EqualsSign(name.Remainder);
        if (!equalsSign.WasSuccessful) return Fail<LetSyntax, Token>(equalsSign);
        var value = expression(equalsSign.Remainder);
        if (!value.WasSuccessful) return Fail<LetSyntax, Node>(value);
        var semicolon = Semicolon(value.Remainder);
        if (!semicolon.WasSuccessful) return Fail<LetSyntax, Token>(semicolon);
        var span = ParseState.SpanOf((Token)i, (Token)semicolon.Remainder);
        return Result.Success(new LetSyntax(name.Value, value.Value.Expr, span), semicolon.Remainder);
    };

    /// <summary><c>{ let name = expr; }</c>, each value parsed by <paramref name="expression"/> (the tests pass the reference grammar's).</summary>
    internal static Parser<IReadOnlyList<LetSyntax>> LetsOf(Parser<Node> expression) =>
        Repeated(TokenKind.Let, LetOf(expression), limits => limits.MaxLets, max => $"query has more than {max} let bindings");

    private static readonly Parser<IReadOnlyList<LetSyntax>> Lets = LetsOf(Expression);

    private static readonly string[] EndOfInput = ["end of input"];

    // query := { let } expr, then the end. A query without lets (most) goes straight to its expression.
    private static QuerySyntax Query(Token first)
    {
        IReadOnlyList<LetSyntax> lets = [];
        var at = first;
        if (at.Kind == TokenKind.Let)
        {
            var parsed = Lets(at);
            if (!parsed.WasSuccessful) throw SyntaxErrors.From(parsed);
            lets = parsed.Value;
            at = (Token)parsed.Remainder;
        }
        var body = ExpressionParser.Parse(at);
        if (!body.Ok) throw SyntaxErrors.From(body.Next, body.Expected!);
        var end = body.Next;
        // As Sprache's End(): anything after the expression is where an operator or the end was expected.
        if (end.Kind != TokenKind.End) throw SyntaxErrors.From(end, EndOfInput);
        return new QuerySyntax(lets, body.Node.Expr, ParseState.SpanOf(first, end));
    }

    private static IResult<T> Fail<T, U>(IResult<U> failure) =>
        Result.Failure<T>(failure.Remainder, failure.Message, failure.Expectations);
}

/// <summary>Turns a failed parse into the <see cref="FinQueryException"/> users see.</summary>
internal static class SyntaxErrors
{
    private const int MaxQuoted = 24;

    public static FinQueryException From<T>(IResult<T> failure) => From((Token)failure.Remainder, failure.Expectations);

    /// <summary>The error of a parse that stopped at <paramref name="at"/>, where <paramref name="expectations"/> were expected.</summary>
    public static FinQueryException From(Token at, IEnumerable<string> expectations)
    {
        if (at.Kind == TokenKind.Error && at.Message is not null) return new FinQueryException(at.Message, at.Span);
        var expected = JoinExpectations(expectations);
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
