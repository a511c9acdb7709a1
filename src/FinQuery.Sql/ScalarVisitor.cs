using System.Text;
using FinQuery.Evaluation;

namespace FinQuery.Sql;

/// <summary>
/// Number- and boolean-valued nodes: constants, operators, <c>let</c>, <c>if</c>, indexing, the two-point
/// functions, aggregates over ranges; peers go to <see cref="PeerVisitor"/>, series at a period to
/// <see cref="PointVisitor"/>.
/// </summary>
internal sealed class ScalarVisitor(Compilation c)
{
    /// <summary>The most periods an aggregate reads (its SQL lists each one).</summary>
    public const int MaxPoints = 400;

    private readonly Dictionary<Bound, Sx> _lets = new(ReferenceEqualityComparer.Instance);

    public Sx Compile(Bound node)
    {
        if (Compilation.TryConstant(node, out var constant))
        {
            if (constant.Kind is ValueKind.Number or ValueKind.Bool or ValueKind.Na) return c.Ops.Constant(constant);
            throw SqlOps.NotSupported($"{node.Type.Describe()} as a value", node.Span);
        }
        if (PeriodVisitor.TakesDataPeriod(node)) return c.Periods.Scalar(node);
        switch (node)
        {
            case BinaryNode b:
                return c.Ops.Binary(b.Op, Compile(b.Left), Compile(b.Right));
            case UnaryNode u:
                var operand = Compile(u.Operand);
                return u.Op == Syntax.UnaryOp.Negate ? c.Ops.Negate(operand) : c.Ops.Not(operand);
            case LetNode l:
                if (!_lets.TryGetValue(l, out var let)) _lets[l] = let = Compile(l.Value);
                return let;
            case IfNode:
                return c.Ops.If(Compile(node.Children[0]), Compile(node.Children[1]), Compile(node.Children[2]));
            case IndexNode i:
            {
                var p = c.ConstantPeriod(i.Index, out var na);
                return na.IsNa ? c.Ops.Constant(na) : c.Points.At(i.Target, p);
            }
            case TwoPointNode t:
                return TwoPoint(t);
            case AggregateNode a:
                return Aggregate(a);
            case PeerNode p:
                return c.Peers.Compile(p);
            case ElapsedNode:
                return c.Periods.Scalar(node);
            case Claims.AboutNode about:
                return c.Ops.About(Compile(about.Children[0]), about.Figure, about.Span);
            case NumericFunctionNode { Name: "abs" } f:
                return c.Ops.Abs(Compile(f.Children[0]));
            case NumericFunctionNode { Name: "round", Digits: >= 0 } f:
                return c.Ops.Round(Compile(f.Children[0]), f.Digits, PointVisitor.IsPercent(f));
            case NumericFunctionNode f:
                throw SqlOps.NotSupported(f.Name, f.Span);
            case SeriesNode s:
                throw SqlOps.NotSupported($"a series as the answer ({s.Text}); index it (x[p]) or aggregate it (sum(x, a..b))", s.Span);
            default:
                throw SqlOps.NotSupported(Name(node), node.Span);
        }
    }

    private static string Name(Bound node) => node switch
    {
        FirstLastNode => "a period computed from the data as a value",
        AsOfNode => "asof and first_reported (vintages)",
        ElapsedNode => "days_between, months_between and years_between",
        _ => node.Describe(),
    };

