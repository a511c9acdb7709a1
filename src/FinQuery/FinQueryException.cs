namespace FinQuery;

/// <summary>
/// The one exception a malformed or ill-typed query raises: a syntax error, an unknown metric,
/// entity or function, a wrong argument count or type, a unit mismatch, or an exceeded limit.
/// It carries a plain-language message and the position of the offending text.
/// </summary>
public sealed class FinQueryException : Exception
{
    /// <summary>Creates the exception for a position in the query text.</summary>
    /// <param name="message">What is wrong, in plain language, without the position.</param>
    /// <param name="line">1-based line of the offending text.</param>
    /// <param name="column">1-based column of the offending text.</param>
    /// <param name="start">0-based offset of the offending text.</param>
    /// <param name="length">Length of the offending text (0 at the end of input).</param>
    public FinQueryException(string message, int line, int column, int start, int length)
        : base(message)
    {
        (_line, _column, _located) = (line, column, true);
        Start = start;
        Length = length;
    }

    /// <summary>An error at a span of the query text; its line and column are found from the text by <see cref="Locate"/>.</summary>
    internal FinQueryException(string message, Syntax.TextSpan span)
        : base(message)
    {
        Start = span.Start;
        Length = span.Length;
    }

    /// <summary>An error at a span of <paramref name="text"/>, located at once.</summary>
    internal FinQueryException(string message, Syntax.TextSpan span, string text)
        : this(message, span)
    {
        Locate(text);
    }

    // Spans carry offsets only: the public entry points that know the query text (parse, bind, evaluate, check,
    // compile to SQL) locate an error passing through them, in an exception filter (Locate returns false, so the
    // exception goes on unchanged). Unlocated, the offset is read as a column of line 1.
    private int _line, _column;
    private bool _located;

    /// <summary>Finds the line and column of <see cref="Start"/> in the query text, unless they are known; always false (for exception filters).</summary>
    internal bool Locate(string text)
    {
        if (!_located)
        {
            (_line, _column) = Syntax.TextSpan.LineColumn(text, Start);
            _located = true;
        }
        return false;
    }

    /// <summary>1-based line of the offending text.</summary>
    public int Line => _located ? _line : 1;

    /// <summary>1-based column of the offending text.</summary>
    public int Column => _located ? _column : Start + 1;

    /// <summary>0-based offset of the offending text in the query.</summary>
    public int Start { get; }

    /// <summary>Length of the offending text.</summary>
    public int Length { get; }

    /// <summary>The message prefixed with its position: <c>line 1, column 13: unknown metric 'revnue'</c>.</summary>
    public string Describe() => $"line {Line}, column {Column}: {Message}";
}
