using System.Text;

namespace FinQuery.Sql;

/// <summary>
/// The metric side of the SQL: each series a query reads (a metric and variant) becomes one row per entity and
/// fiscal year with its seven cells (the year, two halves, four quarters), reported values kept beside them, then
/// derived as the evaluator derives them; the points the query asks for are gathered into one row per entity.
/// </summary>
/// <remarks>
/// The evaluator derives until nothing changes, in passes of (year from halves or quarters, halves from quarters),
/// each a roll-up of a missing total from its complete parts or the one missing part of a reported <c>sum</c> total
/// (Q4 = FY − Q1 − Q2 − Q3). A fiscal year's cells only ever depend on that year's cells, and each productive pass
/// fills at least one of the six that can be derived, so six passes reach the same fixpoint, cell for cell and in
/// the same order of additions.
/// </remarks>
internal sealed class MetricTables(SqlLiterals literals)
{
    private static readonly string[] Cells = ["y", "h1", "h2", "q1", "q2", "q3", "q4"];

    private sealed class Table(int index, string metric, Variant variant, Aggregation aggregation)
    {
        public int Index { get; } = index;
        public string Metric { get; } = metric;
        public Variant Variant { get; } = variant;
        public Aggregation Aggregation { get; } = aggregation;
        /// <summary>Gathered columns (<c>q2_2023</c>, <c>rq2_2023</c>) in the order asked for.</summary>
        public List<string> Columns { get; } = [];
        /// <summary>Reported months and days gathered (<c>2023-07-25</c>), in the order asked for.</summary>
        public List<string> Fine { get; } = [];
        /// <summary>Whether the series' edges (first and last day, finest frequency) are read.</summary>
        public bool Edges { get; set; }
    }

    private sealed record Binding(int Index, Table Table, string? FixedEntity)
    {
        public List<string> Columns { get; } = [];
        public List<string> Fine { get; } = [];
        public bool Edges { get; set; }
    }

    private readonly Dictionary<(string, Variant), Table> _tables = new(MetricKeyComparer.Instance);
    private readonly Dictionary<(string?, int), Binding> _bindings = [];

    public bool IsEmpty => _bindings.Count == 0;

    /// <summary>The binding of a metric read for each entity in turn (<paramref name="fixedEntity"/> null) or for one entity.</summary>
    public int Bind(string metric, Variant variant, Aggregation aggregation, string? fixedEntity)
    {
        if (!_tables.TryGetValue((metric, variant), out var table))
            _tables[(metric, variant)] = table = new Table(_tables.Count + 1, metric, variant, aggregation);
        if (!_bindings.TryGetValue((fixedEntity, table.Index), out var b))
            _bindings[(fixedEntity, table.Index)] = b = new Binding(_bindings.Count + 1, table, fixedEntity);
        return b.Index;
    }

    /// <summary>The base-layer column that is non-null when the binding's entity has the series.</summary>
    public string Has(int binding) => $"b{binding}_has";

    /// <summary>The base-layer column of a point (a year, half or quarter), derived or, with <paramref name="reportedOnly"/>, only as reported.</summary>
    public string Point(int binding, Period p, bool reportedOnly)
    {
        string cell = (reportedOnly ? "r" : "") + CellOf(p) + "_" + p.Year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        var b = ByIndex(binding);
        if (!b.Table.Columns.Contains(cell)) b.Table.Columns.Add(cell);
        if (!b.Columns.Contains(cell)) b.Columns.Add(cell);
        return $"b{binding}_{cell}";
    }

    /// <summary>The base-layer column of a month or day as reported (the latest publication), NULL when it is not.</summary>
    public string Reported(int binding, Period p)
    {
        string label = p.ToString();
        var b = ByIndex(binding);
        if (!b.Table.Fine.Contains(label)) b.Table.Fine.Add(label);
        if (!b.Fine.Contains(label)) b.Fine.Add(label);
        return $"b{binding}_{FineColumn(label)}";
    }

