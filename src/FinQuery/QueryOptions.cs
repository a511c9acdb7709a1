namespace FinQuery;

/// <summary>
/// Limits that keep a query typed by an untrusted user from exhausting the host. Each exceeded limit
/// raises a <see cref="FinQueryException"/> with a position. The defaults suit interactive use.
/// </summary>
public sealed record QueryOptions
{
    /// <summary>The defaults.</summary>
    public static QueryOptions Default { get; } = new();

    /// <summary>The longest query text accepted, in characters (default 10,000).</summary>
    public int MaxLength { get; init; } = 10_000;

    /// <summary>How deeply expressions may nest (default 64).</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>How many <c>let</c> bindings a query may have (default 256).</summary>
    public int MaxLets { get; init; } = 256;

    /// <summary>The largest shift <c>lag</c> accepts, in periods (default 100,000).</summary>
    public int MaxLag { get; init; } = 100_000;

    /// <summary>How many series points and range steps one evaluation may produce (default 10,000,000).</summary>
    public long MaxWork { get; init; } = 10_000_000;
}
