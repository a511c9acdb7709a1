using Sprache;

namespace FinQuery.Syntax;

/// <summary>An expression parsed so far and the height of its tree, in the levels that <see cref="ParserLimits.MaxDepth"/> counts.</summary>
internal readonly record struct Node(Expr Expr, int Height);

/// <summary>
/// Sprache parsers and combinators over <see cref="Token"/> input. The operator levels are loops, not
/// Sprache's recursive <c>ChainOperator</c>, so a long chain costs no stack and allocates only its nodes;
/// every construct that nests checks the depth limit before it recurses.
/// </summary>
internal static class TokenParsers
{
    private static readonly string[] AnExpression = ["an expression"];
    private static readonly string[] AnExpressionOrClose = ["an expression", "')'"];
    private static readonly string[] CommaOrClose = ["','", "')'"];
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

    /// <summary><c>name</c>, <c>ENTITY.name</c>, or a call <c>name(args, ...)</c>.</summary>
    public static Parser<Node> NameOrCall(Parser<Node> argument) => i =>
    {
        var t = (Token)i;
        if (t.Kind != TokenKind.Name) return Failure<Node>(t, AnExpression);
        var name = (NameRef)t.Leaf!;
        var open = t.Next!;
        if (open.Kind != TokenKind.LParen) return Success(new Node(name, 0), open);
        if (name.Entity is not null)
            throw new FinQueryException($"unexpected '(': '{name.Entity}.{name.Name}' is not a function; function names have no entity prefix", open.Span);

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
                var r = argument(at);
                if (!r.WasSuccessful)
                {
                    state.Exit();
                    return count == 0 && ReferenceEquals(r.Remainder, at) ? Failure<Node>(at, AnExpressionOrClose) : r;
                }
                switch (count++)
                {
                    case 0: a0 = r.Value.Expr; break;
                    case 1: a1 = r.Value.Expr; break;
                    case 2: a2 = r.Value.Expr; break;
                    default: (more ??= []).Add(r.Value.Expr); break;
                }
                height = Math.Max(height, r.Value.Height);
                at = (Token)r.Remainder;
                if (at.Kind == TokenKind.Comma)
                {
                    at = at.Next!;
                    continue;
                }
                if (at.Kind == TokenKind.RParen) break;
                state.Exit();
                return Failure<Node>(at, CommaOrClose);
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
        return Success(new Node(new CallExpr(name.Name, args, name.Span, ParseState.SpanOf(t, next)), height + 1), next);
    };

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
        if (close.Kind != TokenKind.RParen) return Failure<Node>(close, CloseParen);
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
            if (close.Kind != TokenKind.RBracket) return Failure<Node>(close, CloseBracket);
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

    /// <summary>
    /// The binary operator levels and <c>not</c>, loosest first: <c>or</c>; <c>and</c>; <c>not</c> (prefix);
    /// comparisons (non-associative); <c>+ -</c>; <c>* /</c>; then <paramref name="operand"/> (unary minus and
    /// tighter). One loop climbs them (precedence climbing) instead of a parser per level, each entered for every
    /// operand: the tree, the spans, the depth counted and every error are those of the grammar written level by
    /// level, which the parser tests pin down.
    /// </summary>
    public static Parser<Node> OperatorLevels(Parser<Node> operand) => i => Climb(operand, (Token)i, Level.Or);

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

    /// <summary>An expression of level <paramref name="min"/> or tighter starting at <paramref name="first"/>.</summary>
    private static IResult<Node> Climb(Parser<Node> operand, Token first, Level min)
    {
        // A lone name or literal before a closing token (yoy(revenue, 2023Q2), x[2023Q2], - 1 at the end) is what
        // the operand parser and every level above it would return unchanged: taken at once.
        var after = first.Next;
        if (after is not null && after.Kind is TokenKind.RParen or TokenKind.RBracket or TokenKind.Comma or TokenKind.Semicolon or TokenKind.End)
        {
            if (first.Kind is TokenKind.Number or TokenKind.Period or TokenKind.Range or TokenKind.True or TokenKind.False or TokenKind.Name)
                return Success(new Node(first.Leaf!, 0), after);
        }
        var r = min <= Level.Not && first.Kind == TokenKind.Not ? Not(operand, first) : operand(first);
        if (!r.WasSuccessful) return r;
        var at = (Token)r.Remainder;
        var level = LevelOf(at.Kind, out var op);
        if (level < min) return r;

        var state = first.State;
        var left = r.Value;
        do
        {
            var opToken = at;
            state.Enter(opToken);
            // Left-associative: the right operand binds tighter; comparisons do not chain (checked below).
            var rr = Climb(operand, opToken.Next!, level + 1);
            state.Exit();
            if (!rr.WasSuccessful) return rr;
            at = (Token)rr.Remainder;
            var nextLevel = LevelOf(at.Kind, out var nextOp);
            if (level == Level.Compare && nextLevel == Level.Compare)
                throw new FinQueryException($"unexpected '{at.Text}': comparisons cannot be chained; use parentheses or 'and'", at.Span);
            int height = 1 + Math.Max(left.Height, rr.Value.Height);
            state.CheckHeight(height, opToken);
            left = new Node(new BinaryExpr(op, left.Expr, rr.Value.Expr, ParseState.SpanOf(first, at)), height);
            (level, op) = (nextLevel, nextOp);
        }
        while (level >= min);
        return Success(left, at);
    }

    /// <summary><c>not x</c>, where x is a comparison or tighter (<c>not a = b</c> is <c>not (a = b)</c>); it may repeat.</summary>
    private static IResult<Node> Not(Parser<Node> operand, Token t)
    {
        var state = t.State;
        state.Enter(t);
        var next = t.Next!;
        var r = next.Kind == TokenKind.Not ? Not(operand, next) : Climb(operand, next, Level.Compare);
        state.Exit();
        if (!r.WasSuccessful) return r;
        var after = (Token)r.Remainder;
        int height = r.Value.Height + 1;
        state.CheckHeight(height, t);
        return Success(new Node(new UnaryExpr(UnaryOp.Not, r.Value.Expr, ParseState.SpanOf(t, after)), height), after);
    }

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
