using System.Text;

namespace FinQuery.Sql;

/// <summary>
/// How the evaluator derives each cell of a fiscal year (the year, two halves, four quarters) from the cells
/// reported that year, for each of the 128 patterns of reported cells: found by building the series in memory
/// and reading back its derivations (Q4 = FY − Q1 − Q2 − Q3, 2023 = 2023H1 + 2023H2, …), then written as SQL over
/// the reported cells in the evaluator's order of additions. A year's cells depend only on that year's.
/// </summary>
internal static class DerivationPlan
{
    private static readonly string[] Cells = ["y", "h1", "h2", "q1", "q2", "q3", "q4"];
    private const int Year = 2000;

    private static readonly Dictionary<Aggregation, Dictionary<string, string>[]> Plans = new()
    {
        [Aggregation.Sum] = Build(Aggregation.Sum),
        [Aggregation.Last] = Build(Aggregation.Last),
    };

    private static readonly MetricSeries?[] SumSeries = Enumerable.Range(0, 1 << Cells.Length).Select(p => Synthetic(Aggregation.Sum, p)).ToArray();

    /// <summary>
    /// The cover of quarters <paramref name="from"/>..<paramref name="to"/> (1 to 4) of a fiscal year, per pattern of
    /// reported cells, as the evaluator's range sum finds it: the cells it adds, or the period of the first gap
    /// (at <paramref name="gapFrequency"/>, in a year numbered <see cref="Year"/>).
    /// </summary>
    public static IEnumerable<(int[] Patterns, string[] Cells, Period? Gap)> Cover(int from, int to, Frequency gapFrequency)
    {
        var calendar = FiscalCalendar.Calendar;
        int start = calendar.StartDay(Period.OfQuarter(Year, from)), end = calendar.EndDay(Period.OfQuarter(Year, to));
        var ways = new Dictionary<string, (List<int> Patterns, string[] Cells, Period? Gap)>(StringComparer.Ordinal);
        for (int pattern = 0; pattern < SumSeries.Length; pattern++)
        {
            string[] cells = [];
            Period? gap = Period.OfYear(Year);
            if (SumSeries[pattern] is { } series)
            {
                var used = new List<Period>();
                bool covered = series.TryCoverSum(start, end, gapFrequency, out _, out var g, used);
                cells = covered ? used.Select(MetricTables.CellOf).ToArray() : [];
                gap = covered ? null : g;
            }
            else
            {
                gap = calendar.Containing(Period.OfQuarter(Year, from), gapFrequency);
            }
            string key = gap is { } k ? "gap " + k : string.Join("+", cells);
            if (!ways.TryGetValue(key, out var way)) ways[key] = way = ([], cells, gap);
            way.Patterns.Add(pattern);
        }
        return ways.Values.Select(w => (w.Patterns.ToArray(), w.Cells, w.Gap));
    }

    /// <summary>The year in which the synthetic series lie.</summary>
    public const int SyntheticYear = Year;

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