    /// <summary>
    /// The base-layer columns of the series' edges, as the evaluator's shape of a metric: the first day and the last
    /// day a reported value covers (DATE), and the finest frequency reported (0 day, 1 month, 2 quarter, 3 half, 4 year).
    /// </summary>
    public (string Low, string High, string Finest) Edges(int binding)
    {
        var b = ByIndex(binding);
        b.Table.Edges = b.Edges = true;
        return ($"b{binding}_lo", $"b{binding}_hi", $"b{binding}_fq");
    }

    private static string FineColumn(string label) => "f" + label.Replace("-", "_", StringComparison.Ordinal);

    /// <summary>The base-layer column of the finest frequency the entity reports the series in (2 quarter, 3 half, 4 year).</summary>
    public string Finest(int binding) => Whole(binding, "fin");

    /// <summary>
    /// The base-layer columns of the first and last fiscal quarter (year × 4 + quarter − 1) a reported year, half or
    /// quarter of the series covers: its first and last day, for a series reported in quarters, halves and years.
    /// </summary>
    public (string First, string Last) QuarterEdges(int binding) => (Whole(binding, "qlo"), Whole(binding, "qhi"));

    /// <summary>A column computed over all the series' years (<see cref="WholeColumns"/>).</summary>
    private string Whole(int binding, string column)
    {
        var b = ByIndex(binding);
        if (!b.Table.Columns.Contains(column)) b.Table.Columns.Add(column);
        if (!b.Columns.Contains(column)) b.Columns.Add(column);
        return $"b{binding}_{column}";
    }

    /// <summary>The columns of a whole series, over all its years: its finest frequency, its first and last quarter.</summary>
    private static readonly Dictionary<string, string> WholeColumns = new(StringComparer.Ordinal)
    {
        ["fin"] = "MIN(CASE WHEN rq1 IS NOT NULL OR rq2 IS NOT NULL OR rq3 IS NOT NULL OR rq4 IS NOT NULL THEN 2 WHEN rh1 IS NOT NULL OR rh2 IS NOT NULL THEN 3 WHEN ry IS NOT NULL THEN 4 END)",
        ["qlo"] = "MIN(CASE WHEN ry IS NOT NULL OR rh1 IS NOT NULL OR rq1 IS NOT NULL THEN fy * 4 WHEN rq2 IS NOT NULL THEN fy * 4 + 1 " +
                  "WHEN rh2 IS NOT NULL OR rq3 IS NOT NULL THEN fy * 4 + 2 WHEN rq4 IS NOT NULL THEN fy * 4 + 3 END)",
        ["qhi"] = "MAX(CASE WHEN ry IS NOT NULL OR rh2 IS NOT NULL OR rq4 IS NOT NULL THEN fy * 4 + 3 WHEN rq3 IS NOT NULL THEN fy * 4 + 2 " +
                  "WHEN rh1 IS NOT NULL OR rq2 IS NOT NULL THEN fy * 4 + 1 WHEN rq1 IS NOT NULL THEN fy * 4 END)",
    };

