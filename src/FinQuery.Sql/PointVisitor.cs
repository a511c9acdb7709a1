using FinQuery.Evaluation;

namespace FinQuery.Sql;

/// <summary>
/// A series expression at one period known at compile time, pointwise as the evaluator computes it
/// (<see cref="SeriesNode.At"/>): each input at that period with its own derivation. Also the NA of a series'
/// shape (a series the entity lacks), which functions over ranges check first.
/// </summary>
internal sealed class PointVisitor(Compilation c)
{
    private readonly Dictionary<(SeriesNode, Period), Sx> _points = [];

    public Sx At(SeriesNode node, Period p)
    {
        var key = (node, p);
        if (_points.TryGetValue(key, out var known)) return known;
        var v = Compute(node, p);
        _points[key] = v;
        return v;
    }

    private Sx Compute(SeriesNode node, Period p)
    {
        switch (node)
        {
            case CalendarNode cn:
                return At(cn.X, p.Frequency >= Frequency.Quarter ? p.AsCalendar() : p);
            case MetricNode m:
                return c.Metrics.At(m, p);
            case SeriesBinaryNode b:
                return c.Ops.Binary(b.Op, Side(b.Left, p), Side(b.Right, p));
            case SeriesUnaryNode u:
                var operand = At(u.Operand, p);
                return u.Op == Syntax.UnaryOp.Negate ? c.Ops.Negate(operand) : c.Ops.Not(operand);
            case SeriesLetNode l:
                return At(l.Value, p);
            case GrowthSeriesNode g:
                return Growth(g, p);
            case TrailingSeriesNode t:
                return Trailing(t, p);
            case SeriesFunctionNode { Name: "abs" } f:
                return c.Ops.Abs(At((SeriesNode)f.Children[0], p));
            case SeriesFunctionNode { Name: "round", Digits: >= 0 } f:
                return c.Ops.Round(At((SeriesNode)f.Children[0], p), f.Digits, IsPercent(f));
            case SurpriseSeriesNode s:
            {
                var actual = (SeriesNode)s.Children[0];
                var consensus = (SeriesNode)s.Children[1];
                var expected = At(consensus, p);
                var actualValue = At(actual, p);
                // The consensus' NA first, then the actual figure's.
                return s.IsBeat
                    ? c.Layers.Define($"CASE WHEN {actualValue.V} IS NULL OR {expected.V} IS NULL THEN NULL WHEN {actualValue.V} > {expected.V} THEN {SqlOps.One} ELSE {SqlOps.Zero} END",
                        $"COALESCE({expected.Na}, {actualValue.Na})", expected, actualValue)
                    : c.Ops.Growth(actualValue, expected, consensus.Text, p, baseFirst: true);
            }
            case LagNode lag:
                return c.Lags.At(lag, p);
            case Claims.AboutSeriesNode about:
                return c.Ops.About(At((SeriesNode)about.Children[0], p), about.Figure, about.Span);
            case SeriesIfNode i:
                return c.Ops.If(c.Scalars.Compile(i.Children[0]), At((SeriesNode)i.Children[1], p), At((SeriesNode)i.Children[2], p));
            case SliceNode s:
                return Slice(s, p);
            default:
                throw Unsupported(node);
        }
    }

