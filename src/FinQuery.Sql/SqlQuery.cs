using System.Text;
using FinQuery.Evaluation;

namespace FinQuery.Sql;

/// <summary>
/// A bound query compiled to SQL over the facts table (<see cref="FactsTable"/>): one row per entity with its
/// <c>value</c> (NULL when NA), <c>na_kind</c> (<c>missing</c> or <c>not-meaningful</c>) and <c>na_reason</c>.
/// The values equal the in-memory evaluator's, NA reasons included; constructs the compiler does not translate
/// are a <see cref="FinQueryException"/> "not supported in SQL: …" positioned on the construct.
/// </summary>
/// <example>
/// <code>
/// var sql = SqlQuery.Compile(Query.Parse("yoy(revenue, 2023Q2)").Bind(data));
/// Console.WriteLine(sql.Text);
/// </code>
/// </example>
public sealed class SqlQuery
{
    private SqlQuery(string text, string parameterized, IReadOnlyList<KeyValuePair<string, object?>> parameters, BoundQuery query, string? entity)
    {
        Text = text;
        ParameterizedText = parameterized;
        Parameters = parameters;
        Bound = query;
        Entity = entity;
        var bindings = new Dictionary<string, Entity?>(StringComparer.Ordinal);
        Collect(query.PlainRoot, bindings);
        SeriesCalendar = bindings.Count == 1 && bindings.Values.Single() is { } only ? only.Calendar : null;
    }

    /// <summary>The calendar of a series read for one entity named in the query (<c>META.revenue</c>); null when it is each row's.</summary>
    internal FiscalCalendar? SeriesCalendar { get; }

    /// <summary>The SQL, literals written out: standard SQL with window functions, for DuckDB, Spark SQL or Trino.</summary>
    public string Text { get; }

    /// <summary>The same SQL with its strings as named parameters (<c>$p1</c>), as the DuckDB engine runs it.</summary>
    internal string ParameterizedText { get; }

    internal IReadOnlyList<KeyValuePair<string, object?>> Parameters { get; }

    internal BoundQuery Bound { get; }

    /// <summary>The entity the rows are narrowed to; null for one row per entity.</summary>
    internal string? Entity { get; }

    /// <summary>
    /// Compiles a bound query. With <paramref name="entity"/>, the SQL gives the one row of that entity (peer
    /// functions still range over every entity); without, one row per entity of the facts table.
    /// </summary>
    /// <exception cref="FinQueryException">The query uses a construct the SQL compiler does not translate ("not supported in SQL: …").</exception>
    public static SqlQuery Compile(BoundQuery query, Entity? entity = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (entity is null) return Compile(query, null, null);
        // The one entity asked for, unless a peer function reads them all.
        return Compile(query, Compilation.HasPeers(query.PlainRoot) ? query.Data.Entities : [entity], entity.Id);
    }

    /// <summary>One row for each entity of <paramref name="universe"/>, the universe of the peer functions.</summary>
    internal static SqlQuery Compile(BoundQuery query, IReadOnlyList<Entity>? universe, string? only)
    {
        try
        {
            string text = Build(query, universe, only, new SqlLiterals(parameters: false));
            var literals = new SqlLiterals(parameters: true);
            string parameterized = Build(query, universe, only, literals);
            return new SqlQuery(text, parameterized, literals.Parameters, query, only);
        }
        catch (FinQueryException e) when (e.Locate(query.Query.Text))
        {
            throw;   // never reached: Locate is false
        }
        catch (Exception ex) when (ex is not FinQueryException)
        {
            // A defect of the compiler must not take the host down: a query error, never a wrong answer.
            throw new FinQueryException($"internal error in the SQL compiler: {ex.Message}", query.PlainRoot.Span);
        }
    }

    /// <summary>The SQL text.</summary>
    public override string ToString() => Text;