    /// <summary>The cell of a year, half or quarter: <c>y</c>, <c>h1</c>, <c>q3</c>.</summary>
    public static string CellOf(Period p) => p.Frequency switch
    {
        Frequency.Year => "y",
        Frequency.Half => "h" + p.Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "q" + p.Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private Binding ByIndex(int index) => _bindings.Values.First(b => b.Index == index);

    /// <summary>Writes the common table expressions: the latest facts, the cells of each series, its derivation and its gathered points.</summary>
    public void WriteTables(StringBuilder sql)
    {
        // Only the facts of the series read, and of a series read at fixed fiscal years only those years' (a year's
        // cells depend on that year's facts alone): they are what is ranked for the latest publication.
        var wanted = string.Join("\n      OR ", _tables.Values.Select(t =>
        {
            string series = $"LOWER(metric) = {literals.String(t.Metric.ToLowerInvariant())} AND variant = {literals.String(VariantName(t.Variant))}";
            if (YearsRead(t) is not { } years) return $"({series})";
            if (years.Count == 0) return "1 = 0";
            return $"({series} AND SUBSTRING(period, 1, 4) IN ({string.Join(", ", years.Select(y => literals.String(y.ToString("D4", System.Globalization.CultureInfo.InvariantCulture))))}))";
        }));
        sql.Append("latest AS (\n  SELECT entity, metric, variant, period, period_start, period_end, value FROM (\n")
           .Append("    SELECT entity, LOWER(metric) AS metric, variant, period, period_start, period_end, value,\n")
           .Append("      ROW_NUMBER() OVER (PARTITION BY entity, LOWER(metric), variant, period ORDER BY filed DESC NULLS LAST) AS rn\n")
           .Append("    FROM ").Append(FactsTable.Name).Append("\n    WHERE ").Append(wanted).Append("\n  ) t WHERE rn = 1\n),\n");
        sql.Append("cells AS (\n  SELECT entity, metric, variant, value, CAST(SUBSTRING(period, 1, 4) AS INTEGER) AS fy,\n")
           .Append("    CASE WHEN LENGTH(period) = 4 THEN 'y' WHEN LENGTH(period) = 6 THEN LOWER(SUBSTRING(period, 5, 2)) END AS cell\n")
           .Append("  FROM latest\n),\n");
        foreach (var t in _tables.Values) WriteTable(sql, t);
    }

    /// <summary>The fiscal years whose cells the series is read at; null when it is read across all years (its finest frequency, months and days, or its edges).</summary>
    private static List<int>? YearsRead(Table t) =>
        t.Fine.Count > 0 || t.Edges || t.Columns.Any(WholeColumns.ContainsKey) ? null
        : t.Columns.Select(col => int.Parse(col[(col.IndexOf('_', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order().ToList();

    private static string VariantName(Variant v) => v == Variant.Consensus ? "consensus" : "actual";

    private void WriteTable(StringBuilder sql, Table t)
    {
        // The reported cells of each entity and fiscal year, and which of them are reported (a pattern of 7 bits).
        sql.Append($"s{t.Index} AS (\n  SELECT entity, fy");
        foreach (var c in Cells) sql.Append(",\n    MAX(CASE WHEN cell = '").Append(c).Append("' THEN value END) AS r").Append(c);
        sql.Append("\n  FROM cells WHERE metric = ").Append(literals.String(t.Metric.ToLowerInvariant()))
           .Append(" AND variant = ").Append(literals.String(VariantName(t.Variant)))
           .Append("\n  GROUP BY entity, fy\n),\n");
        if (t.Aggregation == Aggregation.Sum)
        {
            // Step by step as the evaluator derives, so that parts too large to add up are not derived here either.
            SumDerivation.Write(sql, $"d{t.Index}", $"s{t.Index}");
        }
        else
        {
            // Each derived cell of a balance (its last part, which cannot overflow) by the evaluator's own derivation for that pattern.
            var derived = t.Columns.Where(col => !WholeColumns.ContainsKey(col)).Select(col => col[..col.IndexOf('_', StringComparison.Ordinal)]).Where(c => !c.StartsWith('r')).Distinct().ToList();
            string pattern = string.Join(" + ", Cells.Select((c, i) => $"CASE WHEN r{c} IS NULL THEN 0 ELSE {1 << i} END"));
            sql.Append($"p{t.Index} AS (SELECT s{t.Index}.*, {pattern} AS pat FROM s{t.Index}),\n");
            sql.Append($"d{t.Index} AS (\n  SELECT entity, fy, ").Append(string.Join(", ", Cells.Select(c => "r" + c)));
            foreach (var c in derived) sql.Append(",\n    ").Append(DerivationPlan.Cell(t.Aggregation, c, "pat")).Append(" AS ").Append(c);
            sql.Append($"\n  FROM p{t.Index}\n),\n");
        }
        // With some years read, whether the entity has the series at all comes from all its facts (not ranked).
        bool someYears = YearsRead(t) is not null;
        sql.Append($"g{t.Index} AS (\n  SELECT {(someYears ? "x." : "")}entity, 1 AS has");
        foreach (var col in t.Columns)
        {
            if (WholeColumns.TryGetValue(col, out var whole))
            {
                sql.Append(",\n    ").Append(whole).Append(" AS ").Append(col);
                continue;
            }
            int cut = col.IndexOf('_', StringComparison.Ordinal);
            sql.Append(",\n    MAX(CASE WHEN fy = ").Append(int.Parse(col[(cut + 1)..], System.Globalization.CultureInfo.InvariantCulture))
               .Append(" THEN ").Append(col[..cut]).Append(" END) AS ").Append(col);
        }
        if (someYears)
            sql.Append($"\n  FROM (SELECT DISTINCT entity FROM {FactsTable.Name} WHERE LOWER(metric) = {literals.String(t.Metric.ToLowerInvariant())} AND variant = {literals.String(VariantName(t.Variant))}) x")
               .Append($"\n  LEFT JOIN d{t.Index} ON d{t.Index}.entity = x.entity\n  GROUP BY x.entity\n),\n");
        else
            sql.Append($"\n  FROM d{t.Index}\n  GROUP BY entity\n),\n");
        if (t.Fine.Count == 0 && !t.Edges) return;
        // Months and days as reported, and the series' edges, from the latest facts themselves.
        sql.Append($"f{t.Index} AS (\n  SELECT entity, MIN(period_start) AS lo, MAX(period_end) AS hi,\n")
           .Append("    MIN(CASE LENGTH(period) WHEN 10 THEN 0 WHEN 7 THEN 1 WHEN 4 THEN 4 ELSE CASE UPPER(SUBSTRING(period, 5, 1)) WHEN 'H' THEN 3 ELSE 2 END END) AS fq");
        foreach (var label in t.Fine)
            sql.Append(",\n    MAX(CASE WHEN period = ").Append(literals.String(label)).Append(" THEN value END) AS ").Append(FineColumn(label));
        sql.Append("\n  FROM latest WHERE metric = ").Append(literals.String(t.Metric.ToLowerInvariant()))
           .Append(" AND variant = ").Append(literals.String(VariantName(t.Variant)))
           .Append("\n  GROUP BY entity\n),\n");
    }

    /// <summary>Writes the base layer <c>l0</c>: one row per entity of <c>ents</c>, with every gathered point.</summary>
    public void WriteBase(StringBuilder sql, bool fiscalYearEnd)
    {
        sql.Append("l0 AS (\n  SELECT e.entity");
        if (fiscalYearEnd) sql.Append(", e.fyem");
        foreach (var b in _bindings.Values)
        {
            sql.Append(",\n    b").Append(b.Index).Append(".has AS ").Append(Has(b.Index));
            foreach (var col in b.Columns) sql.Append(", b").Append(b.Index).Append('.').Append(col).Append(" AS b").Append(b.Index).Append('_').Append(col);
            if (b.Edges) sql.Append($", bf{b.Index}.lo AS b{b.Index}_lo, bf{b.Index}.hi AS b{b.Index}_hi, bf{b.Index}.fq AS b{b.Index}_fq");
            foreach (var label in b.Fine) sql.Append($", bf{b.Index}.{FineColumn(label)} AS b{b.Index}_{FineColumn(label)}");
        }
        sql.Append("\n  FROM ents e");
        foreach (var b in _bindings.Values)
        {
            sql.Append("\n  LEFT JOIN g").Append(b.Table.Index).Append(" b").Append(b.Index).Append(" ON b").Append(b.Index).Append(".entity = ")
               .Append(b.FixedEntity is null ? "e.entity" : literals.String(b.FixedEntity));
            if (b.Fine.Count > 0 || b.Edges)
                sql.Append("\n  LEFT JOIN f").Append(b.Table.Index).Append(" bf").Append(b.Index).Append(" ON bf").Append(b.Index).Append(".entity = ")
                   .Append(b.FixedEntity is null ? "e.entity" : literals.String(b.FixedEntity));
        }
        sql.Append("\n)");
    }
}