    /// <summary>
    /// <c>x[a..b]</c> at p: x's shape NA, the range's NA, then NA missing when p is not wholly inside the range (an
    /// open end runs to x's first or last day), else x at p.
    /// </summary>
    private Sx Slice(SliceNode s, Period p)
    {
        var range = SliceRange(s, out var na);
        var shape = Shape(s.Target);
        if (na.IsNa) return c.Ops.After(shape, Sx.NotAvailable(c.Ops.Na(na.AsNa.Kind, na.AsNa.Reason)));
        string outside = c.Ops.Missing(cal => $"{cal.Format(p)} is outside {range.Format(cal)}");
        var tests = new List<string>();
        // Whether p starts before the range or ends after it: the same on every calendar the rows have, or refused.
        var outsides = c.Ops.RowCalendars.Select(cal =>
            (range.Start is { } a && cal.StartDay(p) < cal.StartDay(a)) || (range.End is { } b && cal.EndDay(p) > cal.EndDay(b))).Distinct().ToList();
        if (outsides.Count > 1) throw SqlOps.NotSupported($"a slice of {s.Target.Text} whose days differ between the entities' fiscal calendars", s.Span);
        if (outsides[0]) return c.Ops.After(shape, Sx.NotAvailable(outside));
        if (range.Start is null || range.End is null)
        {
            var edges = Edges(s.Target);
            if (range.Start is null) tests.Add($"{edges.Low} > {c.Ops.ByCalendar(cal => PeriodVisitor.Date(cal.StartDate(p)))}");
            if (range.End is null) tests.Add($"{edges.High} < {c.Ops.ByCalendar(cal => PeriodVisitor.Date(cal.EndDate(p)))}");
        }
        var inner = At(s.Target, p);
        if (tests.Count == 0) return c.Ops.After(shape, inner);
        string isOutside = string.Join(" OR ", tests);
        var sliced = c.Layers.Define($"CASE WHEN {isOutside} THEN NULL ELSE {inner.V} END", $"CASE WHEN {isOutside} THEN {outside} ELSE {inner.Na} END", inner);
        return c.Ops.After(shape, sliced);
    }

    /// <summary>The range of a slice, known at compile time (or NA), on fiscal periods of a December year.</summary>
    private PeriodRange SliceRange(SliceNode s, out Value na)
    {
        if (!Compilation.TryConstant(s.Range, out na)) throw SqlOps.NotSupported("a slice by a range computed from the data", s.Range.Span);
        if (na.IsNa) return default;
        var r = na.Kind == ValueKind.Period ? PeriodRange.Single(na.AsPeriod) : na.AsRange;
        if (r.IsCalendar && !c.CalendarSlices.Contains(s))
            throw SqlOps.NotSupported($"a slice by calendar periods ({s.Text}) other than indexed at a period or averaged, counted, min or max over a closed range", s.Range.Span);
        return r;
    }

    /// <summary>
    /// The shape of a series as SQL, as the evaluator's <c>TryShape</c>: its natural frequency (0 day … 4 year), first
    /// day and last day, and its NA (a series the entity lacks); for metrics and the expressions over one series.
    /// </summary>
    public (string Frequency, string Low, string High, Sx? Na) Edges(SeriesNode node)
    {
        switch (node)
        {
            case MetricNode m:
            {
                var (lo, hi, fq) = c.Tables.Edges(c.Metrics.FineBinding(m));
                return (fq, lo, hi, c.Metrics.Shape(m));
            }
            case SeriesBinaryNode b when (b.Left is SeriesNode) != (b.Right is SeriesNode):
                return Edges(b.Left as SeriesNode ?? (SeriesNode)b.Right);
            case SliceNode s:
            {
                var inner = Edges(s.Target);
                var range = SliceRange(s, out var na);
                // On calendar periods, its edges are a month wider than the target's: not followed by the SQL.
                if (range.IsCalendar) throw SqlOps.NotSupported($"the edges of {s.Text}, a slice by calendar periods", s.Span);
                if (na.IsNa) return (inner.Frequency, inner.Low, inner.High, c.Ops.After(inner.Na, Sx.NotAvailable(c.Ops.Na(na.AsNa.Kind, na.AsNa.Reason))));
                string f = inner.Frequency;
                if (range.Frequency is { } rf && s.Target.Aggregation != Aggregation.None)
                    f = $"CASE WHEN {inner.Frequency} < {(int)rf} THEN {(int)rf} ELSE {inner.Frequency} END";
                string low = inner.Low, high = inner.High;
                if (range.Start is { } a)
                {
                    string start = c.Ops.ByCalendar(cal => PeriodVisitor.Date(cal.StartDate(a)));
                    low = $"CASE WHEN {inner.Low} < {start} THEN {start} ELSE {inner.Low} END";
                }
                if (range.End is { } e)
                {
                    string end = c.Ops.ByCalendar(cal => PeriodVisitor.Date(cal.EndDate(e)));
                    high = $"CASE WHEN {inner.High} > {end} THEN {end} ELSE {inner.High} END";
                }
                return (f, low, high, inner.Na);
            }
            // surprise(x) is left out, as before: refused here (the docs list it).
            case not SurpriseSeriesNode when Wrapped(node) is { } wrapped:
                return Edges(wrapped);
            default:
                throw SqlOps.NotSupported($"first and last of {node.Text} (the SQL walks the periods of a metric, or of an expression over one series)", node.Span);
        }
    }

