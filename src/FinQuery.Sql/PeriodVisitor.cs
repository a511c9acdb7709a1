using System.Globalization;
using System.Text;
using FinQuery.Evaluation;

namespace FinQuery.Sql;

/// <summary>
/// A period computed from the data: its SQL value is the index of one of a list of candidate periods known when
/// the query is compiled (NULL when NA).
/// </summary>
internal readonly record struct PeriodSx(Sx Code, IReadOnlyList<Period> Candidates);

/// <summary>
/// A series as the answer: the row's NA (with the series' natural frequency as its value), and for each candidate
/// period the column of the row's value there (NULL where it has none).
/// </summary>
internal readonly record struct SeriesSx(Sx Na, IReadOnlyList<string> Points, IReadOnlyList<Period> Candidates);

/// <summary>
/// Periods computed from the data: <c>first(c)</c> and <c>last(c)</c> walk the condition's periods, and any node
/// that takes such a period (<c>first(c) = 2021Q4</c>, <c>days_between(d, first(c))</c>, <c>x[first(c)]</c>,
/// <c>first(c) + 1</c>) is computed for each candidate at compile time by the evaluator itself, then picked by the
/// SQL: the same values and the same NA, reasons included.
/// </summary>
internal sealed class PeriodVisitor(Compilation c)
{
    private readonly Dictionary<Bound, PeriodSx> _lets = new(ReferenceEqualityComparer.Instance);

    /// <summary>A period-valued node that reads data.</summary>
    public PeriodSx Compile(Bound node)
    {
        if (Compilation.TryConstant(node, out var constant))
        {
            if (constant.IsNa) return new PeriodSx(c.Ops.Constant(constant), []);
            if (constant.Kind != ValueKind.Period) throw SqlOps.NotSupported($"{node.Type.Describe()} as a period", node.Span);
            return new PeriodSx(Sx.Constant("0"), [constant.AsPeriod]);
        }
        switch (node)
        {
            case FirstLastNode f:
                return Walk(f);
            case LetNode l:
                if (!_lets.TryGetValue(l, out var let)) _lets[l] = let = Compile(l.Value);
                return let;
            default:
            {
                var e = Enumerate(node);
                var candidates = e.Values.Where(v => !v.IsNa).Select(v => v.AsPeriod).Distinct().ToList();
                return new PeriodSx(Pick(e, v => candidates.IndexOf(v.AsPeriod).ToString(CultureInfo.InvariantCulture)), candidates);
            }
        }
    }

    /// <summary>Whether a number- or boolean-valued node takes a period computed from the data (and so is compiled here).</summary>
    public static bool TakesDataPeriod(Bound node) =>
        node is not SeriesNode && node.Children.Any(ch => ch.Type.Kind == TypeKind.Period && !Compilation.TryConstant(ch, out _));

    /// <summary>A number- or boolean-valued node with one period child computed from the data.</summary>
    public Sx Scalar(Bound node)
    {
        if (node is IndexNode i)
        {
            // x[p]: the point of x at each candidate.
            var p = Compile(i.Index);
            var points = p.Candidates.Select(q => c.Points.At(i.Target, q)).ToArray();
            if (points.Length == 0) return p.Code;
            string v = "CASE " + p.Code.V + string.Concat(points.Select((x, k) => $" WHEN {k} THEN {x.V}")) + " END";
            string na = $"CASE WHEN {p.Code.Na} IS NOT NULL THEN {p.Code.Na}" + string.Concat(points.Select((x, k) => $" WHEN {p.Code.V} = {k} THEN {x.Na}")) + " END";
            return c.Layers.Define(v, na, [p.Code, .. points]);
        }
        if (node is ElapsedNode && node.Children.All(ch => Compilation.TryConstant(ch, out _)))
        {
            // Two constant periods: whole days, months or years between them on each row's calendar.
            var v = Same(Entities().Select(e =>
            {
                var ctx = Context(e);
                return node.Eval(ref ctx);
            }), node);
            return c.Ops.Constant(v);
        }
        return Pick(Enumerate(node), v => v.Kind == ValueKind.Bool ? (v.AsBool ? SqlOps.One : SqlOps.Zero) : SqlLiterals.Number(v.AsNumber));
    }

