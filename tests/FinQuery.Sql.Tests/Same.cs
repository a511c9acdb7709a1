namespace FinQuery.Sql.Tests;

/// <summary>Equality of two results: kind, NA kind and reason, boolean, period and display exactly; numbers to a relative 1e-12 (SQL engines add in their own order).</summary>
internal static class Same
{
    public static bool Results(QueryResult a, QueryResult b)
    {
        if (a.Kind != b.Kind || a.NaKind != b.NaKind || a.Reason != b.Reason || a.Bool != b.Bool || a.Period != b.Period || a.Display != b.Display && a.Kind != ResultKind.Number && a.Kind != ResultKind.Percent) return false;
        if (a.Kind is not (ResultKind.Number or ResultKind.Percent)) return true;
        double x = a.Number, y = b.Number;
        return x == y || Math.Abs(x - y) <= 1e-12 * Math.Max(Math.Abs(x), Math.Abs(y));
    }
}
