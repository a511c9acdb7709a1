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

/// <summary>
/// What one parse shares between its tokens: the text, the limits and the current nesting depth. A thread reuses one
/// state and its tokens from parse to parse (<see cref="Rent"/>, <see cref="Return"/>): nothing outlives a parse but
/// the syntax tree and the exception, which hold spans and strings, never tokens.
/// </summary>
internal sealed class ParseState
{
    /// <summary>Tokens kept for reuse per thread; a longer query's further tokens are made afresh.</summary>
    private const int MaxPooledTokens = 512;

    [ThreadStatic] private static ParseState? t_free;

    // The tokens made so far, reused from parse to parse; _used of them are this parse's.
    private Token[] _tokens = new Token[16];
    private int _made;
    private int _used;

    private ParseState(string text, ParserLimits limits)
    {
        Text = text;
        Limits = limits;
    }

    public string Text { get; private set; }
    public ParserLimits Limits { get; private set; }

    /// <summary>The thread's state, set up for a parse of <paramref name="text"/>; give it back with <see cref="Return"/>.</summary>
    public static ParseState Rent(string text, ParserLimits limits)
    {
        var state = t_free;
        if (state is null) return new ParseState(text, limits);
        // Taken while in use, so that a parse started during another on this thread gets a state of its own.
        t_free = null;
        state.Text = text;
        state.Limits = limits;
        state.Depth = 0;
        state._used = 0;
        return state;
    }

    /// <summary>Ends the parse: the tokens let go of the text and the tree, and the state waits for the next parse.</summary>
    public void Return()
    {
        var used = _tokens.AsSpan(0, _used);
        foreach (var t in used) t.Clear();
        // The pooled tokens stay linked in pool order from parse to parse (the lexer relinks only where a parse ends), but
        // the last one used must not keep a longer query's unpooled tokens, and their leaves, alive.
        if (!used.IsEmpty) used[^1].Next = null;
        Text = "";
        t_free = this;
    }

    /// <summary>The next token of this parse: a reused one when the pool has it.</summary>
    public Token NextToken(TokenKind kind, TextSpan span, int previousEnd, Expr? leaf, string? message)
    {
        int i = _used;
        var tokens = _tokens;
        Token token;
        if (i < _made)
        {
            token = tokens[i];
        }
        else
        {
            token = new Token(this);
            if (i == tokens.Length)
            {
                if (i == MaxPooledTokens) return token.Set(kind, span, previousEnd, leaf, message);
                Array.Resize(ref _tokens, Math.Min(2 * i, MaxPooledTokens));
                tokens = _tokens;
            }
            tokens[i] = token;
            _made++;
        }
        _used = i + 1;
        return token.Set(kind, span, previousEnd, leaf, message);
    }

    private const int NameSlots = 32;
    private const int MaxKeptNameLength = 64;

    // Names read on this thread, by a hash of their text (as Roslyn's lexer keeps identifiers in a string table):
    // a name that recurs, in one query or from one query to the next (metric names do), is one string, made once.
    private readonly string?[] _names = new string?[NameSlots];

    /// <summary>The name <paramref name="text"/> as a string: the one made before for the same text, if it is still kept.</summary>
    public string Name(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxKeptNameLength) return text.ToString();
        int slot = (text.Length * 31 + text[0] * 7 + text[^1]) & (NameSlots - 1);
        var known = _names[slot];
        if (known is not null && text.SequenceEqual(known)) return known;
        return _names[slot] = text.ToString();
    }

    /// <summary>How many constructs enclose the point being parsed (see <see cref="ParserLimits.MaxDepth"/>).</summary>
    public int Depth;

    /// <summary>Steps into a construct opened by <paramref name="at"/>, failing before any recursion when too deep.</summary>
    public void Enter(Token at)
    {
        if (++Depth > Limits.MaxDepth) throw TooDeep(at);
        // A backstop for hosts with small stacks or a very large MaxDepth (each level takes a few KB of
        // stack): fail cleanly rather than overflow.
        if (!StackGuard.IsSufficientAt(Depth - 1))
            throw new FinQueryException("query nests too deeply for the available stack", at.Span);
    }

    public void Exit() => Depth--;

    /// <summary>Checks that a node of <paramref name="height"/> levels built here stays within the limit.</summary>
    public void CheckHeight(int height, Token at)
    {
        if (Depth + height > Limits.MaxDepth) throw TooDeep(at);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private FinQueryException TooDeep(Token at) =>
        new($"query nests deeper than {Limits.MaxDepth} levels", at.Span);

    /// <summary>The span from the start of <paramref name="first"/> to the end of the token before <paramref name="next"/>.</summary>
    public static TextSpan SpanOf(Token first, Token next) =>
        new(first.Span.Start, next.PreviousEnd - first.Span.Start);
}

/// <summary>
/// One token of a query. Tokens are linked in order and each is a Sprache <see cref="IInput"/> standing
/// at itself, so the Sprache grammar runs over tokens and advancing allocates nothing.
/// </summary>
internal sealed class Token : IInput
{
    // The literal or name this token stands for; an error token's message. Two fields, so that reading either is a
    // load, not a type test against the abstract Expr.
    private Expr? _leaf;
    private string? _message;
    private Dictionary<object, object>? _memos;

    public Token(ParseState state) => State = state;

    /// <summary>Makes this (new or reused) token the one described; returns it. <see cref="Next"/> is the lexer's to set.</summary>
    public Token Set(TokenKind kind, TextSpan span, int previousEnd, Expr? leaf, string? message)
    {
        Kind = kind;
        Span = span;
        PreviousEnd = previousEnd;
        _leaf = leaf;
        _message = message;
        _memos = null;
        return this;
    }

    /// <summary>Lets go of what the parse made (the tree's leaves), once it is over.</summary>
    public void Clear()
    {
        _leaf = null;
        _message = null;
        _memos = null;
    }

    public TokenKind Kind { get; private set; }
    public TextSpan Span { get; private set; }

    /// <summary>The end offset of the token before this one (0 for the first): where a construct ending before this token ends.</summary>
    public int PreviousEnd { get; private set; }
    public ParseState State { get; }
    public Token? Next { get; set; }

    /// <summary>The literal or name this token stands for (number, period, range, boolean, name), built by the lexer.</summary>
    public Expr? Leaf => _leaf;

    /// <summary>For an <see cref="TokenKind.Error"/> token, the complete message; null for an unknown character.</summary>
    public string? Message => _message;

    public ReadOnlySpan<char> Text => State.Text.AsSpan(Span.Start, Span.Length);

    // IInput
    public IInput Advance() => Next ?? throw new InvalidOperationException("The input is already at the end of the query.");
    public string Source => State.Text;
    public char Current => (char)Kind;
    public bool AtEnd => Kind == TokenKind.End;
    public int Position => Span.Start;
    // Found from the text when asked (for Sprache's messages and ToString): tokens carry offsets only.
    public int Line => TextSpan.LineColumn(State.Text, Span.Start).Line;
    public int Column => TextSpan.LineColumn(State.Text, Span.Start).Column;
    public IDictionary<object, object> Memos => _memos ??= new Dictionary<object, object>();
    public bool Equals(IInput? other) => ReferenceEquals(this, other);
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);
    public override int GetHashCode() => Span.Start;
    public override string ToString() => $"{Kind} '{Text}' at line {Line}, column {Column}";
}
