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
        Line = line;
        Column = column;
        Start = start;
        Length = length;
    }

    internal FinQueryException(string message, Syntax.TextSpan span)
        : this(message, span.Line, span.Column, span.Start, span.Length)
    {
    }

    /// <summary>1-based line of the offending text.</summary>
    public int Line { get; }

    /// <summary>1-based column of the offending text.</summary>
    public int Column { get; }

    /// <summary>0-based offset of the offending text in the query.</summary>
    public int Start { get; }

    /// <summary>Length of the offending text.</summary>
    public int Length { get; }

    /// <summary>The message prefixed with its position: <c>line 1, column 13: unknown metric 'revnue'</c>.</summary>
    public string Describe() => $"line {Line}, column {Column}: {Message}";
}
