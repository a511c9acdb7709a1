using System.Globalization;
using System.Runtime.CompilerServices;
using Sprache;

namespace FinQuery.Syntax;

/// <summary>
/// What parsing an expression gave: the node and the token after it, or where it failed and what was expected
/// there (a Sprache failure's remainder and expectations, without the result object).
/// </summary>
internal readonly struct Parsed
{
    private Parsed(Node node, Token next, string[]? expected)
    {
        Node = node;
        Next = next;
        Expected = expected;
    }

    /// <summary>The expression and its height; default on failure.</summary>
    public Node Node { get; }

    /// <summary>The token after the expression; on failure, the token the parse stopped at.</summary>
    public Token Next { get; }

    /// <summary>What was expected at <see cref="Next"/>; null on success.</summary>
    public string[]? Expected { get; }

    public bool Ok => Expected is null;

    public static Parsed Success(Node node, Token next) => new(node, next, null);

    public static Parsed Failure(Token at, string[] expected) => new(default, at, expected);

    /// <summary>A Sprache result as an outcome.</summary>
    public static Parsed From(IResult<Node> r) =>
        r.WasSuccessful ? Success(r.Value, (Token)r.Remainder) : Failure((Token)r.Remainder, r.Expectations as string[] ?? [.. r.Expectations]);

    /// <summary>The same outcome as a Sprache result (for the statement-level parsers).</summary>
    public IResult<Node> ToResult() =>
        Ok ? Result.Success(Node, Next) : Result.Failure<Node>(Next, "unexpected " + Next.Kind, Expected);
}

/// <summary>
/// The expression grammar as methods over the lexer's tokens, returning a <see cref="Parsed"/> by value: a cold
/// query pays for no Sprache result, closure or delegate call per construct, only for its tree. The statement level
/// (<c>let</c>s and the end of the query) stays Sprache; <see cref="Expression"/> is this grammar as a Sprache parser
/// for it.
/// </summary>
/// <remarks>
/// The grammar, the trees, their spans and heights, the depth limit and every error (where, and what was expected)
/// are those of the grammar written one Sprache parser per level, which the tests keep as the oracle
/// (<c>OperatorLevelsOracleTests</c>, <c>ExpressionParserOracleTests</c>). The oracle shares <see cref="NameOrCall"/>
/// for calls, so calls are the one construct it does not check independently.
/// </remarks>
internal static class ExpressionParser
{
    private static readonly string[] AnExpression = ["an expression"];
    private static readonly string[] AnExpressionOrClose = ["an expression", "')'"];
    private static readonly string[] CommaOrClose = ["','", "')'"];
    private static readonly string[] CloseParen = ["')'"];
    private static readonly string[] CloseBracket = ["']'"];

    /// <summary>A whole expression (<c>or</c> and tighter) as a Sprache parser.</summary>
    public static readonly Parser<Node> Expression = i => Parse((Token)i).ToResult();

    /// <summary>A whole expression (<c>or</c> and tighter) starting at <paramref name="first"/>.</summary>
    public static Parsed Parse(Token first) => Climb(first, Level.Or);

    /// <summary>The binary operator levels; an operand of <c>a op b</c> at level L is parsed from level L + 1.</summary>
    private enum Level { None = 0, Or = 1, And = 2, Not = 3, Compare = 4, Sum = 5, Product = 6, Operand = 7 }

    private static Level LevelOf(TokenKind kind, out BinaryOp op)
    {
        (var level, op) = kind switch
        {
            TokenKind.Or => (Level.Or, BinaryOp.Or),
            TokenKind.And => (Level.And, BinaryOp.And),
            TokenKind.Less => (Level.Compare, BinaryOp.Less),
            TokenKind.LessOrEqual => (Level.Compare, BinaryOp.LessOrEqual),
            TokenKind.Greater => (Level.Compare, BinaryOp.Greater),
            TokenKind.GreaterOrEqual => (Level.Compare, BinaryOp.GreaterOrEqual),
            TokenKind.Equal => (Level.Compare, BinaryOp.Equal),
            TokenKind.NotEqual => (Level.Compare, BinaryOp.NotEqual),
            TokenKind.About => (Level.Compare, BinaryOp.About),
            TokenKind.Plus => (Level.Sum, BinaryOp.Add),
            TokenKind.Minus => (Level.Sum, BinaryOp.Subtract),
            TokenKind.Star => (Level.Product, BinaryOp.Multiply),
            TokenKind.Slash => (Level.Product, BinaryOp.Divide),
            _ => (Level.None, default(BinaryOp)),
        };
        return level;
    }

