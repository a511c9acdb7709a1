using FinQuery.Syntax;

namespace FinQuery.Evaluation;

internal enum AggregateKind { Sum, Avg, Min, Max, Count }

/// <summary>
/// <c>ttm(x)</c> (the four quarters ending at each period) and <c>ytd(x)</c> (from the start of the period's fiscal
/// year) as series; <c>ttm(x, p)</c> is this series at p. Each point is x's range sum, so a <c>sum</c> expression is
/// covered exactly as a metric is, and a <c>last</c> or <c>none</c> series is NA not-meaningful.
/// </summary>
internal sealed class TrailingSeriesNode(bool yearToDate, SeriesNode x, QType type, TextSpan span, string text)
    : SeriesNode(type, span, text, Aggregation.None)
{
    public bool YearToDate { get; } = yearToDate;
    public SeriesNode X { get; } = x;

    protected override Value ComputeAt(Period p, ref EvalContext ctx)
    {
        if (!X.TryShape(ref ctx, out var shape, out var na)) return na;
        if (!TryDays(shape.Calendar, p, out var days)) return Value.Missing($"no year of data before {shape.Calendar.Format(p)}");
        return X.SumOver(days, ref ctx);
    }

    /// <summary>The days the sum covers; false when the trailing year would start before year 1.</summary>
    public bool TryDays(FiscalCalendar cal, Period p, out DayRange days)
    {
        int startDay;
        if (YearToDate)
        {
            // A calendar period's year to date starts in January, whatever the fiscal year.
            startDay = cal.StartDay(p.IsCalendar ? Period.OfYear(p.Year).AsCalendar() : cal.Containing(p, Frequency.Year));
        }
        else
        {
            // The four quarters ending at p: p and the periods before it that make up a year.
            int back = p.Frequency == Frequency.Day ? 364 : Period.PeriodsPerYear(p.Frequency) - 1;
            if (!p.TryPlus(-back, out var first))
            {
                days = default;
                return false;
            }
            startDay = cal.StartDay(first);
        }
        days = new DayRange(startDay, cal.EndDay(p), p.Frequency, PeriodRange.Single(p), Span);
        return true;
    }

    protected override bool ComputeShape(ref EvalContext ctx, out SeriesShape shape, out Value na) => X.TryShape(ref ctx, out shape, out na);

    public override IReadOnlyList<Bound> Children => [X];
    public override Bound WithChildren(IReadOnlyList<Bound> c) =>
        ReferenceEquals(c[0], X) ? this : new TrailingSeriesNode(YearToDate, (SeriesNode)c[0], Type, Span, Text);
    public override string Describe() => YearToDate ? "Ytd" : "Ttm";
}

/// <summary>
/// <c>sum|avg|min|max|count(x, range)</c>. <c>sum</c> is x's range sum (the cover of reported values, for metrics and
/// <c>sum</c> expressions alike); the others take the points at the range's frequency (the finer of its two
/// ends), each computed pointwise.
/// </summary>
internal sealed class AggregateNode(AggregateKind kind, SeriesNode x, Bound range, QType type, TextSpan span) : Bound(type, span)
{
    public AggregateKind Kind { get; } = kind;
    public SeriesNode X { get; } = x;
    public Bound Range { get; } = range;

    public override Value Eval(ref EvalContext ctx)
    {
        var rv = Range.Eval(ref ctx);
        if (rv.IsNa) return rv;
        if (!X.TryShape(ref ctx, out var shape, out var na)) return na;
        var r = rv.Kind == ValueKind.Period ? PeriodRange.Single(rv.AsPeriod) : rv.AsRange;
        var days = SeriesWalk.Days(r, shape);
        // A sum is the series' range sum, empty range included, so that sum(-x, R) and -sum(x, R) say the same.
        if (Kind == AggregateKind.Sum) return X.SumOver(days with { Span = Span }, ref ctx);
        if (days.StartDay > days.EndDay) return Value.Missing($"no {X.Text} in {r.Format(shape.Calendar)}");

        var f = r.Frequency ?? shape.Frequency;
        // No point lies outside the series' edges: the work follows the data, not the span of the range.
        var (walk, minDay, maxDay) = SeriesWalk.WalkOn(r, shape);
        SeriesWalk.Inside(walk, f, Math.Max(days.StartDay, minDay), Math.Min(days.EndDay, maxDay), out int first, out int last);
        double acc = Kind switch { AggregateKind.Min => double.PositiveInfinity, AggregateKind.Max => double.NegativeInfinity, _ => 0 };
        int n = 0;
        for (int o = first; o <= last; o++)
        {
            ctx.Spend(1, Span);
            var v = X.At(walk.PeriodAt(f, o), ref ctx);
            if (v.IsNa) continue;
            double d = v.AsNumber;
            n++;
            switch (Kind)
            {
                case AggregateKind.Min: if (d < acc) acc = d; break;
                case AggregateKind.Max: if (d > acc) acc = d; break;
                case AggregateKind.Count: break;
                default: acc += d; break;
            }
        }
        if (n == 0) return Value.Missing($"no {X.Text} in {r.Format(shape.Calendar)}");
        return Kind switch
        {
            // The sum of finite values may overflow: NA, never an infinite average.
            AggregateKind.Avg => Ops.Checked(acc / n, BinaryOp.Add, 0),
            AggregateKind.Count => Value.Number(n),
            _ => Ops.Checked(acc, BinaryOp.Add, 0),
        };
    }

    public override IReadOnlyList<Bound> Children => [X, Range];
    public override Bound WithChildren(IReadOnlyList<Bound> c) =>
        Same(Children, c) ? this : new AggregateNode(Kind, (SeriesNode)c[0], c[1], Type, Span);
    public override string Describe() => Kind.ToString();
}
