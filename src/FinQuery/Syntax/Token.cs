using Sprache;

namespace FinQuery.Syntax;

/// <summary>
/// The kinds of token the lexer produces. Each value is the character that Sprache sees as
/// <see cref="IInput.Current"/> when the parser stands on a token of that kind, so punctuation is its
/// own character and one character always decides which alternative applies.
/// </summary>
internal enum TokenKind : ushort
{
    End = 0,
    Number = '0',
    Period = 'P',
    Range = 'R',
    Name = 'a',
    True = 'T',
    False = 'F',
    Let = 'L',
    And = '&',
    Or = '|',
    Not = '!',
    LParen = '(',
    RParen = ')',
    LBracket = '[',
    RBracket = ']',
    Comma = ',',
    Semicolon = ';',
    Plus = '+',
    Minus = '-',
    Star = '*',
    Slash = '/',
    Caret = '^',
    Less = '<',
    LessOrEqual = '\u2264',
    Greater = '>',
    GreaterOrEqual = '\u2265',
    Equal = '=',
    NotEqual = '\u2260',
    About = '\u2248',
    Error = 0xFFFF,
}

/// <summary>What one parse shares between its tokens: the text, the limits and the current nesting depth.</summary>
internal sealed class ParseState(string text, ParserLimits limits)
{
    public string Text { get; } = text;
    public ParserLimits Limits { get; } = limits;

    /// <summary>How many constructs enclose the point being parsed (see <see cref="ParserLimits.MaxDepth"/>).</summary>
    public int Depth;

    /// <summary>Steps into a construct opened by <paramref name="at"/>, failing before any recursion when too deep.</summary>
    public void Enter(Token at)
    {
        if (++Depth > Limits.MaxDepth) throw TooDeep(at);
        // A backstop for hosts with small stacks or a very large MaxDepth (each level takes a few KB of
        // stack): fail cleanly rather than overflow.
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new FinQueryException("query nests too deeply for the available stack", at.Span);
    }

    public void Exit() => Depth--;

    /// <summary>Checks that a node of <paramref name="height"/> levels built here stays within the limit.</summary>
    public void CheckHeight(int height, Token at)
    {
        if (Depth + height > Limits.MaxDepth) throw TooDeep(at);
    }

    private FinQueryException TooDeep(Token at) =>
        new($"query nests deeper than {Limits.MaxDepth} levels", at.Span);

    /// <summary>The span from the start of <paramref name="first"/> to the end of the token before <paramref name="next"/>.</summary>
    public static TextSpan SpanOf(Token first, Token next) =>
        new(first.Span.Start, next.PreviousEnd - first.Span.Start, first.Span.Line, first.Span.Column);
}

/// <summary>
/// One token of a query. Tokens are linked in order and each is a Sprache <see cref="IInput"/> standing
/// at itself, so the Sprache grammar runs over tokens and advancing allocates nothing.
/// </summary>
internal sealed class Token : IInput
{
    // The literal or name this token stands for, or an error token's message.
    private readonly object? _payload;
    private Dictionary<object, object>? _memos;

    public Token(TokenKind kind, TextSpan span, int previousEnd, ParseState state, object? payload)
    {
        Kind = kind;
        Span = span;
        PreviousEnd = previousEnd;
        State = state;
        _payload = payload;
    }

    public TokenKind Kind { get; }
    public TextSpan Span { get; }

    /// <summary>The end offset of the token before this one (0 for the first): where a construct ending before this token ends.</summary>
    public int PreviousEnd { get; }
    public ParseState State { get; }
    public Token? Next { get; set; }

    /// <summary>The literal or name this token stands for (number, period, range, boolean, name), built by the lexer.</summary>
    public Expr? Leaf => _payload as Expr;

    /// <summary>For an <see cref="TokenKind.Error"/> token, the complete message; null for an unknown character.</summary>
    public string? Message => _payload as string;

    public ReadOnlySpan<char> Text => State.Text.AsSpan(Span.Start, Span.Length);

    // IInput
    public IInput Advance() => Next ?? throw new InvalidOperationException("The input is already at the end of the query.");
    public string Source => State.Text;
    public char Current => (char)Kind;
    public bool AtEnd => Kind == TokenKind.End;
    public int Position => Span.Start;
    public int Line => Span.Line;
    public int Column => Span.Column;
    public IDictionary<object, object> Memos => _memos ??= new Dictionary<object, object>();
    public bool Equals(IInput? other) => ReferenceEquals(this, other);
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);
    public override int GetHashCode() => Span.Start;
    public override string ToString() => $"{Kind} '{Text}' at line {Line}, column {Column}";
}