    /// <summary><c>growth(x, a, b)</c> and <c>change(x, a, b)</c>.</summary>
    private Sx TwoPoint(TwoPointNode t)
    {
        var mode = t.Function;
        var x = (SeriesNode)t.Children[0];
        var a = c.ConstantPeriod(t.Children[1], out var naA);
        if (naA.IsNa) return c.Ops.Constant(naA);
        var b = c.ConstantPeriod(t.Children[2], out var naB);
        if (naB.IsNa) return c.Ops.Constant(naB);
        var va = c.Points.At(x, a);
        var vb = c.Points.At(x, b);
        if (mode == TwoPointNode.Mode.Change)
            return c.Ops.Checked($"{vb.V} - {va.V}", $"COALESCE({va.Na}, {vb.Na})", va, vb);
        if (mode != TwoPointNode.Mode.Cagr) return c.Ops.Growth(vb, va, x.Text, a, baseFirst: true);

        // cagr: (x[to] / x[from])^(1 / years) − 1, checked as the evaluator checks it.
        Func<FiscalCalendar, string>? wrong = a.Frequency != b.Frequency ? cal => $"cagr needs two periods of one frequency, not {cal.Format(a)} and {cal.Format(b)}"
            : a.IsCalendar != b.IsCalendar ? cal => $"cagr needs two calendar periods or two fiscal ones, not {cal.Format(a)} and {cal.Format(b)}"
            : null;
        double years = a.Frequency == Frequency.Day ? (b.Ordinal - a.Ordinal) / 365.25 : (double)(b.Ordinal - a.Ordinal) / Period.PeriodsPerYear(a.Frequency);
        if (wrong is null && years <= 0) wrong = cal => $"cagr needs {cal.Format(b)} to come after {cal.Format(a)}";
        if (wrong is not null)
            return c.Layers.Define("CAST(NULL AS DOUBLE)", $"COALESCE({va.Na}, {vb.Na}, {c.Ops.NotMeaningful(wrong)})", va, vb);
        var growth = c.Ops.Growth(vb, va, x.Text, a, baseFirst: true);
        var ratio = c.Layers.Define($"CASE WHEN {growth.Na} IS NULL THEN {vb.V} / {va.V} END", growth.Na, growth, va, vb);
        var pow = c.Ops.Power(ratio, Sx.Constant(SqlLiterals.Number(1 / years)));
        return c.Layers.Define($"{pow.V} - 1", pow.Na, pow);
    }

    /// <summary><c>sum</c> is the range sum; <c>avg</c>, <c>min</c>, <c>max</c>, <c>count</c> take the points at the range's frequency.</summary>
    private Sx Aggregate(AggregateNode a)
    {
        var r = c.ConstantRange(a.Range, out var na, calendar: true, open: true);
        if (na.IsNa) return c.Ops.Constant(na);
        var shape = c.Points.Shape(a.X);
        if (r.Start is null || r.End is null) return a.Kind == AggregateKind.Sum ? OpenSum(a, r, shape) : OpenAggregate(a, r, shape);
        var (first, _) = Compilation.Quarters(r.Start!.Value);
        var (_, last) = Compilation.Quarters(r.End!.Value);
        var f = r.Frequency!.Value;
        bool calendar = r.Start.Value.IsCalendar;
        if (a.Kind == AggregateKind.Sum)
        {
            if (!calendar) return c.Ops.After(shape, c.Sums.Over(a.X, first, last, f, r));
            // Calendar quarters are summed as the fiscal quarters that stand for them, on each row's calendar.
            return c.Ops.After(shape, c.Ops.PerCalendar(c.Ops.RowCalendars, cal =>
                c.Sums.Over(a.X, cal.StandInQuarters(r.Start.Value).First, cal.StandInQuarters(r.End.Value).Last, f, r)));
        }

        // A calendar range's points are calendar periods, each x at it (a metric's by the fiscal period that stands for
        // it); so are those of a slice by calendar periods, whose series is on calendar periods.
        var x = a.X;
        while (x is SeriesLetNode l) x = l.Value;
        bool onCalendar = x is SliceNode s && c.CalendarSlices.Contains(s);
        var periods = PointsInside(first, last, f, a.Span).Select(p => calendar || onCalendar ? p.AsCalendar() : p).ToList();
        if (f > Frequency.Quarter && HasBalance(a.X))
        {
            // The evaluator takes only the points lying wholly within the series' first and last day; a balance's
            // year or half has a value from its last part even when the series starts inside it, so the SQL tests each.
            if (calendar || onCalendar) throw SqlOps.NotSupported($"{a.Kind.ToString().ToLowerInvariant()} of a balance (last) over calendar halves or years", a.Span);
            return Points(a, r, shape, periods, EdgesFor(a, "over halves or years"), guard: null);
        }
        return Points(a, r, shape, periods, edges: null, guard: null, onCalendar);
    }

