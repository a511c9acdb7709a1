namespace FinQuery;

/// <summary>How a series' finer values make up a coarser one.</summary>
public enum Aggregation
{
    /// <summary>Values do not add up or carry over: per-share figures, ratios. Nothing is derived.</summary>
    None = 0,
    /// <summary>Flows (revenue, income): a year is the sum of its quarters.</summary>
    Sum = 1,
    /// <summary>Stocks (headcount, users): a year is its last quarter.</summary>
    Last = 2,
}

/// <summary>Which figure a series holds: the reported actuals or the market's expectation.</summary>
public enum Variant
{
    /// <summary>Reported figures.</summary>
    Actual = 0,
    /// <summary>The consensus (market expectation).</summary>
    Consensus = 1,
}
