namespace FinQuery.Series;

internal enum DerivationKind
{
    /// <summary>A coarser value as the sum of all its parts.</summary>
    SumOfParts,
    /// <summary>A coarser value of a stock as its last part.</summary>
    LastPart,
    /// <summary>One missing part as the reported total minus the other parts.</summary>
    Remainder,
}

/// <summary>
/// How a derived value was obtained. For <see cref="DerivationKind.Remainder"/>, <see cref="Sources"/>
/// starts with the total, followed by the parts subtracted from it.
/// </summary>
internal sealed record Derivation(DerivationKind Kind, Period Target, Period[] Sources)
{
    /// <summary><c>2022 = 2022Q1 + 2022Q2 + 2022Q3 + 2022Q4</c>, <c>2022 = 2022Q4 (last)</c>, <c>2022Q4 = 2022 − 2022Q1 − 2022Q2 − 2022Q3</c>.</summary>
    public override string ToString() => Kind switch
    {
        DerivationKind.SumOfParts => $"{Target} = {string.Join(" + ", Sources)}",
        DerivationKind.LastPart => $"{Target} = {Sources[0]} (last)",
        _ => $"{Target} = {string.Join(" − ", Sources)}",
    };
}