    /// <summary>
    /// SQL tests of a series' edges for a period: lies wholly within them, the series covers its first day, its last
    /// day; and the series has any day at all.
    /// </summary>
    private readonly record struct EdgeTests(Func<Period, string> Inside, Func<Period, string> CoversStart, Func<Period, string> CoversEnd, string Any);

    /// <summary>
    /// The edges of the aggregate's series: its first and last day (a metric, an expression over one series, a slice),
    /// else its first and last fiscal quarter (an expression on two series, a lag), else the error saying the SQL
    /// cannot find them.
    /// </summary>
    private EdgeTests EdgesFor(AggregateNode a, string what)
    {
        try
        {
            var ed = c.Points.Edges(a.X);
            return new EdgeTests(p => c.Periods.Inside(ed, p),
                p => $"{ed.Low} <= {c.Ops.ByCalendar(cal => PeriodVisitor.Date(cal.StartDate(p)))}",
                p => $"{ed.High} >= {c.Ops.ByCalendar(cal => PeriodVisitor.Date(cal.EndDate(p)))}",
                $"{ed.Low} IS NOT NULL");
        }
        catch (FinQueryException)
        {
        }
        try
        {
            var (lo, hi) = c.Points.QuarterEdges(a.X);
            string first = c.Layers.Column(1, lo), last = c.Layers.Column(1, hi);
            return new EdgeTests(p => $"{first} <= {Compilation.Quarters(p).First} AND {last} >= {Compilation.Quarters(p).Last}",
                p => $"{first} <= {Compilation.Quarters(p).First}", p => $"{last} >= {Compilation.Quarters(p).Last}", $"{first} IS NOT NULL");
        }
        catch (FinQueryException)
        {
            throw SqlOps.NotSupported($"{a.Kind.ToString().ToLowerInvariant()} of {a.X.Text} {what} (the SQL finds the edges of metrics, lags and the expressions over them)", a.Span);
        }
    }

    /// <summary>
    /// <c>sum(x, a..)</c>, <c>sum(x, ..b)</c>: the open end runs to the first or last day of x (of an expression on two
    /// series, the days both cover), the row's. The SQL lists the quarters of the data the query is bound to (from the
    /// first any entity's x covers to the last) and covers each row's part of them; should the facts the SQL runs over
    /// reach further, the result is NA saying so.
    /// </summary>
    private Sx OpenSum(AggregateNode a, PeriodRange r, Sx? shape)
    {
        var f = r.Frequency!.Value;
        if (a.X.Aggregation != Aggregation.Sum) return c.Ops.After(shape, c.Sums.Over(a.X, 0, 0, f, r));
        var (loSql, hiSql) = c.Points.QuarterEdges(a.X);
        // A quarter's ordinal is its number as year × 4 + quarter − 1.
        var (low, high) = BoundOrdinals(a.X, Frequency.Quarter);
        int fixedQuarter = r.Start is { } start ? Compilation.Quarters(start).First : Compilation.Quarters(r.End!.Value).Last;
        if (low > high) (low, high) = (fixedQuarter, fixedQuarter);
        int first = r.Start is null ? low : fixedQuarter, last = r.End is null ? high : fixedQuarter;
        // The rows' windows within the quarters listed: a window that starts after it ends is empty, as in memory.
        var w = r.Start is null ? new Window(Math.Min(first, last), last) : new Window(first, Math.Max(first, last));
        if ((long)w.High - w.Low + 1 > MaxPoints) throw SqlOps.NotSupported($"a sum over more than {MaxPoints} quarters", a.Span);
        if (w.Low < 8 || w.High >= 9999 * 4) throw SqlOps.NotSupported("a sum over an open-ended range reaching year 1 or 9999", a.Span);
        string edge = c.Layers.Column(1, r.Start is null ? loSql : hiSql);
        w = r.Start is null ? w with { First = edge, Level = 1 } : w with { Last = edge, Level = 1 };
        // A row whose series reaches a quarter before (after) those listed: the data reaches past the periods compiled for.
        string beyond = r.Start is null ? $"{edge} < {w.Low} AND {edge} <= {w.LastSql}" : $"{edge} > {w.High} AND {edge} >= {w.FirstSql}";
        var guard = c.Layers.DefineAt(2, "CAST(NULL AS DOUBLE)", $"CASE WHEN {beyond} THEN {c.Ops.NotMeaningful(ReachesPast)} END");
        return c.Ops.After(c.Ops.After(shape, guard), c.Sums.Over(a.X, w, f, r));
    }

