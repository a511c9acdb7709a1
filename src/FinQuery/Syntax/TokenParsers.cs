using Sprache;

namespace FinQuery.Syntax;

/// <summary>An expression parsed so far and the height of its tree, in the levels that <see cref="ParserLimits.MaxDepth"/> counts.</summary>
internal readonly record struct Node(Expr Expr, int Height);

/// <summary>
/// Sprache parsers and combinators over <see cref="Token"/> input: the statement level of the grammar (<c>let</c>)
/// and the building blocks of the grammar written one parser per level, which the tests keep as the oracle for
/// <see cref="ExpressionParser"/>. Loops, not Sprache's recursive <c>ChainOperator</c>, so a long chain costs no
/// stack; every construct that nests checks the depth limit before it recurses.
/// </summary>
internal static class TokenParsers
{
    private static readonly string[] AnExpression = ["an expression"];
    private static readonly string[] CloseParen = ["')'"];
    private static readonly string[] CloseBracket = ["']'"];
    private static readonly string[] AName = ["a name"];

    private static IResult<T> Success<T>(T value, Token next) => Result.Success(value, next);

    private static IResult<T> Failure<T>(Token at, string[] expected) =>
        Result.Failure<T>(at, "unexpected " + at.Kind, expected);

    /// <summary>One token of <paramref name="kind"/>.</summary>
    public static Parser<Token> Expect(TokenKind kind, string expected)
    {
        var expectations = new[] { expected };
        return i =>
        {
            var t = (Token)i;
            return t.Kind == kind ? Success(t, t.Next!) : Failure<Token>(t, expectations);
        };
    }

    /// <summary>
    /// Sprache's <c>XOr</c> for alternatives that one token decides, looked up by the token's kind
    /// instead of tried in turn: no alternative runs, fails and allocates before the right one.
    /// </summary>
    public static Parser<T> Choice<T>(string expected, params (TokenKind[] First, Parser<T> Parser)[] alternatives)
    {
        var table = new Parser<T>?[128];
        foreach (var (kinds, parser) in alternatives)
        {
            foreach (var kind in kinds) table[(int)kind] = parser;
        }
        var expectations = new[] { expected };
        return i =>
        {
            var t = (Token)i;
            var parser = (int)t.Kind < table.Length ? table[(int)t.Kind] : null;
            return parser is null ? Failure<T>(t, expectations) : parser(t);
        };
    }

    /// <summary>A name without an entity prefix, as bound by <c>let</c>.</summary>
    public static readonly Parser<string> PlainName = i =>
    {
        var t = (Token)i;
        return t.Kind == TokenKind.Name && t.Leaf is NameRef { Entity: null } name
            ? Success(name.Name, t.Next!)
            : Failure<string>(t, AName);
    };

    /// <summary>A number, period, range or boolean literal, read whole by the lexer.</summary>
    public static readonly Parser<Node> Literal = i =>
    {
        var t = (Token)i;
        return t.Kind is TokenKind.Number or TokenKind.Period or TokenKind.Range or TokenKind.True or TokenKind.False
            ? Success(new Node(t.Leaf!, 0), t.Next!)
            : Failure<Node>(t, AnExpression);
    };

    /// <summary><c>name</c>, <c>ENTITY.name</c>, or a call <c>name(args, ...)</c> whose arguments are <paramref name="argument"/>.</summary>
    public static Parser<Node> NameOrCall(Parser<Node> argument)
    {
        var arguments = new SpracheArgument(argument);
        return i =>
        {
            var t = (Token)i;
            return t.Kind == TokenKind.Name ? ExpressionParser.NameOrCall(t, arguments).ToResult() : Failure<Node>(t, AnExpression);
        };
    }

    private readonly struct SpracheArgument(Parser<Node> parser) : ExpressionParser.IArgument
    {
        public Parsed Parse(Token first) => Parsed.From(parser(first));
    }

    /// <summary><c>( expression )</c>; the parentheses count as a level of nesting.</summary>
    public static Parser<Node> Parenthesized(Parser<Node> inner) => i =>
    {
        var open = (Token)i;
        if (open.Kind != TokenKind.LParen) return Failure<Node>(open, AnExpression);
        var state = open.State;
        state.Enter(open);
        var r = inner(open.Next!);
        state.Exit();
        if (!r.WasSuccessful) return r;
        var close = (Token)r.Remainder;
        if (close.Kind != TokenKind.RParen) return Failure<Node>(close, ExpressionParser.ToClose(CloseParen, open, "'('"));
        return Success(r.Value with { Height = r.Value.Height + 1 }, close.Next!);
    };

