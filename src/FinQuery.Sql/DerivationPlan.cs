using System.Text;

namespace FinQuery.Sql;

/// <summary>
/// How the evaluator derives each cell of a fiscal year (the year, two halves, four quarters) of a <c>last</c> series
/// from the cells reported that year, for each of the 128 patterns of reported cells: found by building the series in
/// memory and reading back its derivations (a year is its last quarter or half), then written as SQL over the reported
/// cells. A year's cells depend only on that year's. A <c>last</c> series' derivations copy a value, so they are the
/// same whatever the values; a <c>sum</c> series' depend on whether parts add up within the doubles, and are derived
/// step by step (<see cref="SumDerivation"/>).
/// </summary>
internal static class DerivationPlan
{
    private static readonly string[] Cells = ["y", "h1", "h2", "q1", "q2", "q3", "q4"];
    private const int Year = 2000;

    private static readonly Dictionary<Aggregation, Dictionary<string, string>[]> Plans = new()
    {
        [Aggregation.Last] = Build(Aggregation.Last),
    };

    /// <summary>The SQL of a cell: its derivation for the year's <paramref name="pattern"/> of reported cells, else the reported cell.</summary>
    public static string Cell(Aggregation aggregation, string cell, string pattern)
    {
        if (!Plans.TryGetValue(aggregation, out var plans)) return "r" + cell;
        // One branch per distinct derivation, listing the patterns that derive the cell that way.
        var ways = Enumerable.Range(0, plans.Length)
            .Where(p => plans[p].ContainsKey(cell))
            .GroupBy(p => plans[p][cell], StringComparer.Ordinal)
            .ToList();
        if (ways.Count == 0) return "r" + cell;
        var sql = new StringBuilder("CASE");
        foreach (var way in ways)
            sql.Append(" WHEN ").Append(pattern).Append(" IN (").Append(string.Join(", ", way)).Append(") THEN ").Append(way.Key);
        return sql.Append(" ELSE r").Append(cell).Append(" END").ToString();
    }

    private static Dictionary<string, string>[] Build(Aggregation aggregation)
    {
        var plans = new Dictionary<string, string>[1 << Cells.Length];
        for (int pattern = 0; pattern < plans.Length; pattern++)
        {
            plans[pattern] = [];
            if (Synthetic(aggregation, pattern) is not { } series) continue;
            foreach (var cell in Cells)
            {
                var p = PeriodOf(cell);
                if (!series.IsReported(p) && series.TryGetValue(p, out _)) plans[pattern][cell] = Formula(series, p);
            }
        }
        return plans;
    }

    /// <summary>A series of one year whose reported cells are those of the pattern; null for none.</summary>
    private static MetricSeries? Synthetic(Aggregation aggregation, int pattern)
    {
        var reported = new List<KeyValuePair<Period, double>>();
        for (int i = 0; i < Cells.Length; i++)
            if ((pattern & (1 << i)) != 0) reported.Add(new(PeriodOf(Cells[i]), i + 1));
        if (reported.Count == 0) return null;
        // Coarsest first, then by period: the order a series' observations are given in.
        reported.Sort((a, b) => a.Key.Frequency != b.Key.Frequency ? b.Key.Frequency.CompareTo(a.Key.Frequency) : a.Key.Ordinal.CompareTo(b.Key.Ordinal));
        return new MetricSeries("x", Variant.Actual, "", aggregation, FiscalCalendar.Calendar, reported);
    }

    private static string Formula(MetricSeries series, Period p)
    {
        if (series.IsReported(p)) return "r" + MetricTables.CellOf(p);
        var d = series.GetDerivation(p) ?? throw new InvalidOperationException($"{p} has a value but no derivation");
        return d.Kind switch
        {
            Series.DerivationKind.SumOfParts => "(" + string.Join(" + ", d.Sources.Select(s => Formula(series, s))) + ")",
            Series.DerivationKind.LastPart => Formula(series, d.Sources[0]),
            _ => "(" + Formula(series, d.Sources[0]) + " - (" + string.Join(" + ", d.Sources.Skip(1).Select(s => Formula(series, s))) + "))",
        };
    }

    private static Period PeriodOf(string cell) => cell[0] switch
    {
        'y' => Period.OfYear(Year),
        'h' => Period.OfHalf(Year, cell[1] - '0'),
        _ => Period.OfQuarter(Year, cell[1] - '0'),
    };
}