    /// <summary>
    /// SQL for the first and last fiscal quarter (year × 4 + quarter − 1) of a series' days, as the evaluator's shape
    /// gives them: a metric's reported values (in quarters, halves and years); of an expression on two series the days
    /// both cover; a lag's moved by its shift; the operand's for the other expressions over one series.
    /// </summary>
    public (string First, string Last) QuarterEdges(SeriesNode node)
    {
        switch (node)
        {
            case MetricNode m:
                return c.Tables.QuarterEdges(c.Metrics.Binding(m));
            case LagNode lag:
                return c.Lags.QuarterEdges(lag);
            case SeriesBinaryNode b when b.Left is SeriesNode l && b.Right is SeriesNode r:
            {
                var (lf, ll) = QuarterEdges(l);
                var (rf, rl) = QuarterEdges(r);
                return ($"CASE WHEN {lf} >= {rf} THEN {lf} ELSE {rf} END", $"CASE WHEN {ll} <= {rl} THEN {ll} ELSE {rl} END");
            }
            case SeriesBinaryNode b:
                return QuarterEdges(b.Left as SeriesNode ?? (SeriesNode)b.Right);
            case not SurpriseSeriesNode when Wrapped(node) is { } wrapped:
                return QuarterEdges(wrapped);
            default:
                throw SqlOps.NotSupported($"the first and last day of {node.Text} (the SQL finds those of metrics, lags and the expressions over them)", node.Span);
        }
    }

    /// <summary>Whether a function's result is a percent or percentage points (round then rounds the percent figure).</summary>
    public static bool IsPercent(Bound f) => f.Type.Unit is Units.Percent or Units.Points;

    private Sx Side(Bound side, Period p) => side is SeriesNode s ? At(s, p) : c.Scalars.Compile(side);

    private Sx Growth(GrowthSeriesNode g, Period p)
    {
        var current = At(g.X, p);
        bool ok = g.YearOverYear ? p.TryYearEarlier(out var b) : p.TryPlus(-1, out b);
        if (!ok) return c.Layers.Define("CAST(NULL AS DOUBLE)", $"COALESCE({current.Na}, {c.Ops.Missing(cal => $"no period before {cal.Format(p)}")})", current);
        return c.Ops.Growth(current, At(g.X, b), g.X.Text, b);
    }

    /// <summary><c>ttm(x, p)</c> and <c>ytd(x, p)</c>: x's range sum over the quarters ending at p (or since the start of p's year).</summary>
    private Sx Trailing(TrailingSeriesNode t, Period p)
    {
        if (p.Frequency < Frequency.Quarter)
            throw SqlOps.NotSupported($"{(t.YearToDate ? "ytd" : "ttm")} at a month or day", t.Span);
        var shape = Shape(t.X);
        if (p.IsCalendar)
        {
            // Calendar quarters are summed as the fiscal quarters that stand for them, on each row's calendar.
            Period start;
            if (t.YearToDate) start = Period.OfYear(p.Year).AsCalendar();
            else if (!p.TryPlus(-(Period.PeriodsPerYear(p.Frequency) - 1), out start))
                return c.Ops.After(shape, Sx.NotAvailable(c.Ops.Missing(cal => $"no year of data before {cal.Format(p)}")));
            return c.Ops.After(shape, c.Ops.PerCalendar(c.Ops.RowCalendars, cal =>
                c.Sums.Over(t.X, cal.StandInQuarters(start).First, cal.StandInQuarters(p).Last, p.Frequency, PeriodRange.Single(p))));
        }
        int first;
        if (t.YearToDate)
        {
            first = p.Year * 4;
        }
        else
        {
            if (!p.TryPlus(-(Period.PeriodsPerYear(p.Frequency) - 1), out var start))
                return c.Ops.After(shape, Sx.NotAvailable(c.Ops.Missing(cal => $"no year of data before {cal.Format(p)}")));
            first = Compilation.Quarters(start).First;
        }
        var sum = c.Sums.Over(t.X, first, Compilation.Quarters(p).Last, p.Frequency, PeriodRange.Single(p));
        return c.Ops.After(shape, sum);
    }