    /// <summary><c>primary</c> followed by any number of <c>[ index ]</c>.</summary>
    public static Parser<Node> Indexed(Parser<Node> primary, Parser<Node> index) => i =>
    {
        var r = primary(i);
        if (!r.WasSuccessful) return r;
        var at = (Token)r.Remainder;
        if (at.Kind != TokenKind.LBracket) return r;

        var first = (Token)i;
        var state = first.State;
        var node = r.Value;
        while (at.Kind == TokenKind.LBracket)
        {
            var open = at;
            state.Enter(open);
            var ir = index(open.Next!);
            state.Exit();
            if (!ir.WasSuccessful) return ir;
            var close = (Token)ir.Remainder;
            if (close.Kind != TokenKind.RBracket) return Failure<Node>(close, ExpressionParser.ToClose(CloseBracket, open, "'['"));
            at = close.Next!;
            int height = 1 + Math.Max(node.Height, ir.Value.Height);
            state.CheckHeight(height, open);
            node = new Node(new IndexExpr(node.Expr, ir.Value.Expr, ParseState.SpanOf(first, at)), height);
        }
        return Success(node, at);
    };

    /// <summary><c>left [op right]</c> where <paramref name="right"/> may itself contain <paramref name="op"/>: right-associative.</summary>
    public static Parser<Node> RightAssociative(Parser<Node> left, TokenKind op, BinaryOp kind, Parser<Node> right) => i =>
    {
        var l = left(i);
        if (!l.WasSuccessful) return l;
        var opToken = (Token)l.Remainder;
        if (opToken.Kind != op) return l;
        var state = opToken.State;
        state.Enter(opToken);
        var r = right(opToken.Next!);
        state.Exit();
        if (!r.WasSuccessful) return r;
        var next = (Token)r.Remainder;
        int height = 1 + Math.Max(l.Value.Height, r.Value.Height);
        state.CheckHeight(height, opToken);
        return Success(new Node(new BinaryExpr(kind, l.Value.Expr, r.Value.Expr, ParseState.SpanOf((Token)i, next)), height), next);
    };

    /// <summary><c>{ op } operand</c>: a prefix operator applied any number of times.</summary>
    public static Parser<Node> Prefix(TokenKind op, UnaryOp kind, Parser<Node> operand)
    {
        Parser<Node>? self = null;
        self = i =>
        {
            var t = (Token)i;
            if (t.Kind != op) return operand(i);
            var state = t.State;
            state.Enter(t);
            var r = self!(t.Next!);
            state.Exit();
            if (!r.WasSuccessful) return r;
            var next = (Token)r.Remainder;
            int height = r.Value.Height + 1;
            state.CheckHeight(height, t);
            return Success(new Node(new UnaryExpr(kind, r.Value.Expr, ParseState.SpanOf(t, next)), height), next);
        };
        return self;
    }

    /// <summary>Any number of <paramref name="item"/>s, each starting with <paramref name="start"/>; at most <paramref name="limit"/> of them.</summary>
    /// <remarks>Unlike Sprache's <c>Many</c>, an item that fails after its first token fails the whole list.</remarks>
    public static Parser<IReadOnlyList<T>> Repeated<T>(TokenKind start, Parser<T> item, Func<ParserLimits, int> limit, Func<int, string> tooMany) => i =>
    {
        var at = (Token)i;
        if (at.Kind != start) return Success<IReadOnlyList<T>>(Array.Empty<T>(), at);
        var items = new List<T>();
        int max = limit(at.State.Limits);
        while (at.Kind == start)
        {
            if (items.Count == max) throw new FinQueryException(tooMany(max), at.Span);
            var r = item(at);
            if (!r.WasSuccessful) return Result.Failure<IReadOnlyList<T>>(r.Remainder, r.Message, r.Expectations);
            items.Add(r.Value);
            at = (Token)r.Remainder;
        }
        return Success<IReadOnlyList<T>>(items, at);
    };
}