    /// <summary>
    /// The node's value for each candidate of its one period child computed from the data (its other children are
    /// constants), by the evaluator, and its value when that child is NA: null for the child's own NA, or the NA of a
    /// constant evaluated before it.
    /// </summary>
    private (PeriodSx Code, List<Value> Values, Value? WhenNa) Enumerate(Bound node)
    {
        var children = node.Children;
        int k = -1;
        for (int j = 0; j < children.Count; j++)
        {
            if (Compilation.TryConstant(children[j], out _)) continue;
            if (k >= 0 || children[j].Type.Kind != TypeKind.Period) throw SqlOps.NotSupported($"{Describe(node)} of values computed from the data", node.Span);
            k = j;
        }
        if (k < 0) throw SqlOps.NotSupported(Describe(node), node.Span);
        var child = Compile(children[k]);
        // Evaluated as for an entity of each calendar the rows have (days_between counts days of fiscal quarters);
        // where the calendars give different values, the SQL picks the row's.
        var entities = Entities();
        var values = child.Candidates.Select(p => Same(entities.Select(e => EvalWith(node, k, Value.Of(p), e)), node)).ToList();
        const string sentinel = "\u0001the period computed from the data";
        var whenNa = Same(entities.Select(e => EvalWith(node, k, Value.Missing(sentinel), e)), node);
        if (!whenNa.IsNa) throw SqlOps.NotSupported($"{Describe(node)} that has a value when its period is NA", node.Span);
        return (child, values, whenNa.AsNa.Reason == sentinel ? null : whenNa);
    }

    /// <summary>An entity of each calendar the rows have.</summary>
    private List<Entity?> Entities() =>
        c.Ops.RowCalendars.Select(cal => c.Readers.Concat(c.Data.Entities).FirstOrDefault(e => e.Calendar == cal)).ToList();

    private static EvalContext Context(Entity? entity) => new() { Budget = 1_000_000, VintageText = "", Entity = entity };

    /// <summary>The one value the calendars agree on.</summary>
    private static Value Same(IEnumerable<Value> values, Bound node)
    {
        var list = values.ToList();
        var v = list[0];
        foreach (var w in list.Skip(1))
        {
            bool same = v.Kind == w.Kind && (v.Kind switch
            {
                ValueKind.Na => v.AsNa.Kind == w.AsNa.Kind && v.AsNa.Reason == w.AsNa.Reason,
                ValueKind.Number => v.AsNumber.Equals(w.AsNumber),
                ValueKind.Bool => v.AsBool == w.AsBool,
                ValueKind.Period => v.AsPeriod == w.AsPeriod,
                _ => false,
            });
            if (!same) throw SqlOps.NotSupported($"{Describe(node)} that differs between the entities' fiscal calendars", node.Span);
        }
        return v;
    }

    private static Value EvalWith(Bound node, int k, Value v, Entity? entity)
    {
        var children = node.Children.ToArray();
        children[k] = new ConstNode(v, children[k].Type, children[k].Span);
        var ctx = Context(entity);
        return node.WithChildren(children).Eval(ref ctx);
    }

    /// <summary>SQL choosing among the values of <see cref="Enumerate"/>, one per candidate.</summary>
    private Sx Pick((PeriodSx Code, List<Value> Values, Value? WhenNa) e, Func<Value, string> sql)
    {
        var code = e.Code.Code;
        var v = new StringBuilder("CASE ").Append(code.V);
        var na = new StringBuilder("CASE WHEN ").Append(code.Na).Append(" IS NOT NULL THEN ")
            .Append(e.WhenNa is { } w ? c.Ops.Na(w.AsNa.Kind, w.AsNa.Reason) : code.Na);
        bool any = false;
        for (int i = 0; i < e.Values.Count; i++)
        {
            var x = e.Values[i];
            if (x.IsNa)
            {
                na.Append(" WHEN ").Append(code.V).Append(" = ").Append(i).Append(" THEN ").Append(c.Ops.Na(x.AsNa.Kind, x.AsNa.Reason));
                continue;
            }
            any = true;
            v.Append(" WHEN ").Append(i).Append(" THEN ").Append(sql(x));
        }
        return c.Layers.Define(any ? v.Append(" END").ToString() : "CAST(NULL AS DOUBLE)", na.Append(" END").ToString(), code);
    }