    private static string Build(BoundQuery query, IReadOnlyList<Entity>? universe, string? only, SqlLiterals literals)
    {
        var root = query.PlainRoot;
        var c = new Compilation(query, literals, universe);
        c.Ops.RowCalendars = RowCalendars(c.Readers, root);
        Sx result;
        IReadOnlyList<Period>? periods = null;
        SeriesSx? series = null;
        if (root.Type.Kind == TypeKind.Period)
        {
            var p = c.Periods.Compile(root);
            (result, periods) = (p.Code, p.Candidates);
        }
        else if (root is SeriesNode x)
        {
            series = c.Periods.Series(x);
            result = series.Value.Na;
        }
        else
        {
            result = c.Scalars.Compile(root);
        }

        var sql = new StringBuilder("WITH ");
        if (!c.Tables.IsEmpty) c.Tables.WriteTables(sql);
        sql.Append("ents AS (\n  ");
        // With reasons naming periods of several fiscal calendars, each entity's fiscal year end (December when not given).
        bool fyem = c.Ops.UsesRowCalendar;
        string years = $"SELECT entity, MAX({FactsTable.FiscalYearEndMonth}) AS fyem FROM {FactsTable.Name} GROUP BY entity";
        if (universe is null && !fyem) sql.Append("SELECT DISTINCT entity FROM ").Append(FactsTable.Name);
        else if (universe is null) sql.Append("SELECT entity, COALESCE(fyem, 12) AS fyem FROM (").Append(years).Append(") y");
        else if (universe.Count == 0) sql.Append("SELECT entity").Append(fyem ? ", 12 AS fyem" : "").Append(" FROM ").Append(FactsTable.Name).Append(" WHERE 1 = 0");
        else
        {
            string values = $"(VALUES {string.Join(", ", universe.Select(e => $"({literals.String(e.Id)})"))}) t(entity)";
            sql.Append(fyem ? $"SELECT t.entity, COALESCE(y.fyem, 12) AS fyem FROM {values} LEFT JOIN ({years}) y ON y.entity = t.entity" : $"SELECT entity FROM {values}");
        }
        sql.Append("\n),\n");
        c.Tables.WriteBase(sql, fyem);
        c.Layers.Write(sql);
        if (series is { } ser)
        {
            WriteSeries(sql, ser, c.Layers.Top, only, literals);
            return sql.ToString();
        }
        sql.Append("\nSELECT entity, ").Append(periods is null ? result.V : "CAST(NULL AS DOUBLE)").Append(" AS value,\n")
           .Append("  CASE SUBSTRING(").Append(result.Na).Append(", 1, 1) WHEN 'M' THEN 'missing' WHEN 'N' THEN 'not-meaningful' END AS na_kind,\n")
           .Append("  SUBSTRING(").Append(result.Na).Append(", 2) AS na_reason");
        if (periods is not null)
        {
            // A period: its label (2021Q4, 2023-07-10) in a fifth column.
            sql.Append(",\n  ").Append(periods.Count == 0 ? "CAST(NULL AS VARCHAR)"
                : "CASE " + result.V + string.Concat(periods.Select((p, i) => $" WHEN {i} THEN {literals.String(p.ToString())}")) + " END").Append(" AS period");
        }
        sql.Append("\nFROM l").Append(c.Layers.Top);
        if (only is not null) sql.Append("\nWHERE entity = ").Append(literals.String(only));
        sql.Append("\nORDER BY entity");
        return sql.ToString();
    }

    /// <summary>
    /// The rows of a series as the answer: for each entity a first row (<c>k</c> = −1) with its NA, or with its natural
    /// frequency as the value when it has none, then a row per point (<c>period</c>, <c>value</c>) in period order.
    /// </summary>
    private static void WriteSeries(StringBuilder sql, SeriesSx series, int top, string? only, SqlLiterals literals)
    {
        string Pick(Func<int, string> item) =>
            series.Points.Count == 0 ? "NULL" : "CASE p.k" + string.Concat(series.Points.Select((_, i) => $" WHEN {i} THEN {item(i)}")) + " END";
        string value = Pick(i => series.Points[i]);
        string na = series.Na.Na;
        sql.Append("\nSELECT entity, CASE WHEN p.k = -1 THEN ").Append(series.Na.V).Append(" ELSE ").Append(value).Append(" END AS value,\n")
           .Append("  CASE WHEN p.k = -1 THEN CASE SUBSTRING(").Append(na).Append(", 1, 1) WHEN 'M' THEN 'missing' WHEN 'N' THEN 'not-meaningful' END END AS na_kind,\n")
           .Append("  CASE WHEN p.k = -1 THEN SUBSTRING(").Append(na).Append(", 2) END AS na_reason,\n")
           .Append("  ").Append(Pick(i => literals.String(series.Candidates[i].ToString()))).Append(" AS period")
           .Append("\nFROM l").Append(top).Append(" CROSS JOIN (VALUES ")
           .Append(string.Join(", ", Enumerable.Range(-1, series.Points.Count + 1).Select(k => $"({k})"))).Append(") p(k)")
           .Append("\nWHERE (p.k = -1 OR ").Append(na).Append(" IS NULL AND ").Append(value).Append(" IS NOT NULL)");
        if (only is not null) sql.Append(" AND entity = ").Append(literals.String(only));
        sql.Append("\nORDER BY entity, p.k");
    }

    /// <summary>
    /// The calendars that write the periods of the rows' reasons: the one calendar of the readers, or of the one
    /// entity the query reads; else each row's own. Series of entities with different fiscal years do not align
    /// period by period (the evaluator's NA); the SQL does not check calendars, so a query that reads two entities'
    /// series over data of several calendars is refused.
    /// </summary>
    private static IReadOnlyList<FiscalCalendar> RowCalendars(IReadOnlyList<Entity> readers, Bound root)
    {
        var bindings = new Dictionary<string, Entity?>(StringComparer.Ordinal);
        Collect(root, bindings);
        var rows = readers.Select(e => e.Calendar).Distinct().OrderBy(cal => cal.YearEndMonth).ToList();
        if (rows.Count == 0) rows.Add(FiscalCalendar.Calendar);
        var read = bindings.Values.SelectMany(e => e is null ? rows : [e.Calendar]).Distinct().ToList();
        if (bindings.Count > 1 && read.Count > 1)
            throw SqlOps.NotSupported("series of several entities over data whose entities have different fiscal years", root.Span);
        return bindings.ContainsKey("") || bindings.Count == 0 ? rows : read;
    }

    private static void Collect(Bound node, Dictionary<string, Entity?> readers)
    {
        if (node is MetricNode m) readers[m.FixedEntity?.Id ?? ""] = m.FixedEntity;
        foreach (var child in node.Children) Collect(child, readers);
    }
}