    /// <summary>The reason of a result over an open-ended range whose data reaches past the periods the SQL lists.</summary>
    private const string ReachesPast = "the data reaches past the periods this SQL was compiled for (an open-ended range lists them): compile the query again over this data";

    /// <summary>
    /// <c>avg(x, ..b)</c>, <c>count(x, a..)</c>: an open end runs to the series' first or last day. The points are those
    /// of the data the query is bound to (from the first to the last any entity's series has), each taken when it lies
    /// wholly within the row's series; should the facts the SQL runs over reach further, the result is NA saying so.
    /// </summary>
    private Sx OpenAggregate(AggregateNode a, PeriodRange r, Sx? shape)
    {
        var edges = EdgesFor(a, "over an open-ended range");
        var f = r.Frequency!.Value;
        var (low, high) = BoundOrdinals(a.X, f);
        int first = r.Start is { } start ? start.Ordinal : low, last = r.End is { } end ? end.Ordinal : high;
        if ((long)last - first + 1 > MaxPoints) throw SqlOps.NotSupported($"an aggregate over more than {MaxPoints} periods", a.Span);
        var periods = new List<Period>();
        for (long o = first; o <= last; o++) periods.Add(Period.FromOrdinal(f, (int)o));
        // A series reaching the period before (after) those bound: the data reaches past the periods compiled for.
        string guard = low > high ? edges.Any
            : r.Start is null ? (Period.TryFromOrdinal(f, (long)low - 1, out var before) ? edges.CoversStart(before) : "1 = 0")
            : (Period.TryFromOrdinal(f, (long)high + 1, out var after) ? edges.CoversEnd(after) : "1 = 0");
        return Points(a, r, shape, periods, edges, guard);
    }

    /// <summary>
    /// The ordinals, at <paramref name="f"/>, of the periods holding the first and last day of x's series over every
    /// entity of the data the query is bound to (every point wholly within a series lies between them); low above high
    /// when no entity has any day of it.
    /// </summary>
    private (int Low, int High) BoundOrdinals(SeriesNode x, Frequency f)
    {
        int low = int.MaxValue, high = int.MinValue;
        foreach (var e in c.Readers)
        {
            var ctx = new EvalContext { Budget = 1_000_000, Entity = e, VintageText = "" };
            if (!x.TryShape(ref ctx, out var s, out _) || s.MinDay > s.MaxDay) continue;
            low = Math.Min(low, s.Calendar.Containing(Period.OfDate(DateOnly.FromDayNumber(s.MinDay)), f).Ordinal);
            high = Math.Max(high, s.Calendar.Containing(Period.OfDate(DateOnly.FromDayNumber(s.MaxDay)), f).Ordinal);
        }
        return (low, high);
    }