    /// <summary>
    /// <c>first(c)</c> or <c>last(c)</c>: the first (last) period of the condition's series where it is true. The
    /// periods are those of the condition's shape (its finest frequency, between its first and last day), which the
    /// SQL computes; the candidates are those periods for each entity of the data the query is bound to. Should the
    /// data the SQL runs over reach further, the result is NA not meaningful, saying so.
    /// </summary>
    private PeriodSx Walk(FirstLastNode node)
    {
        var cond = (SeriesNode)node.Children[0];
        var walk = Points(cond, node, "first and last", "first and last list them");
        var order = Enumerable.Range(0, walk.Candidates.Count);
        if (!node.IsFirst) order = order.Reverse();
        var code = new StringBuilder("CASE");
        foreach (int i in order) code.Append(" WHEN ").Append(walk.Tests[i].Inside).Append(" AND ").Append(walk.Tests[i].Point.V).Append(" <> 0 THEN ").Append(i);
        string v = walk.Candidates.Count == 0 ? "CAST(NULL AS DOUBLE)" : code.Append(" END").ToString();
        var inputs = walk.Tests.Select(t => t.Point).ToList();
        if (walk.Edges.Na is { } shapeNa) inputs.Add(shapeNa);
        var result = c.Layers.Define(v, "CAST(NULL AS VARCHAR)", [.. inputs]);
        var na = $"COALESCE({walk.Edges.Na?.Na ?? "CAST(NULL AS VARCHAR)"}, CASE WHEN {walk.Guard} THEN {walk.Beyond} END, CASE WHEN {result.V} IS NULL THEN {c.Ops.Missing($"{cond.Text} is never true")} END)";
        var withNa = c.Layers.Define($"CASE WHEN {walk.Guard} THEN NULL ELSE {result.V} END", na, [result, .. walk.Edges.Na is { } n ? [n] : Array.Empty<Sx>()]);
        return new PeriodSx(withNa, walk.Candidates);
    }

    /// <summary>
    /// A series as the answer: its points at its natural frequency, between its first and last day, as the evaluator
    /// materialises it; a column per candidate period (NULL where the row has no point there), and the row's NA (its
    /// shape's, or the data reaching past the periods listed) with its natural frequency as the value.
    /// </summary>
    public SeriesSx Series(SeriesNode x)
    {
        var walk = Points(x, x, "a series as the answer", "a series' periods are listed");
        var points = walk.Tests.Select(t => c.Layers.Define($"CASE WHEN {t.Inside} THEN {t.Point.V} END", "CAST(NULL AS VARCHAR)", t.Point).V).ToList();
        var inputs = walk.Edges.Na is { } n ? new[] { n } : [];
        var na = c.Layers.Define(walk.Edges.Frequency,
            $"COALESCE({walk.Edges.Na?.Na ?? "CAST(NULL AS VARCHAR)"}, CASE WHEN {walk.Guard} THEN {walk.Beyond} END)", inputs);
        return new SeriesSx(na, points, walk.Candidates);
    }

