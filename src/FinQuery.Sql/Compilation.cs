using FinQuery.Evaluation;
using FinQuery.Syntax;

namespace FinQuery.Sql;

/// <summary>
/// The state of compiling one bound query: the data it was bound to (for its metric catalog), the literals, the
/// metric tables, the layers of computed columns, and the visitors, one per concern: scalars, series at a period,
/// range sums, peers.
/// </summary>
internal sealed class Compilation
{
    public Compilation(BoundQuery query, SqlLiterals literals, IReadOnlyList<Entity>? universe)
    {
        Query = query;
        Readers = universe ?? query.Data.Entities;
        Literals = literals;
        Tables = new MetricTables(literals);
        Layers = new Layers();
        Ops = new SqlOps(literals, Layers);
        Metrics = new MetricReader(this);
        Scalars = new ScalarVisitor(this);
        Points = new PointVisitor(this);
        Sums = new SumVisitor(this);
        Peers = new PeerVisitor(this);
        Lags = new LagVisitor(this);
        Periods = new PeriodVisitor(this);
        FindCalendarSlices(query.PlainRoot);
    }

    /// <summary>
    /// Slices by calendar periods (<c>x[CY2022Q1..CY2023Q2]</c>) where the SQL translates them: indexed at a period, or
    /// averaged, counted, or their least or greatest value taken over a closed range (over the calendar points, as in
    /// memory). Elsewhere such a slice's shape is on calendar periods, which the SQL does not follow.
    /// </summary>
    public HashSet<SliceNode> CalendarSlices { get; } = new(ReferenceEqualityComparer.Instance);

    private void FindCalendarSlices(Bound node)
    {
        var target = node switch
        {
            IndexNode i => i.Target,
            AggregateNode { Kind: not AggregateKind.Sum } a => a.X,
            _ => null,
        };
        while (target is SeriesLetNode l) target = l.Value;
        if (target is SliceNode s && TryConstant(s.Range, out var r) && r.Kind is ValueKind.Period or ValueKind.Range
            && (r.Kind == ValueKind.Period ? r.AsPeriod.IsCalendar : r.AsRange.IsCalendar))
            CalendarSlices.Add(s);
        foreach (var child in node.Children) FindCalendarSlices(child);
    }

    public BoundQuery Query { get; }
    public IReadOnlyList<Entity> Readers { get; }
    public Dataset Data => Query.Data;
    public SqlLiterals Literals { get; }
    public MetricTables Tables { get; }
    public Layers Layers { get; }
    public SqlOps Ops { get; }
    public MetricReader Metrics { get; }
    public ScalarVisitor Scalars { get; }
    public PointVisitor Points { get; }
    public SumVisitor Sums { get; }
    public PeerVisitor Peers { get; }
    public LagVisitor Lags { get; }
    public PeriodVisitor Periods { get; }

    public static bool HasPeers(Bound node) => node is PeerNode || node.Children.Any(HasPeers);

    /// <summary>The value of a node that reads no data (literals, period arithmetic), NA included; false when it reads data.</summary>
    public static bool TryConstant(Bound node, out Value value)
    {
        value = default;
        if (!ReadsNoData(node)) return false;
        var ctx = new EvalContext { Budget = 1_000_000 };
        value = node.Eval(ref ctx);
        return true;
    }

    private static bool ReadsNoData(Bound node) =>
        node is not (SeriesNode or ElapsedNode or PeerNode or AsOfNode or FirstLastNode) && node.Children.All(ReadsNoData);

    /// <summary>A period argument: known at compile time, or NA.</summary>
    public Period ConstantPeriod(Bound node, out Value na)
    {
        if (!TryConstant(node, out var v)) throw SqlOps.NotSupported("a period computed from the data", node.Span);
        na = v;
        if (v.IsNa) return default;
        CheckPeriod(v.AsPeriod, node.Span, calendar: true);
        return v.AsPeriod;
    }

    /// <summary>A range argument (a single period is that period): known at compile time, or NA.</summary>
    /// <remarks>With <paramref name="open"/>, a range open at one end (of fiscal periods) is returned as it is.</remarks>
    public PeriodRange ConstantRange(Bound node, out Value na, bool calendar = false, bool open = false)
    {
        if (!TryConstant(node, out var v)) throw SqlOps.NotSupported("a range computed from the data", node.Span);
        na = v;
        if (v.IsNa) return default;
        var r = v.Kind == ValueKind.Period ? PeriodRange.Single(v.AsPeriod) : v.AsRange;
        if (open && (r.Start ?? r.End) is { } end && (r.Start is null) != (r.End is null))
        {
            CheckPeriod(end, node.Span);
            if (end.Frequency < Frequency.Quarter)
                throw SqlOps.NotSupported("a range of months or days (the SQL works on fiscal quarters, halves and years)", node.Span);
            return r;
        }
        if (r.Start is not { } s || r.End is not { } e)
            throw SqlOps.NotSupported("an open-ended range (write both ends, like 2021..2023Q2)", node.Span);
        CheckPeriod(s, node.Span, calendar);
        CheckPeriod(e, node.Span, calendar);
        if (s.IsCalendar != e.IsCalendar) throw SqlOps.NotSupported("a range from a calendar period to a fiscal one", node.Span);
        if (s.Frequency < Frequency.Quarter || e.Frequency < Frequency.Quarter)
            throw SqlOps.NotSupported("a range of months or days (the SQL works on fiscal quarters, halves and years)", node.Span);
        return r;
    }

    /// <summary>Periods the SQL knows: fiscal years, halves, quarters, with <paramref name="calendar"/> calendar ones too; months and days as lookups only.</summary>
    private static void CheckPeriod(Period p, TextSpan span, bool calendar = false)
    {
        if (!Enum.IsDefined(p.Frequency)) throw SqlOps.NotSupported($"the period {p}", span);
        if (p.IsCalendar && !calendar) throw SqlOps.NotSupported("a range of calendar periods (CY2022..CY2023Q2)", span);
    }

    /// <summary>The first and last quarter (as year × 4 + quarter − 1) of a fiscal year, half or quarter.</summary>
    public static (int First, int Last) Quarters(Period p) => p.Frequency switch
    {
        Frequency.Year => (p.Year * 4, p.Year * 4 + 3),
        Frequency.Half => (p.Year * 4 + (p.Index - 1) * 2, p.Year * 4 + (p.Index - 1) * 2 + 1),
        _ => (p.Year * 4 + p.Index - 1, p.Year * 4 + p.Index - 1),
    };

    /// <summary>The period of <paramref name="f"/> that holds a quarter (as year × 4 + quarter − 1).</summary>
    public static Period Holding(int quarter, Frequency f)
    {
        int year = quarter / 4, q = quarter % 4 + 1;
        return f switch
        {
            Frequency.Year => Period.OfYear(year),
            Frequency.Half => Period.OfHalf(year, q <= 2 ? 1 : 2),
            _ => Period.OfQuarter(year, q),
        };
    }
}
