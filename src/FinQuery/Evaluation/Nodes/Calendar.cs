using FinQuery.Syntax;

namespace FinQuery.Evaluation;

/// <summary>
/// <c>calendar(x)</c>: the series x on calendar quarters, halves and years (<c>CY2023Q2</c>…), so that series of
/// entities whose fiscal years differ can be combined period by period. Each calendar quarter has the value of
/// x's fiscal quarter with at least two of its three months in it; halves and years are built from those quarters
/// as x rolls up. A period written without prefix (<c>calendar(x)[2023Q2]</c>) is read as a calendar one. Months
/// and days are calendar periods already: there calendar(x) is x.
/// </summary>
internal sealed class CalendarNode(SeriesNode x, TextSpan span, string text) : SeriesNode(x.Type, span, text, x.Aggregation)
{
    public SeriesNode X { get; } = x;

    private static Period OnCalendar(Period p) => p.Frequency >= Frequency.Quarter ? p.AsCalendar() : p;

    protected override Value ComputeAt(Period p, ref EvalContext ctx) => X.At(OnCalendar(p), ref ctx);

    protected override bool ComputeShape(ref EvalContext ctx, out SeriesShape shape, out Value na)
    {
        if (!X.TryShape(ref ctx, out var inner, out na))
        {
            shape = default;
            return false;
        }
        if (inner.Frequency < Frequency.Quarter)
        {
            shape = inner;
            return true;
        }
        var (calendar, min, max) = SeriesWalk.Calendarized(inner);
        shape = new SeriesShape(inner.Frequency, calendar, min, max);
        return true;
    }

    protected override Value ComputeSum(in DayRange range, ref EvalContext ctx)
    {
        if (Aggregation != Aggregation.Sum) return NotAdditive();
        if (!X.TryShape(ref ctx, out var inner, out var na)) return na;
        if (inner.Frequency < Frequency.Quarter) return X.SumOver(range, ref ctx);
        int start = range.StartDay, end = range.EndDay;
        Period? from = range.Range.Start?.AsCalendar(), to = range.Range.End?.AsCalendar();
        // An open end runs to the edge of the calendar quarters that have a value: whole quarters only.
        if (from is null || to is null)
        {
            var cq = FiscalCalendar.Calendarized;
            SeriesWalk.Inside(cq, Frequency.Quarter, start, end, out int first, out int last);
            if (first > last) return Value.Missing($"no {Text} in {range.Range.AsCalendar()}");
            if (from is null)
            {
                from = cq.PeriodAt(Frequency.Quarter, first);
                start = cq.StartDay(from.Value);
            }
            if (to is null)
            {
                to = cq.PeriodAt(Frequency.Quarter, last);
                end = cq.EndDay(to.Value);
            }
        }
        // The days are calendar days, and the range says so: X's metrics sum the fiscal quarters that stand for them.
        return X.SumOver(range with { StartDay = start, EndDay = end, Range = new PeriodRange(from, to) }, ref ctx);
    }

    public override IReadOnlyList<Bound> Children => [X];
    public override Bound WithChildren(IReadOnlyList<Bound> c) =>
        ReferenceEquals(c[0], X) ? this : new CalendarNode((SeriesNode)c[0], Span, Text);
}
