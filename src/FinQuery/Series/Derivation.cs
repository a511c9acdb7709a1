namespace FinQuery.Series;

internal enum DerivationKind
{
    /// <summary>A coarser value as the sum of all its parts.</summary>
    SumOfParts,
    /// <summary>A coarser value of a stock as its last part.</summary>
    LastPart,
    /// <summary>One missing part as the reported total minus the other parts.</summary>
    Remainder,
    /// <summary>A calendar period's value as the fiscal period that stands for it (<c>CY2023Q2 = FY2024Q2</c>).</summary>
    StandsFor,
}

/// <summary>
/// How a derived value was obtained. For <see cref="DerivationKind.Remainder"/>, <see cref="Sources"/>
/// starts with the total, followed by the parts subtracted from it. Periods are written as the entity's
/// calendar writes them (<c>FY2024Q2</c> for a year that does not end in December).
/// </summary>
internal sealed record Derivation(DerivationKind Kind, Period Target, Period[] Sources, FiscalCalendar Calendar = default)
{
    /// <summary>
    /// <c>2022 = 2022Q1 + 2022Q2 + 2022Q3 + 2022Q4</c>, <c>2022 = 2022Q4 (last)</c>, <c>2022Q4 = 2022 − 2022Q1 − 2022Q2 − 2022Q3</c>,
    /// <c>CY2023Q2 = FY2024Q2 (2023-05..2023-07: two of its three months are in CY2023Q2)</c>,
    /// <c>CY2023 = FY2023Q2 + FY2023Q3 + FY2023Q4 + FY2024Q1 (its calendar quarters)</c>.
    /// </summary>
    public override string ToString()
    {
        string target = Calendar.Format(Target);
        var sources = Sources.Select(Calendar.Format);
        return Kind switch
        {
            DerivationKind.SumOfParts => $"{target} = {string.Join(" + ", sources)}",
            DerivationKind.LastPart => $"{target} = {sources.First()} (last)",
            DerivationKind.StandsFor when Sources.Length == 1 && Sources[0].Frequency == Target.Frequency => Target.Frequency == Frequency.Quarter
                ? $"{target} = {sources.First()} ({Months(Sources[0])}: two of its three months are in {target})"
                : $"{target} = {sources.First()} ({Months(Sources[0])}: its quarters stand for those of {target})",
            DerivationKind.StandsFor when Sources.Length == 1 => $"{target} = {sources.First()} (last of its calendar quarters)",
            DerivationKind.StandsFor => $"{target} = {string.Join(" + ", sources)} (its calendar quarters)",
            _ => $"{target} = {string.Join(" − ", sources)}",
        };
    }

    private string Months(Period p)
    {
        var (a, b) = (Calendar.StartDate(p), Calendar.EndDate(p));
        return System.FormattableString.Invariant($"{a.Year:D4}-{a.Month:D2}..{b.Year:D4}-{b.Month:D2}");
    }
}
