using FinQuery.Evaluation;
using FinQuery.Syntax;

namespace FinQuery.Sql;

/// <summary>
/// Range sums (<see cref="SeriesNode.SumOver"/>): a <c>sum</c> metric covered by its values coarsest first, reported
/// before derived, with no overlap and no gap (a gap is NA naming its first uncovered period); a <c>sum</c>
/// expression as the same combination of its operands' sums; anything else NA not meaningful, with the
/// evaluator's reason.
/// </summary>
internal sealed class SumVisitor(Compilation c)
{
    /// <summary>The sum over quarters <paramref name="first"/>..<paramref name="last"/> (year × 4 + quarter − 1).</summary>
    public Sx Over(SeriesNode x, int first, int last, Frequency gapFrequency, PeriodRange range)
    {
        while (x is SeriesLetNode l) x = l.Value;
        switch (x)
        {
            case MetricNode m:
                return Metric(m, first, last, gapFrequency, range);
            case SeriesBinaryNode b when b.Aggregation == Aggregation.Sum:
                switch (b.Op)
                {
                    case BinaryOp.Add or BinaryOp.Subtract:
                        return c.Ops.Binary(b.Op, Over((SeriesNode)b.Left, first, last, gapFrequency, range), Over((SeriesNode)b.Right, first, last, gapFrequency, range));
                    case BinaryOp.Multiply:
                    {
                        var (series, scalar) = b.Left is SeriesNode s ? (s, b.Right) : ((SeriesNode)b.Right, b.Left);
                        var k = c.Scalars.Compile(scalar);
                        return c.Ops.Binary(BinaryOp.Multiply, k, Over(series, first, last, gapFrequency, range));
                    }
                    default:
                    {
                        var k = c.Scalars.Compile(b.Right);
                        return c.Ops.DivideByScalar(Over((SeriesNode)b.Left, first, last, gapFrequency, range), k);
                    }
                }
            case SeriesUnaryNode { Op: UnaryOp.Negate } u when u.Aggregation == Aggregation.Sum:
                return c.Ops.Negate(Over(u.Operand, first, last, gapFrequency, range));
            case LagNode lag when lag.Aggregation == Aggregation.Sum:
                return c.Lags.SumOver(lag, first, last, gapFrequency, range);
            case SliceNode:
                throw SqlOps.NotSupported($"a sum over a slice ({x.Text}); sum over the range itself (sum(x, a..b))", x.Span);
            case AsOfSeriesNode:
                throw PointVisitor.Unsupported(x);
            case not null when x.Aggregation != Aggregation.Sum:
                return Sx.NotAvailable(NotAdditive(x, null));
            default:
                throw PointVisitor.Unsupported(x!);
        }
    }

    private Sx Metric(MetricNode m, int first, int last, Frequency gapFrequency, PeriodRange range)
    {
        int b = c.Metrics.Binding(m);
        string has = c.Tables.Has(b);
        string? constant = c.Metrics.AggregationOf(m) != Aggregation.Sum ? NotAdditive(m, FindWitness(m))
            : first > last ? c.Ops.Missing(cal => $"the range {range.Format(cal)} is empty")
            : null;
        if (constant is not null)
            return c.Layers.Define("CAST(NULL AS DOUBLE)", $"CASE WHEN {has} IS NULL THEN {c.Metrics.NaOfNoSeries(m)} ELSE {constant} END");

        // Year by year (a fiscal year's cover never leaves it), each year's pieces added to the running total of the
        // years before, in the evaluator's order: one total from zero, piece by piece, so that it overflows as in memory.
        Sx? total = null;
        for (int year = first / 4; year <= last / 4; year++)
        {
            int from = Math.Max(first, year * 4) - year * 4 + 1, to = Math.Min(last, year * 4 + 3) - year * 4 + 1;
            var (v, gap) = Cover(b, m.Text, year, from, to, gapFrequency, total?.V);
            total = total is { } t
                ? c.Layers.Define(v, $"COALESCE({t.Na}, {gap})", t)
                : c.Layers.Define(v, gap);
        }
        return c.Ops.Checked($"CASE WHEN {has} IS NOT NULL THEN {total!.Value.V} END",
            $"CASE WHEN {has} IS NULL THEN {c.Metrics.NaOfNoSeries(m)} ELSE {total.Value.Na} END", total.Value);
    }

    /// <summary>
    /// The cover of quarters <paramref name="from"/>..<paramref name="to"/> (1 to 4) of one fiscal year, as the
    /// evaluator's: at each position the coarsest reported value that starts there and ends in the range, else the
    /// coarsest derived one, else a gap (its NA names the period of <paramref name="gapFrequency"/> there). The value
    /// adds the pieces to <paramref name="before"/> (the total of the years before; none for the first year).
    /// </summary>
    private (string Value, string Gap) Cover(int binding, string text, int year, int from, int to, Frequency gapFrequency, string? before)
    {
        string Walk(int pos, string sum, bool value)
        {
            if (pos > to) return value ? sum : "NULL";
            var pieces = Pieces(year, pos, to);
            var sql = new System.Text.StringBuilder("CASE");
            foreach (bool reportedOnly in new[] { true, false })
            {
                foreach (var (piece, next) in pieces)
                {
                    string column = c.Tables.Point(binding, piece, reportedOnly);
                    string added = c.Tables.Point(binding, piece, reportedOnly: false);
                    sql.Append(" WHEN ").Append(column).Append(" IS NOT NULL THEN ")
                       .Append(Walk(next, sum.Length == 0 ? added : $"{sum} + {added}", value));
                }
            }
            var gap = Compilation.Holding(year * 4 + pos - 1, gapFrequency);
            sql.Append(" ELSE ").Append(value ? "NULL" : c.Ops.Missing(cal => $"no {text} for {cal.Format(gap)}"));
            return sql.Append(" END").ToString();
        }
        return (Walk(from, before ?? "", value: true), Walk(from, "", value: false));
    }

    /// <summary>The pieces a cover may take at quarter <paramref name="pos"/> of a year without passing quarter <paramref name="to"/>, coarsest first, each with the position after it.</summary>
    private static List<(Period Piece, int Next)> Pieces(int year, int pos, int to)
    {
        var pieces = new List<(Period, int)>();
        if (pos == 1 && to == 4) pieces.Add((Period.OfYear(year), 5));
        if (pos == 1 && to >= 2) pieces.Add((Period.OfHalf(year, 1), 3));
        if (pos == 3 && to == 4) pieces.Add((Period.OfHalf(year, 2), 5));
        pieces.Add((Period.OfQuarter(year, pos), pos + 1));
        return pieces;
    }

    /// <summary>An entity that has the metric's series (its aggregation is what the reason names).</summary>
    private Entity? FindWitness(MetricNode m)
    {
        if (m.FixedEntity is { } e) return e;
        return c.Readers.FirstOrDefault(x => (uint)m.Slot < (uint)x.Slots.Length && x.Slots[m.Slot] is not null);
    }

    /// <summary>The evaluator's own NA for a series that is not summed over a range, as a literal.</summary>
    private string NotAdditive(SeriesNode x, Entity? witness)
    {
        var ctx = new EvalContext { Budget = 1_000_000, Entity = witness, VintageText = "" };
        var range = new DayRange(0, 0, Frequency.Day, default);
        var na = x.SumOver(range, ref ctx);
        if (!na.IsNa) throw SqlOps.NotSupported($"the sum of {x.Text}", x.Span);
        return c.Ops.Na(na.AsNa.Kind, na.AsNa.Reason);
    }
}
