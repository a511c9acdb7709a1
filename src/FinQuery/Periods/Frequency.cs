namespace FinQuery;

/// <summary>The frequency of a <see cref="Period"/>, ordered from finest to coarsest.</summary>
public enum Frequency : byte
{
    /// <summary>A calendar day, written <c>2023-07-05</c>.</summary>
    Day = 0,
    /// <summary>A calendar month, written <c>2023-07</c>.</summary>
    Month = 1,
    /// <summary>A fiscal quarter, written <c>2023Q2</c>.</summary>
    Quarter = 2,
    /// <summary>A fiscal half year, written <c>2023H1</c>.</summary>
    Half = 3,
    /// <summary>A fiscal year, written <c>2023</c> or <c>FY2023</c>.</summary>
    Year = 4,
}
