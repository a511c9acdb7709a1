namespace FinQuery.Syntax;

/// <summary>
/// Bounds on the work a single query may ask of the parser, so that a small or hostile query cannot
/// exhaust the stack or run unbounded: the text length, the nesting depth of the tree, and the number of
/// <c>let</c> bindings.
/// </summary>
/// <param name="MaxLength">The longest query text accepted, in characters.</param>
/// <param name="MaxDepth">
/// The deepest nesting accepted. Every parenthesis, unary operator, binary operator, call and index
/// adds a level on the path from the whole query down to a literal or name, so <c>((1))</c>, <c>--1</c>
/// and <c>1 + 1 + 1</c> are all two levels deep.
/// </param>
/// <param name="MaxLets">The most <c>let</c> bindings accepted before the final expression.</param>
internal sealed record ParserLimits(int MaxLength = 10_000, int MaxDepth = 64, int MaxLets = 256)
{
    /// <summary>The limits used when the caller names none.</summary>
    public static readonly ParserLimits Default = new();
}
