using System.Globalization;

namespace FinQuery;

/// <summary>Whether a claim holds.</summary>
public enum ClaimVerdict
{
    /// <summary>The data bears the claim out.</summary>
    Holds,
    /// <summary>The data contradicts the claim.</summary>
    Fails,
    /// <summary>The data cannot decide: a figure it needs is missing or not meaningful (see <see cref="Claim.Reason"/>).</summary>
    NA,
}

/// <summary>
/// The verdict on a claim — a query that is true or false, such as <c>revenue[2023Q2] ~= 32B</c> or
/// <c>-max(reality_labs_operating_income, 2021..2022) > 10B</c> — with the figure FinQuery computed for its
/// left side, the figure it was compared against, and the observations it used. Made by <see cref="BoundQuery.Check"/>.
/// </summary>
public sealed class Claim
{
    internal Claim(QueryResult result, string? op, QueryResult? actual, QueryResult? against, WrittenFigure? claimed, ClaimMatch by)
    {
        Result = result;
        Operator = op;
        Actual = actual;
        Against = against;
        Claimed = claimed;
        By = by;
        Sources = result.Provenance is { } p ? Claims.ClaimSources.Of(p) : [];
    }

    /// <summary><see cref="ClaimVerdict.Holds"/>, <see cref="ClaimVerdict.Fails"/> or <see cref="ClaimVerdict.NA"/>.</summary>
    public ClaimVerdict Verdict => Result.IsNa ? ClaimVerdict.NA : Result.Bool == true ? ClaimVerdict.Holds : ClaimVerdict.Fails;

    /// <summary>Why the verdict is NA (<c>no revenue for 2019Q3</c>); null otherwise.</summary>
    public string? Reason => Result.Reason;

    /// <summary>The comparison the claim makes: <c>~=</c>, <c>&gt;</c>, <c>&lt;</c>, <c>&gt;=</c>, <c>&lt;=</c>, <c>=</c>, <c>!=</c>; null for another boolean (<c>beat(revenue, 2023Q2)</c>).</summary>
    public string? Operator { get; }

    /// <summary>The value of the comparison's left side, the figure FinQuery computed (<c>31.999B USD</c>); null when the claim is not a comparison.</summary>
    public QueryResult? Actual { get; }

    /// <summary>
    /// The value of the comparison's right side: the written figure in the left side's unit (<c>32B USD</c>), or
    /// what the right side computed to (<c>-3.68B USD</c> for <c>consensus(…)</c>); null when the claim is not a comparison.
    /// </summary>
    public QueryResult? Against { get; }

    /// <summary>The figure as written when the right side is a number (<c>3.73B</c>): always for <c>~=</c>; null otherwise.</summary>
    public WrittenFigure? Claimed { get; }

    /// <summary>For <c>~=</c>, how the left side matched the written figure (exactly, by rounding or by truncation); <see cref="ClaimMatch.None"/> otherwise.</summary>
    public ClaimMatch By { get; }

    /// <summary>The result of the whole claim (a boolean, or NA), with the observations it used in <see cref="QueryResult.Provenance"/>.</summary>
    public QueryResult Result { get; }

    /// <summary>
    /// Where the observations the claim used come from — the data's <c>source</c> of each (a filing, or the story
    /// itself), distinct, in the order first used; empty when the data names none.
    /// </summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary><c>holds: 3.739B USD ~= 3.73B (by truncation)</c>, <c>n/a: no revenue for 2019Q3</c>.</summary>
    public override string ToString()
    {
        string verdict = Verdict switch
        {
            ClaimVerdict.Holds => "holds",
            ClaimVerdict.Fails => "fails",
            _ => "n/a",
        };
        if (Verdict == ClaimVerdict.NA) return $"{verdict}: {Reason}";
        if (Actual is not { } actual || Operator is null) return verdict;
        string against = Claimed?.Text ?? Against?.Display ?? "";
        string by = By is ClaimMatch.Rounding or ClaimMatch.Truncation ? $" (by {By.ToString().ToLowerInvariant()})" : "";
        return string.Create(CultureInfo.InvariantCulture, $"{verdict}: {actual.Display} {Operator} {against}{by}");
    }
}