    /// <summary><c>avg</c>, <c>min</c>, <c>max</c>, <c>count</c> over the given points, each tested against the series' edges when given.</summary>
    /// <remarks>With <paramref name="onCalendar"/>, x's series is on calendar periods, which write the range of the NA.</remarks>
    private Sx Points(AggregateNode a, PeriodRange r, Sx? shape, List<Period> periods, EdgeTests? edges, string? guard, bool onCalendar = false)
    {
        string none = onCalendar ? c.Ops.Missing($"no {a.X.Text} in {r.Format(FiscalCalendar.Calendarized)}") : c.Ops.Missing(cal => $"no {a.X.Text} in {r.Format(cal)}");
        var points = periods.Select(p => c.Points.At(a.X, p)).ToArray();
        if (edges is { } ed)
            points = points.Select((x, i) => c.Layers.DefineAt(Math.Max(x.Level, 1) + 1, $"CASE WHEN {ed.Inside(periods[i])} THEN {x.V} END", x.Na)).ToArray();
        if (guard is not null)
        {
            string beyond = c.Ops.NotMeaningful(ReachesPast);
            shape = c.Ops.After(shape, c.Layers.DefineAt(2, "CAST(NULL AS DOUBLE)", $"CASE WHEN {guard} THEN {beyond} END"));
        }
        if (points.Length == 0) return c.Ops.After(shape, Sx.NotAvailable(none));
        int level = points.Max(p => p.Level) + 1;
        string count = string.Join(" + ", points.Select(p => $"CASE WHEN {p.V} IS NULL THEN 0 ELSE 1 END"));
        string n = c.Layers.Column(level, $"({count})");
        string value;
        switch (a.Kind)
        {
            case AggregateKind.Count:
                value = $"CAST({n} AS DOUBLE)";
                break;
            case AggregateKind.Avg:
                // The evaluator adds the values in period order from zero; an NA adds zero.
                var sum = new StringBuilder(SqlOps.Zero);
                foreach (var p in points) sum.Append(" + COALESCE(").Append(p.V).Append(", ").Append(SqlOps.Zero).Append(')');
                value = $"({sum}) / {n}";
                break;
            default:
                // LEAST and GREATEST treat NULL differently across engines: stand the first value in for each NA.
                string any = c.Layers.Column(level, $"COALESCE({string.Join(", ", points.Select(p => p.V))})");
                level++;
                string fn = a.Kind == AggregateKind.Min ? "LEAST" : "GREATEST";
                value = $"{fn}({string.Join(", ", points.Select(p => $"COALESCE({p.V}, {any})"))})";
                break;
        }
        var result = c.Layers.DefineAt(level + 1, $"CASE WHEN {n} > 0 THEN {value} END", $"CASE WHEN {n} = 0 THEN {none} END");
        // The sum of finite values may pass the largest double: NA, never an infinite average.
        if (a.Kind == AggregateKind.Avg) result = c.Ops.Checked(result);
        return c.Ops.After(shape, result);
    }

    /// <summary>Whether a series reads a balance (a <c>last</c> metric), whose years and halves come from their last part.</summary>
    private bool HasBalance(Bound node) =>
        node is MetricNode m ? c.Metrics.AggregationOf(m) == Aggregation.Last : node.Children.Any(HasBalance);

    /// <summary>The periods of <paramref name="f"/> lying wholly inside quarters <paramref name="first"/>..<paramref name="last"/>.</summary>
    private static List<Period> PointsInside(int first, int last, Frequency f, Syntax.TextSpan span)
    {
        int size = f switch { Frequency.Year => 4, Frequency.Half => 2, _ => 1 };
        var list = new List<Period>();
        for (int q = first; q + size - 1 <= last; q++)
        {
            if (q % size != 0) continue;
            if (list.Count == MaxPoints) throw SqlOps.NotSupported($"an aggregate over more than {MaxPoints} periods", span);
            list.Add(Compilation.Holding(q, f));
        }
        return list;
    }
}
