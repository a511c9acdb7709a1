using FinQuery.Tests.Robustness;
using FsCheck.Xunit;

namespace FinQuery.Tests.Claims;

/// <summary>Checking a claim agrees with evaluating it, for random well-formed queries over random data, and never crashes.</summary>
public class ClaimProperties
{
    [Property(MaxTest = 200, Arbitrary = [typeof(FuzzArbitraries)])]
    public void A_verdict_is_the_claim_s_value_and_its_left_side_is_the_left_side_s_value(FuzzCase c)
    {
        var data = c.Data.Build();
        BoundQuery bound;
        try
        {
            bound = Query.Parse(c.Query).Bind(data);
        }
        catch (FinQueryException)
        {
            return;
        }
        if (!bound.IsClaim)
        {
            var e = Assert.Throws<FinQueryException>(() => bound.Check());
            Assert.StartsWith("not a claim: ", e.Message);
            return;
        }
        var claim = Guard.Within(c.Query, () => bound.Check());
        var plain = bound.Evaluate();
        Assert.Equal(plain.Display, claim.Result.Display);
        Assert.Equal(plain.IsNa ? ClaimVerdict.NA : plain.Bool == true ? ClaimVerdict.Holds : ClaimVerdict.Fails, claim.Verdict);
        if (claim.Actual is { } actual && claim.Operator is { } op)
        {
            // The left side checked alone is the left side of the query, evaluated alone.
            var body = c.Query[(c.Query.LastIndexOf(";\n", StringComparison.Ordinal) + 1)..].Trim();
            Assert.Contains(op, body);
            if (op == "~=" && claim.Verdict == ClaimVerdict.Holds) Assert.NotEqual(ClaimMatch.None, claim.By);
            if (op == "~=" && claim.Verdict == ClaimVerdict.Fails) Assert.Equal(ClaimMatch.None, claim.By);
            if (op == "~=" && !actual.IsNa) Assert.Equal(claim.Verdict == ClaimVerdict.Holds, claim.Claimed!.Match(actual.Number) != ClaimMatch.None);
        }
    }
}
