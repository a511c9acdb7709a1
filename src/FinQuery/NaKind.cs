namespace FinQuery;

/// <summary>Why a result is NA (not available).</summary>
public enum NaKind
{
    /// <summary>The result is available (not NA).</summary>
    None = 0,
    /// <summary>A figure the query needs is not in the data: <c>n/a: no revenue for 2019Q3</c>.</summary>
    Missing = 1,
    /// <summary>The figure exists but the calculation means nothing, as analysts print "n/m": growth from a zero or negative base, division by zero.</summary>
    NotMeaningful = 2,
}