    /// <summary>
    /// The periods of a series' shape (its natural frequency, between its first and last day) for each entity of the
    /// data the query is bound to, each with the SQL testing that the row's shape has it and the series' value there;
    /// the guard that is true where the row's series reaches past them, and its NA.
    /// </summary>
    private (List<Period> Candidates, List<(string Inside, Sx Point)> Tests, string Guard, string Beyond, (string Frequency, string Low, string High, Sx? Na) Edges)
        Points(SeriesNode x, Bound node, string what, string listed)
    {
        var windows = new SortedDictionary<Frequency, (int First, int Last)>();
        var frequencies = new SortedSet<Frequency>();
        foreach (var e in c.Readers)
        {
            var ctx = new EvalContext { Budget = 1_000_000, Entity = e, VintageText = "" };
            if (!x.TryShape(ref ctx, out var shape, out _)) continue;
            if (!c.Ops.RowCalendars.Contains(shape.Calendar))
                throw SqlOps.NotSupported($"{what} over {shape.Calendar}", node.Span);
            frequencies.Add(shape.Frequency);
            SeriesWalk.Inside(shape.Calendar, shape.Frequency, shape.MinDay, shape.MaxDay, out int a, out int b);
            if (a > b) continue;
            windows[shape.Frequency] = windows.TryGetValue(shape.Frequency, out var w) ? (Math.Min(w.First, a), Math.Max(w.Last, b)) : (a, b);
        }
        if (windows.Values.Sum(w => (long)w.Last - w.First + 1) > ScalarVisitor.MaxPoints)
            throw SqlOps.NotSupported($"{what} over more than {ScalarVisitor.MaxPoints} periods", node.Span);

        var edges = Edges(x, out var inside);
        var candidates = new List<Period>();
        var tests = new List<(string Inside, Sx Point)>();
        var guard = new StringBuilder();
        foreach (var (f, (a, b)) in windows)
        {
            for (int o = a; o <= b; o++)
            {
                var p = Period.FromOrdinal(f, o);
                candidates.Add(p);
                tests.Add(($"{edges.Frequency} = {(int)f} AND {inside(p)}", c.Points.At(x, p)));
            }
            // A period just outside the window that lies inside the series: the data reaches further than compiled.
            foreach (int o in new[] { a - 1, b + 1 })
                if (Period.TryFromOrdinal(f, o, out var beyond))
                    guard.Append(guard.Length == 0 ? "" : " OR ").Append($"({edges.Frequency} = {(int)f} AND {inside(beyond)})");
        }
        string known = string.Join(", ", frequencies.Select(f => ((int)f).ToString(CultureInfo.InvariantCulture)));
        guard.Append(guard.Length == 0 ? "" : " OR ").Append(frequencies.Count == 0 ? $"{edges.Frequency} IS NOT NULL" : $"{edges.Frequency} NOT IN ({known})");
        string beyondNa = c.Ops.NotMeaningful($"the data reaches past the periods this SQL was compiled for ({listed}): compile the query again over this data");
        return (candidates, tests, guard.ToString(), beyondNa, edges);
    }

    /// <summary>
    /// The edges of a series as SQL, and the test that a period lies wholly inside them: its first and last day (a
    /// metric, an expression over one series, a slice), else its first and last fiscal quarter with its natural
    /// frequency (an expression on two series, a lag).
    /// </summary>
    private (string Frequency, string Low, string High, Sx? Na) Edges(SeriesNode x, out Func<Period, string> inside)
    {
        try
        {
            var edges = c.Points.Edges(x);
            inside = p => Inside(edges, p);
            return edges;
        }
        catch (FinQueryException)
        {
        }
        var (lo, hi) = c.Points.QuarterEdges(x);
        string frequency = c.Lags.NaturalFrequency(x);
        // Quarters of fiscal periods only: a month or day is never inside.
        inside = p => p.Frequency < Frequency.Quarter || p.IsCalendar ? "1 = 0" : $"{lo} <= {Compilation.Quarters(p).First} AND {hi} >= {Compilation.Quarters(p).Last}";
        return (frequency, lo, hi, c.Points.Shape(x));
    }

    /// <summary>SQL: the period lies wholly inside the series' days (the days of a fiscal period are the row's calendar's).</summary>
    public string Inside((string Frequency, string Low, string High, Sx? Na) edges, Period p) =>
        $"{edges.Low} <= {c.Ops.ByCalendar(cal => Date(cal.StartDate(p)))} AND {edges.High} >= {c.Ops.ByCalendar(cal => Date(cal.EndDate(p)))}";

    public static string Date(DateOnly d) => "DATE '" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";

    private static string Describe(Bound node) => node switch
    {
        ElapsedNode => "days_between, months_between and years_between",
        PeriodCompareNode => "a comparison of periods",
        _ => node.Describe(),
    };
}
