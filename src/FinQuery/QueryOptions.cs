namespace FinQuery;

/// <summary>
/// Limits that keep a query typed by an untrusted user from exhausting the host. Each exceeded limit
/// raises a <see cref="FinQueryException"/> with a position. The defaults suit interactive use.
/// </summary>
public sealed record QueryOptions
{
    /// <summary>The defaults.</summary>
    public static QueryOptions Default { get; } = new();

    /// <summary>The longest query text accepted, in characters (default 10,000). Checked before anything else is done.</summary>
    public int MaxLength { get; init; } = 10_000;

    /// <summary>
    /// How deeply expressions may nest (default 64). Each parenthesis, operator, call and index is a level; a
    /// <c>let</c> counts as deep as its own expression wherever it is used, so lets cannot deepen evaluation either.
    /// </summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>How many <c>let</c> bindings a query may have (default 256).</summary>
    public int MaxLets { get; init; } = 256;

    /// <summary>The largest shift <c>lag</c> accepts, in periods, either way (default 100,000).</summary>
    public int MaxLag { get; init; } = 100_000;

    /// <summary>
    /// How much work one evaluation may do (default 10,000,000): each series point produced or visited and each
    /// piece of a range cover counts one. Exceeding it raises <see cref="FinQueryException"/> at the expression
    /// that needed the work. Memory follows: an evaluation holds at most a few arrays of that many points.
    /// </summary>
    public long MaxWork { get; init; } = 10_000_000;
}