    /// <summary>
    /// An expression of level <paramref name="min"/> or tighter starting at <paramref name="first"/>. The binary
    /// operator levels and <c>not</c>, loosest first: <c>or</c>; <c>and</c>; <c>not</c> (prefix); comparisons
    /// (non-associative); <c>+ -</c>; <c>* /</c>; then <see cref="Operand"/>. One loop climbs them (precedence
    /// climbing) instead of a parser per level, each entered for every operand.
    /// </summary>
    private static Parsed Climb(Token first, Level min)
    {
        // A lone name or literal before a closing token (yoy(revenue, 2023Q2), x[2023Q2], - 1 at the end) is what
        // the operand and every level above it would return unchanged: taken at once.
        var after = first.Next;
        if (after is not null && after.Kind is TokenKind.RParen or TokenKind.RBracket or TokenKind.Comma or TokenKind.Semicolon or TokenKind.End)
        {
            if (first.Kind is TokenKind.Number or TokenKind.Period or TokenKind.Range or TokenKind.True or TokenKind.False or TokenKind.Name)
                return Parsed.Success(new Node(first.Leaf!, 0), after);
        }
        var r = min <= Level.Not && first.Kind == TokenKind.Not ? Not(first) : Operand(first);
        if (!r.Ok) return r;
        var at = r.Next;
        var level = LevelOf(at.Kind, out var op);
        if (level < min) return r;

        var state = first.State;
        var left = r.Node;
        do
        {
            var opToken = at;
            state.Enter(opToken);
            // Left-associative: the right operand binds tighter; comparisons do not chain (checked below).
            var rr = Climb(opToken.Next!, level + 1);
            state.Exit();
            if (!rr.Ok) return rr;
            at = rr.Next;
            var nextLevel = LevelOf(at.Kind, out var nextOp);
            if (level == Level.Compare && nextLevel == Level.Compare) throw ChainedComparison(at);
            int height = 1 + Math.Max(left.Height, rr.Node.Height);
            state.CheckHeight(height, opToken);
            left = new Node(new BinaryExpr(op, left.Expr, rr.Node.Expr, ParseState.SpanOf(first, at)), height);
            (level, op) = (nextLevel, nextOp);
        }
        while (level >= min);
        return Parsed.Success(left, at);
    }

    // Error messages are made out of line, so that the parser's recursive methods keep small stack frames.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FinQueryException ChainedComparison(Token at) =>
        new($"unexpected '{at.Text}': comparisons cannot be chained; use parentheses or 'and'", at.Span);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FinQueryException EntityCall(NameRef name, Token open) =>
        new($"unexpected '(': '{name.Entity}.{name.Name}' is not a function; function names have no entity prefix", open.Span);

    /// <summary><c>not x</c>, where x is a comparison or tighter (<c>not a = b</c> is <c>not (a = b)</c>); it may repeat.</summary>
    private static Parsed Not(Token t)
    {
        var state = t.State;
        state.Enter(t);
        var next = t.Next!;
        var r = next.Kind == TokenKind.Not ? Not(next) : Climb(next, Level.Compare);
        state.Exit();
        return Prefixed(UnaryOp.Not, t, r);
    }

    /// <summary>A prefix operator at <paramref name="t"/> applied to what followed it, once its level is left.</summary>
    private static Parsed Prefixed(UnaryOp op, Token t, in Parsed operand)
    {
        if (!operand.Ok) return operand;
        var after = operand.Next;
        int height = operand.Node.Height + 1;
        t.State.CheckHeight(height, t);
        return Parsed.Success(new Node(new UnaryExpr(op, operand.Node.Expr, ParseState.SpanOf(t, after)), height), after);
    }

    /// <summary>
    /// The operand of the binary levels, in one method: <c>"-" operand | primary { "[" expr "]" } [ "^" operand ]</c>.
    /// Unary minus binds looser than <c>^</c> (<c>-2^2</c> is <c>-(2^2)</c>); <c>^</c> is right-associative and
    /// its right operand may be negated (<c>2^-1</c>). Each minus, index and <c>^</c> is a level of nesting, entered
    /// before what it holds is parsed.
    /// </summary>
    private static Parsed Operand(Token t)
    {
        var state = t.State;
        if (t.Kind == TokenKind.Minus)
        {
            state.Enter(t);
            var r = Operand(t.Next!);
            state.Exit();
            return Prefixed(UnaryOp.Negate, t, r);
        }

        // primary: the first token decides.
        Parsed p;
        switch (t.Kind)
        {
            case TokenKind.Name:
                p = NameOrCall(t, default(Whole));
                if (!p.Ok) return p;
                break;
            case TokenKind.Number or TokenKind.Period or TokenKind.Range or TokenKind.True or TokenKind.False:
                p = Parsed.Success(new Node(t.Leaf!, 0), t.Next!);
                break;
            case TokenKind.LParen:
                p = Parenthesized(t);
                if (!p.Ok) return p;
                break;
            default:
                return Parsed.Failure(t, AnExpression);
        }

        // { "[" expr "]" }
        var at = p.Next;
        var node = p.Node;
        while (at.Kind == TokenKind.LBracket)
        {
            var open = at;
            state.Enter(open);
            var ir = Climb(open.Next!, Level.Or);
            state.Exit();
            if (!ir.Ok) return ir;
            var close = ir.Next;
            if (close.Kind != TokenKind.RBracket) return Parsed.Failure(close, ToClose(CloseBracket, open, "'['"));
            at = close.Next!;
            int height = 1 + Math.Max(node.Height, ir.Node.Height);
            state.CheckHeight(height, open);
            node = new Node(new IndexExpr(node.Expr, ir.Node.Expr, ParseState.SpanOf(t, at)), height);
        }

        // [ "^" operand ]
        if (at.Kind == TokenKind.Caret)
        {
            var caret = at;
            state.Enter(caret);
            var pr = Operand(caret.Next!);
            state.Exit();
            if (!pr.Ok) return pr;
            at = pr.Next;
            int height = 1 + Math.Max(node.Height, pr.Node.Height);
            state.CheckHeight(height, caret);
            node = new Node(new BinaryExpr(BinaryOp.Power, node.Expr, pr.Node.Expr, ParseState.SpanOf(t, at)), height);
        }
        return Parsed.Success(node, at);
    }

