using System.Data.Common;
using DuckDB.NET.Data;
using FinQuery.Evaluation;

namespace FinQuery.Sql;

/// <summary>
/// Evaluates bound queries in embedded DuckDB: the query is compiled to SQL (<see cref="SqlQuery"/>) and run
/// over the facts table, loaded from a dataset or read by DuckDB from Parquet files. Results equal
/// <see cref="BoundQuery.Evaluate()"/>'s for every query the compiler accepts. Not thread-safe: use one engine
/// per thread.
/// </summary>
public sealed class DuckDbEngine : IDisposable
{
    private readonly DuckDBConnection _connection;

    private DuckDbEngine(DuckDBConnection connection) => _connection = connection;

    /// <summary>An in-memory DuckDB whose facts table holds every published value of <paramref name="data"/>.</summary>
    public static DuckDbEngine Load(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var engine = Open();
        engine.Execute(FactsTable.Ddl);
        engine.Append(data);
        return engine;
    }

    /// <summary>Replaces the facts of an engine made by <see cref="Load"/> with those of <paramref name="data"/> (one database for many datasets).</summary>
    internal void Reload(Dataset data)
    {
        Execute($"DELETE FROM {FactsTable.Name}");
        Append(data);
    }

    private void Append(Dataset data)
    {
        using (var appender = _connection.CreateAppender(FactsTable.Name))
        {
            foreach (var f in FactsTable.Rows(data))
            {
                var row = appender.CreateRow()
                    .AppendValue(f.Entity).AppendValue(f.Metric).AppendValue(f.Variant).AppendValue(f.Period)
                    .AppendValue(f.PeriodStart).AppendValue(f.PeriodEnd).AppendValue(f.Value).AppendValue(f.Unit);
                (f.Filed is { } d ? row.AppendValue(d) : row.AppendNullValue())
                    .AppendValue(f.Aggregation).AppendValue(f.FiscalYearEndMonth).AppendValue(f.EntityName).EndRow();
            }
        }
    }

    /// <summary>
    /// An in-memory DuckDB whose facts table is a view over Parquet files (a file, or every <c>*.parquet</c> file of
    /// a folder), read by DuckDB itself, larger than memory if need be.
    /// </summary>
    /// <exception cref="FileNotFoundException">No Parquet file is at <paramref name="path"/>.</exception>
    /// <exception cref="DataFileException">DuckDB cannot read the file as Parquet.</exception>
    public static DuckDbEngine OpenParquet(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string pattern = Directory.Exists(path) ? Path.Combine(path, "*.parquet")
            : File.Exists(path) ? path
            : throw new FileNotFoundException($"No Parquet file at {path}.", path);
        var engine = Open();
        try
        {
            // A view cannot take parameters: the path is written as a quoted literal.
            engine.Execute($"CREATE VIEW {FactsTable.Name} AS SELECT * FROM read_parquet('{pattern.Replace("'", "''", StringComparison.Ordinal)}')");
        }
        catch (DbException ex)
        {
            engine.Dispose();
            throw new DataFileException(path, "file", $"DuckDB cannot read it as Parquet: {ex.Message.Split('\n')[0]}");
        }
        return engine;
    }

