namespace FinQuery.Sql.Tests;

/// <summary>Equality of two results: kind, NA kind and reason, boolean, period and display exactly; numbers to a relative 1e-12 (SQL engines add in their own order).</summary>
internal static class Same
{
    public static bool Results(QueryResult a, QueryResult b)
    {
        if (a.Kind != b.Kind || a.NaKind != b.NaKind || a.Reason != b.Reason || a.Bool != b.Bool || a.Period != b.Period || a.Display != b.Display && a.Kind is not (ResultKind.Number or ResultKind.Percent or ResultKind.Series)) return false;
        if (a.Kind == ResultKind.Series)
        {
            // Point by point: the same periods, values equal as numbers are.
            var (sa, sb) = (a.Series, b.Series);
            return a.Calendar == b.Calendar && sa.Count == sb.Count && sa.Zip(sb).All(p => p.First.Key == p.Second.Key && Numbers(p.First.Value, p.Second.Value));
        }
        return a.Kind is not (ResultKind.Number or ResultKind.Percent) || Numbers(a.Number, b.Number);
    }

    private static bool Numbers(double x, double y) => x == y || Math.Abs(x - y) <= 1e-12 * Math.Max(Math.Abs(x), Math.Abs(y));
}