    /// <summary>
    /// The one series a wrapper node keeps the shape and natural frequency of: a let's value, a unary operator's,
    /// growth's, a trailing sum's, <c>abs</c>'s or <c>round</c>'s operand, <c>~=</c>'s left side, a surprise's
    /// consensus; null for any other node.
    /// </summary>
    public static SeriesNode? Wrapped(SeriesNode node) => node switch
    {
        SeriesLetNode l => l.Value,
        SeriesUnaryNode u => u.Operand,
        GrowthSeriesNode g => g.X,
        TrailingSeriesNode t => t.X,
        SeriesFunctionNode { Name: "abs" or "round" } f => (SeriesNode)f.Children[0],
        Claims.AboutSeriesNode about => (SeriesNode)about.Children[0],
        SurpriseSeriesNode s => (SeriesNode)s.Children[1],
        _ => null,
    };

    /// <summary>The NA of a series' shape (a series the entity lacks, or a condition that is NA), or null when it has none.</summary>
    public Sx? Shape(SeriesNode node)
    {
        switch (node)
        {
            case MetricNode m:
                return c.Metrics.Shape(m);
            case SeriesBinaryNode b:
                return Both(b.Left is SeriesNode l ? Shape(l) : null, b.Right is SeriesNode r ? Shape(r) : null);
            case LagNode lag:
                return c.Lags.Shape(lag);
            case CalendarNode cn:
                return Shape(cn.X);
            case SliceNode sl:
            {
                SliceRange(sl, out var na);
                var inner = Shape(sl.Target);
                return na.IsNa ? c.Ops.After(inner, Sx.NotAvailable(c.Ops.Na(na.AsNa.Kind, na.AsNa.Reason))) : inner;
            }
            case SeriesIfNode i:
            {
                var cond = c.Scalars.Compile(i.Children[0]);
                var then = Shape((SeriesNode)i.Children[1]) ?? Sx.Constant("CAST(NULL AS DOUBLE)");
                var otherwise = Shape((SeriesNode)i.Children[2]) ?? Sx.Constant("CAST(NULL AS DOUBLE)");
                return c.Layers.Define("CAST(NULL AS DOUBLE)",
                    $"CASE WHEN {cond.V} IS NULL THEN {cond.Na} WHEN {cond.V} <> 0 THEN {then.Na} ELSE {otherwise.Na} END", cond, then, otherwise);
            }
            default:
                return Wrapped(node) is { } wrapped ? Shape(wrapped) : throw Unsupported(node);
        }
    }

    private Sx? Both(Sx? a, Sx? b) => (a, b) switch
    {
        (null, _) => b,
        (_, null) => a,
        ({ } x, { } y) => c.Layers.Define("CAST(NULL AS DOUBLE)", $"COALESCE({x.Na}, {y.Na})", x, y),
    };

    /// <summary>The error for a series construct the SQL does not translate.</summary>
    public static FinQueryException Unsupported(Bound node) => SqlOps.NotSupported(node switch
    {
        CalendarNode => "calendar(x) (calendar periods)",
        AsOfSeriesNode => "asof and first_reported (vintages)",
        SeriesFunctionNode f => f.Name,
        _ => node.Describe(),
    }, node.Span);
}