    /// <summary>
    /// The dataset of the facts table (for binding queries to it): every row a published observation, with its
    /// aggregation, fiscal year end and entity name from the optional columns (<c>none</c>, December and the id
    /// when a file has not got them).
    /// </summary>
    /// <exception cref="DataFileException">A row is not a valid fact; the message names the row.</exception>
    public Dataset ReadDataset(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var describe = _connection.CreateCommand())
        {
            describe.CommandText = $"SELECT * FROM {FactsTable.Name} LIMIT 0";
            using var schema = describe.ExecuteReader();
            for (int i = 0; i < schema.FieldCount; i++) columns.Add(schema.GetName(i));
        }
        string Optional(string name, string fallback) => columns.Contains(name) ? name : fallback;
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT entity, metric, variant, period, value, unit, filed, " +
            $"{Optional("aggregation", "'none'")}, {Optional("fiscal_year_end_month", "12")}, {Optional("entity_name", "entity")} " +
            $"FROM {FactsTable.Name} ORDER BY entity, metric, variant, period, filed NULLS FIRST";
        var builder = new DatasetBuilder();
        var entities = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long row = 0;
        try
        {
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                row++;
                string entity = reader.GetString(0);
                if (entities.Add(entity))
                    builder.AddEntity(entity, reader.IsDBNull(9) ? entity : reader.GetString(9), reader.IsDBNull(8) ? 12 : Convert.ToInt32(reader.GetValue(8), System.Globalization.CultureInfo.InvariantCulture));
                string text = reader.GetString(3);
                if (!Period.TryParse(text, out var period)) throw new DataFileException(source, $"row {row}", $"'{text}' is not a period");
                var variant = reader.GetString(2).Equals("consensus", StringComparison.OrdinalIgnoreCase) ? Variant.Consensus : Variant.Actual;
                string aggregationText = reader.IsDBNull(7) ? "none" : reader.GetString(7);
                if (!Enum.TryParse<Aggregation>(aggregationText, ignoreCase: true, out var aggregation))
                    throw new DataFileException(source, $"row {row}", $"aggregation '{aggregationText}' is not sum, last or none");
                DateOnly? filed = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateOnly>(6);
                builder.AddObservation(entity, reader.GetString(1), variant, reader.GetString(5), aggregation, period, reader.GetDouble(4), filed, null);
            }
            return builder.Build();
        }
        catch (Exception ex) when (ex is DbException or ArgumentException or InvalidCastException)
        {
            throw new DataFileException(source, row == 0 ? "facts" : $"row {row}", ex.Message);
        }
    }

    /// <summary>
    /// The threads each engine's DuckDB may use; null for DuckDB's default (one per core). The tests set one: their
    /// data is tiny, and DuckDB's threads only add to the time of planning it.
    /// </summary>
    internal static int? Threads { get; set; }

    private static DuckDbEngine Open()
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var engine = new DuckDbEngine(connection);
        if (Threads is { } threads) engine.Execute("SET threads = " + threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return engine;
    }

    /// <summary>Writes the facts table to a Parquet file.</summary>
    public void ExportParquet(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Execute($"COPY (SELECT * FROM {FactsTable.Name} ORDER BY entity, metric, variant, period_start, period_end, filed) TO '{path.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT PARQUET)");
    }

    /// <summary>Evaluates for one entity (the query's default entity when null), as <see cref="BoundQuery.Evaluate(Entity?, CancellationToken)"/> does.</summary>
    /// <exception cref="FinQueryException">The query is not supported in SQL, or DuckDB failed to run it.</exception>
    public QueryResult Evaluate(BoundQuery query, Entity? entity = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        entity ??= query.DefaultEntity;
        if (entity is null) throw NoEntity(query);
        return Row(Run(SqlQuery.Compile(query, entity)), entity, query);
    }

    private static FinQueryException NoEntity(BoundQuery query) => SqlOps.NotSupported("a query with no entity (name one)", query.PlainRoot.Span);

    private static QueryResult Row(IReadOnlyDictionary<string, QueryResult> rows, Entity entity, BoundQuery query) =>
        rows.TryGetValue(entity.Id, out var r) ? r : throw new FinQueryException($"DuckDB gave no row for {entity.Id}", query.PlainRoot.Span);

    /// <summary>Evaluates for every entity of the facts table, as a screen does: one result per entity id, in id order.</summary>
    /// <exception cref="FinQueryException">The query is not supported in SQL, or DuckDB failed to run it.</exception>
    public IReadOnlyDictionary<string, QueryResult> EvaluateAll(BoundQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Run(SqlQuery.Compile(query));
    }

    /// <summary>
    /// Evaluates for each entity of <paramref name="universe"/>, which is the universe of the peer functions, as
    /// <see cref="BoundQuery.EvaluateMany"/> does: <c>results[i]</c> is for <c>universe[i]</c>.
    /// </summary>
    /// <exception cref="FinQueryException">The query is not supported in SQL, or DuckDB failed to run it.</exception>
    public QueryResult[] EvaluateMany(BoundQuery query, IReadOnlyList<Entity> universe)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(universe);
        var rows = Run(SqlQuery.Compile(query, universe, null));
        return [.. universe.Select(e => rows.TryGetValue(e.Id, out var r) ? r : throw new FinQueryException($"DuckDB gave no row for {e.Id}", query.PlainRoot.Span))];
    }

    /// <summary>
    /// Checks a claim as <see cref="BoundQuery.Check"/> does: the verdict, the value of the comparison's left side
    /// and the figure it is compared against, each computed in DuckDB. The facts table records no sources, so the
    /// claim's <see cref="Claim.Sources"/> are empty and its result has no provenance.
    /// </summary>
    /// <exception cref="FinQueryException">The query is not a claim, is not supported in SQL, or DuckDB failed to run it.</exception>
    public Claim Check(BoundQuery query, Entity? entity = null) => Check(query, entity, null);

    /// <summary>A claim checked in DuckDB, with the observations it used taken from <paramref name="provenance"/> (the evaluator's explanation).</summary>
    internal Claim Check(BoundQuery query, Entity? entity, Provenance? provenance)
    {
        ArgumentNullException.ThrowIfNull(query);
        // Not a claim: the evaluator's own error, raised before it evaluates anything.
        if (!query.IsClaim) return query.Check(entity);
        entity ??= query.DefaultEntity;
        if (entity is null) throw NoEntity(query);
        var sides = Claims.ClaimSides.Bind(query);
        // The claim and the sides computed in DuckDB, in one statement.
        var asked = new List<BoundQuery> { query };
        if (sides.Operator is not null)
        {
            asked.Add(sides.Left!);
            if (sides.Figure is null) asked.Add(sides.Right!);
        }
        asked.RemoveAll(q => q != query && Compilation.TryConstant(q.PlainRoot, out _));
        var rows = RunBatch([.. asked.Select(q => SqlQuery.Compile(q, entity))]);
        QueryResult Of(BoundQuery q) => Compilation.TryConstant(q.PlainRoot, out var constant) && q != query
            ? new QueryResult(constant, q.PlainRoot.Type, null, null, entity.Calendar)
            : Row(rows[asked.IndexOf(q)], entity, q);
        var whole = Of(query);
        var result = new QueryResult(ValueOf(whole), query.PlainRoot.Type, provenance, null, entity.Calendar);
        if (sides.Operator is not { } op) return new Claim(result, null, null, null, null, ClaimMatch.None);
        var actual = Of(sides.Left!);
        var against = sides.Figure is not null ? sides.FigureResult(actual) : Of(sides.Right!);
        var by = op == Syntax.BinaryOp.About && sides.Figure is { } written && actual.Kind is ResultKind.Number or ResultKind.Percent
            ? written.Match(actual.Number)
            : ClaimMatch.None;
        return new Claim(result, Syntax.AstPrinter.OperatorText(op), actual, against, sides.Figure, by);
    }


    /// <summary>A result of <paramref name="query"/> read from DuckDB, without its provenance.</summary>
    internal static QueryResult WithoutProvenance(QueryResult r, BoundQuery query) => new(ValueOf(r), query.PlainRoot.Type, null, null, r.Calendar);

    /// <summary>The value of a result read from DuckDB (a number, a boolean or NA).</summary>
    private static Value ValueOf(QueryResult r) => r.Kind switch
    {
        ResultKind.NA => r.NaKind == NaKind.NotMeaningful ? Value.NotMeaningful(r.Reason ?? "") : Value.Missing(r.Reason ?? ""),
        ResultKind.Bool => Value.Bool(r.Bool!.Value),
        _ => Value.Number(r.Number),
    };

    /// <summary>Runs compiled SQL: one result per entity.</summary>
    public IReadOnlyDictionary<string, QueryResult> Run(SqlQuery sql) => Run(sql, printed: false);

    /// <summary>Runs the parameterized SQL, or with <paramref name="printed"/> the text with literals written out (as <c>finq sql</c> prints it).</summary>
    internal IReadOnlyDictionary<string, QueryResult> Run(SqlQuery sql, bool printed)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var results = new ResultRows(sql);
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = printed ? sql.Text : sql.ParameterizedText;
        if (!printed)
            foreach (var (name, value) in sql.Parameters) cmd.Parameters.Add(new DuckDBParameter(name, value));
        try
        {
            using var reader = cmd.ExecuteReader();
            while (reader.Read()) results.Read(reader, 0);
        }
        catch (DbException ex)
        {
            throw new FinQueryException($"DuckDB could not run the query: {ex.Message}", sql.Bound.PlainRoot.Span);
        }
        return results.Finish();
    }

    /// <summary>
    /// Runs several compiled queries in one statement (joined by <c>UNION ALL</c>, each row tagged with its query's
    /// index; the parameters of query i renamed <c>$b{i}p1</c> …): one result per entity for each query.
    /// </summary>
    internal IReadOnlyList<IReadOnlyDictionary<string, QueryResult>> RunBatch(IReadOnlyList<SqlQuery> queries)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var results = queries.Select(q => new ResultRows(q)).ToArray();
        if (queries.Count == 0) return [];
        if (queries.Count == 1) return [Run(queries[0])];
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = string.Join("\nUNION ALL\n", queries.Select((q, i) =>
            $"SELECT {i} AS q, entity, value, na_kind, na_reason, {(q.Bound.PlainRoot.Type.Kind is TypeKind.Period or TypeKind.Series or TypeKind.BoolSeries ? "period" : "CAST(NULL AS VARCHAR)")} AS period FROM (\n" +
            ParameterPrefix.Replace(q.ParameterizedText, $"$$b{i}p") + $"\n) t{i}"));
        for (int i = 0; i < queries.Count; i++)
            foreach (var (name, value) in queries[i].Parameters) cmd.Parameters.Add(new DuckDBParameter($"b{i}{name}", value));
        try
        {
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                int i = reader.GetInt32(0);
                results[i].Read(reader, 1);
            }
        }
        catch (DbException ex)
        {
            throw new FinQueryException($"DuckDB could not run the query: {ex.Message}", queries[0].Bound.PlainRoot.Span);
        }
        return [.. results.Select(r => r.Finish())];
    }

    /// <summary>The start of a parameter's name in parameterized SQL (strings are parameters there, so nothing else has a <c>$</c>).</summary>
    private static readonly System.Text.RegularExpressions.Regex ParameterPrefix = new(@"\$p(?=[0-9])", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>
    /// The results of one query, read row by row (entity, value, na_kind, na_reason, period from a column on): one
    /// row per entity; of a series as the answer, a row with its NA (or its natural frequency as the value) and one
    /// row per point.
    /// </summary>
    private sealed class ResultRows(SqlQuery sql)
    {
        private readonly SortedDictionary<string, QueryResult> _results = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (Value? Na, Frequency Frequency, List<(Period Period, double Value)> Points)> _series = new(StringComparer.Ordinal);
        private readonly QType _type = sql.Bound.PlainRoot.Type;
        private bool IsSeries => _type.Kind is TypeKind.Series or TypeKind.BoolSeries;

        public void Read(DbDataReader reader, int at)
        {
            string id = reader.GetString(at);
            var calendar = sql.Bound.Data.FindEntity(id)?.Calendar ?? default;
            if (!IsSeries)
            {
                _results[id] = new QueryResult(ToValue(reader, at, _type, sql), _type, null, null, calendar);
                return;
            }
            var row = _series.TryGetValue(id, out var known) ? known : (null, Frequency.Quarter, new List<(Period, double)>());
            if (reader.IsDBNull(at + 4))
            {
                // The entity's row: its NA, or its series' natural frequency.
                if (!reader.IsDBNull(at + 2)) row.Na = ToValue(reader, at, _type, sql);
                else if (!reader.IsDBNull(at + 1)) row.Frequency = (Frequency)(int)reader.GetDouble(at + 1);
            }
            else if (Period.TryParse(reader.GetString(at + 4), out var p) && !reader.IsDBNull(at + 1))
            {
                row.Points.Add((p, reader.GetDouble(at + 1)));
            }
            else
            {
                throw new FinQueryException("DuckDB gave a point of a series without its period or value", sql.Bound.PlainRoot.Span);
            }
            _series[id] = row;
        }

        public IReadOnlyDictionary<string, QueryResult> Finish()
        {
            foreach (var (id, (na, frequency, points)) in _series)
            {
                var entity = sql.Bound.Data.FindEntity(id);
                if (na is { } v)
                {
                    _results[id] = new QueryResult(v, _type, null, null, entity?.Calendar ?? default);
                    continue;
                }
                points.Sort((a, b) => a.Period.Ordinal.CompareTo(b.Period.Ordinal));
                var builder = new SeriesBuilder(points.Count > 0 ? points[0].Period.Frequency : frequency, points.Count);
                foreach (var (p, x) in points) builder.Add(p.Ordinal, x == 0 ? 0 : x);
                var node = (SeriesNode)sql.Bound.PlainRoot;
                var calendar = sql.SeriesCalendar ?? entity?.Calendar ?? default;
                _results[id] = new QueryResult(Value.Of(builder.Build(node.Text, calendar, node.IsBool)), _type, null, null, calendar);
            }
            return _results;
        }
    }

    private static Value ToValue(DbDataReader reader, int at, QType type, SqlQuery sql)
    {
        if (!reader.IsDBNull(at + 2))
        {
            string reason = reader.IsDBNull(at + 3) ? "" : reader.GetString(at + 3);
            return reader.GetString(at + 2) == "not-meaningful" ? Value.NotMeaningful(reason) : Value.Missing(reason);
        }
        if (type.Kind == TypeKind.Period)
        {
            if (reader.IsDBNull(at + 4) || !Period.TryParse(reader.GetString(at + 4), out var period))
                throw new FinQueryException("DuckDB gave neither a period nor a reason", sql.Bound.PlainRoot.Span);
            return Value.Of(period);
        }
        if (reader.IsDBNull(at + 1)) throw new FinQueryException("DuckDB gave neither a value nor a reason", sql.Bound.PlainRoot.Span);
        double v = reader.GetDouble(at + 1);
        return type.Kind == TypeKind.Bool ? Value.Bool(v != 0) : Value.Number(v == 0 ? 0 : v);
    }

    private void Execute(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>Closes the database.</summary>
    public void Dispose() => _connection.Dispose();
}