    /// <summary>What parses a call's arguments: <see cref="Whole"/> here, a Sprache parser in the reference grammar.</summary>
    internal interface IArgument
    {
        Parsed Parse(Token first);
    }

    /// <summary>A whole expression, called without a delegate (the struct makes the call site specialised).</summary>
    private readonly struct Whole : IArgument
    {
        public Parsed Parse(Token first) => Climb(first, Level.Or);
    }

    /// <summary><c>name</c>, <c>ENTITY.name</c>, or a call <c>name(args, ...)</c>, at a name token.</summary>
    internal static Parsed NameOrCall<TArgument>(Token t, TArgument argument) where TArgument : struct, IArgument
    {
        var name = (NameRef)t.Leaf!;
        var open = t.Next!;
        if (open.Kind != TokenKind.LParen) return Parsed.Success(new Node(name, 0), open);
        if (name.Entity is not null) throw EntityCall(name, open);

        var state = t.State;
        state.Enter(open);
        // The arguments go straight into an array of their number: most calls have one to three, so the first
        // three are held in locals and only a longer call makes a list.
        Expr? a0 = null, a1 = null, a2 = null;
        List<Expr>? more = null;
        int count = 0;
        int height = 0;
        var at = open.Next!;
        if (at.Kind != TokenKind.RParen)
        {
            while (true)
            {
                var r = argument.Parse(at);
                if (!r.Ok)
                {
                    state.Exit();
                    return count == 0 && ReferenceEquals(r.Next, at) ? Parsed.Failure(at, AnExpressionOrClose) : r;
                }
                switch (count++)
                {
                    case 0: a0 = r.Node.Expr; break;
                    case 1: a1 = r.Node.Expr; break;
                    case 2: a2 = r.Node.Expr; break;
                    default: (more ??= []).Add(r.Node.Expr); break;
                }
                height = Math.Max(height, r.Node.Height);
                at = r.Next;
                if (at.Kind == TokenKind.Comma)
                {
                    at = at.Next!;
                    continue;
                }
                if (at.Kind == TokenKind.RParen) break;
                state.Exit();
                return Parsed.Failure(at, ToClose(CommaOrClose, open, "'('"));
            }
        }
        state.Exit();
        var next = at.Next!;
        state.CheckHeight(height + 1, open);
        Expr[] args = count == 0 ? [] : new Expr[count];
        if (count > 0) args[0] = a0!;
        if (count > 1) args[1] = a1!;
        if (count > 2) args[2] = a2!;
        for (int k = 3; k < count; k++) args[k] = more![k - 3];
        return Parsed.Success(new Node(new CallExpr(name.Name, args, name.Span, ParseState.SpanOf(t, next)), height + 1), next);
    }

    /// <summary><c>( expression )</c>; the parentheses count as a level of nesting.</summary>
    private static Parsed Parenthesized(Token open)
    {
        var state = open.State;
        state.Enter(open);
        var r = Climb(open.Next!, Level.Or);
        state.Exit();
        if (!r.Ok) return r;
        var close = r.Next;
        if (close.Kind != TokenKind.RParen) return Parsed.Failure(close, ToClose(CloseParen, open, "'('"));
        return Parsed.Success(r.Node with { Height = r.Node.Height + 1 }, close.Next!);
    }

    /// <summary>
    /// The expectations of a bracket that is not closed, the last one saying which bracket: <c>')' to close the '(' at
    /// column 4</c> (with the line too when the query has several), so an error found at the end of a long query
    /// names where the open bracket is. Never inlined: the message is only built for an error.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static string[] ToClose(string[] expected, Token open, string bracket)
    {
        string text = open.State.Text;
        var (line, column) = TextSpan.LineColumn(text, open.Span.Start);
        string where = text.Contains('\n', StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"line {line}, column {column}")
            : string.Create(CultureInfo.InvariantCulture, $"column {column}");
        var copy = (string[])expected.Clone();
        copy[^1] = string.Concat(copy[^1], " to close the ", bracket, " at ", where);
        return copy;
    }
}
