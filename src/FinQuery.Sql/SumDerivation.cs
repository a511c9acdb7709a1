using System.Text;

namespace FinQuery.Sql;

/// <summary>
/// The evaluator's derivation of a <c>sum</c> series' fiscal year, step by step in SQL, so that it stays exact where
/// parts add up beyond the largest double: such a roll-up or remainder is not derived (the evaluator's rule), and the
/// derivation goes on without it, as in memory, which may take another way to the same cell or leave it missing.
/// </summary>
/// <remarks>
/// The evaluator derives in passes; each pass visits the year (a missing year is rolled up from its halves, else its
/// quarters; a reported year gives the one missing half, and the one missing quarter, as its remainder), then each
/// half (a missing half rolled up from its quarters; a reported half gives its one missing quarter). A derived value
/// is kept only when it is finite. Each visit here is one projection of the seven cells (a derived cell is one that is
/// present but not reported); the two halves touch separate cells, so they share one. A year's cells depend only on
/// that year's, so a fixed number of passes reaches the evaluator's fixpoint (<see cref="Passes"/>). The additions are
/// in the evaluator's order (parts in period order).
/// </remarks>
internal static class SumDerivation
{
    /// <summary>
    /// Passes written. Going through all 127 patterns of reported cells and every outcome of the finiteness checks,
    /// the evaluator's derivation of a year settles after at most two productive passes (a half rolled up from its
    /// quarters, then the other half as the year's remainder); a third is written as a margin.
    /// </summary>
    private const int Passes = 3;

    private static readonly string Max = SqlLiterals.Number(double.MaxValue);

    /// <summary>
    /// Writes <c>{name}_0</c> … and <c>{name}</c> itself: the rows of <paramref name="source"/> (entity, fy and the
    /// reported cells <c>ry</c> … <c>rq4</c>) with the derived cells <c>y</c>, <c>h1</c>, <c>h2</c>, <c>q1</c> … <c>q4</c>.
    /// </summary>
    public static void Write(StringBuilder sql, string name, string source)
    {
        const string reported = "entity, fy, ry, rh1, rh2, rq1, rq2, rq3, rq4";
        sql.Append(name).Append("_0 AS (SELECT ").Append(reported)
           .Append(", ry AS y, rh1 AS h1, rh2 AS h2, rq1 AS q1, rq2 AS q2, rq3 AS q3, rq4 AS q4 FROM ").Append(source).Append("),\n");
        int step = 0;
        for (int pass = 0; pass < Passes; pass++)
        {
            Step(sql, name, ref step, reported, YearVisit());
            Step(sql, name, ref step, reported, HalfVisits());
        }
        sql.Append(name).Append(" AS (SELECT * FROM ").Append(name).Append('_').Append(step).Append("),\n");
    }

    private static void Step(StringBuilder sql, string name, ref int step, string reported, string[] cells)
    {
        sql.Append(name).Append('_').Append(step + 1).Append(" AS (\n  SELECT ").Append(reported);
        string[] names = ["y", "h1", "h2", "q1", "q2", "q3", "q4"];
        for (int i = 0; i < names.Length; i++) sql.Append(",\n    ").Append(cells[i]).Append(" AS ").Append(names[i]);
        sql.Append("\n  FROM ").Append(name).Append('_').Append(step).Append("\n),\n");
        step++;
    }

    /// <summary>The year's visit: a missing year rolled up (halves first, then quarters); a reported one splits.</summary>
    private static string[] YearVisit()
    {
        string[] halves = ["h1", "h2"], quarters = ["q1", "q2", "q3", "q4"];
        string y = $"CASE WHEN y IS NOT NULL THEN y WHEN {RollUp(halves)} WHEN {RollUp(quarters)} END";
        return [y, .. halves.Select(h => Remainder("ry", h, halves)), .. quarters.Select(q => Remainder("ry", q, quarters))];
    }

    /// <summary>Both halves' visits: a missing half rolled up from its quarters; a reported one splits.</summary>
    private static string[] HalfVisits()
    {
        string[] first = ["q1", "q2"], second = ["q3", "q4"];
        return
        [
            "y",
            $"CASE WHEN h1 IS NOT NULL THEN h1 WHEN {RollUp(first)} END",
            $"CASE WHEN h2 IS NOT NULL THEN h2 WHEN {RollUp(second)} END",
            .. first.Select(q => Remainder("rh1", q, first)),
            .. second.Select(q => Remainder("rh2", q, second)),
        ];
    }

    /// <summary>The condition and value of a roll-up: every part present and their sum finite (<c>… THEN sum</c>).</summary>
    private static string RollUp(string[] parts)
    {
        string sum = string.Join(" + ", parts);
        return $"{string.Join(" AND ", parts.Select(p => p + " IS NOT NULL"))} AND ABS({sum}) <= {Max} THEN {sum}";
    }

    /// <summary>A part as the remainder of a reported total when it is the one part missing and the remainder is finite; else as it was.</summary>
    private static string Remainder(string total, string part, string[] parts)
    {
        var others = parts.Where(p => p != part).ToArray();
        string value = others.Length == 1 ? $"{total} - {others[0]}" : $"{total} - ({string.Join(" + ", others)})";
        return $"CASE WHEN {total} IS NOT NULL AND {part} IS NULL AND {string.Join(" AND ", others.Select(p => p + " IS NOT NULL"))} " +
               $"AND ABS({value}) <= {Max} THEN {value} ELSE {part} END";
    }
}
