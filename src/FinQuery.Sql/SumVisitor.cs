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

        // Year by year (a fiscal year's cover never leaves it). The evaluator adds every piece to one running
        // total; here each year's pieces are added up, then the years: the same values, added in another grouping.
        Sx? total = null;
        for (int year = first / 4; year <= last / 4; year++)
        {
            int from = Math.Max(first, year * 4) - year * 4 + 1, to = Math.Min(last, year * 4 + 3) - year * 4 + 1;
            var (v, gap) = Cover(b, m.Text, year, from, to, gapFrequency);
            var part = c.Layers.Define(v, gap);
            total = total is { } t
                ? c.Layers.Define($"{t.V} + {part.V}", $"COALESCE({t.Na}, {part.Na})", t, part)
                : part;
        }
        return c.Ops.Checked($"CASE WHEN {has} IS NOT NULL THEN {total!.Value.V} END",
            $"CASE WHEN {has} IS NULL THEN {c.Metrics.NaOfNoSeries(m)} ELSE {total.Value.Na} END", total.Value);
    }

    /// <summary>
    /// The cover of quarters <paramref name="from"/>..<paramref name="to"/> (1 to 4) of one fiscal year: per pattern
    /// of the year's reported cells, the cells the evaluator's cover adds, or the NA of its first gap.
    /// </summary>
    private (string Value, string Gap) Cover(int binding, string text, int year, int from, int to, Frequency gapFrequency)
    {
        string pattern = $"COALESCE({c.Tables.Pattern(binding, year)}, 0)";
        var value = new System.Text.StringBuilder("CASE");
        var gap = new System.Text.StringBuilder("CASE");
        foreach (var (patterns, cells, gapPeriod) in DerivationPlan.Cover(from, to, gapFrequency))
        {
            string test = $" WHEN {pattern} IN ({string.Join(", ", patterns)}) THEN ";
            if (gapPeriod is { } g)
            {
                var real = Period.FromOrdinal(g.Frequency, g.Ordinal + (year - DerivationPlan.SyntheticYear) * Period.PeriodsPerYear(g.Frequency));
                gap.Append(test).Append(c.Ops.Missing(cal => $"no {text} for {cal.Format(real)}"));
            }
            else
            {
                value.Append(test).Append(string.Join(" + ", cells.Select(cell => c.Tables.Point(binding, CellPeriod(cell, year), reportedOnly: false))));
            }
        }
        return (value.Append(" END").ToString(), gap.Append(" END").ToString());
    }

    private static Period CellPeriod(string cell, int year) => cell[0] switch
    {
        'y' => Period.OfYear(year),
        'h' => Period.OfHalf(year, cell[1] - '0'),
        _ => Period.OfQuarter(year, cell[1] - '0'),
    };

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
