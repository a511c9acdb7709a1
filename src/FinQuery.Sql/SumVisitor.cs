using FinQuery.Evaluation;
using FinQuery.Syntax;

namespace FinQuery.Sql;

/// <summary>
/// The quarters (year × 4 + quarter − 1) a range sum covers: <see cref="Low"/>..<see cref="High"/> when both ends are
/// known at compile time; else an open end is the row's (<see cref="First"/>, <see cref="Last"/>: SQL over columns of
/// layer <see cref="Level"/>), between <see cref="Low"/> and <see cref="High"/>, the quarters the SQL lists.
/// </summary>
internal readonly record struct Window(int Low, int High, string? First = null, string? Last = null, int Level = 0)
{
    public bool IsFixed => First is null && Last is null;

    /// <summary>The first quarter, as SQL.</summary>
    public string FirstSql => First ?? SqlLiterals.Integer(Low);

    /// <summary>The last quarter, as SQL.</summary>
    public string LastSql => Last ?? SqlLiterals.Integer(High);

    /// <summary>The window moved by <paramref name="quarters"/> (a lag's sum reads x's quarters earlier).</summary>
    public Window Shift(int quarters) => new(Low + quarters, High + quarters,
        First is null ? null : $"({First} + {SqlLiterals.Integer(quarters)})", Last is null ? null : $"({Last} + {SqlLiterals.Integer(quarters)})", Level);
}

/// <summary>
/// Range sums (<see cref="SeriesNode.SumOver"/>): a <c>sum</c> metric covered by its values coarsest first, reported
/// before derived, with no overlap and no gap (a gap is NA naming its first uncovered period); a <c>sum</c>
/// expression as the same combination of its operands' sums; anything else NA not meaningful, with the
/// evaluator's reason.
/// </summary>
internal sealed class SumVisitor(Compilation c)
{
    /// <summary>The sum over quarters <paramref name="first"/>..<paramref name="last"/> (year × 4 + quarter − 1).</summary>
    public Sx Over(SeriesNode x, int first, int last, Frequency gapFrequency, PeriodRange range) =>
        Over(x, new Window(first, last), gapFrequency, range);

    /// <summary>The sum over the quarters of a window; a gap is named at <paramref name="gapFrequency"/>.</summary>
    public Sx Over(SeriesNode x, Window w, Frequency gapFrequency, PeriodRange range)
    {
        while (x is SeriesLetNode l) x = l.Value;
        switch (x)
        {
            case MetricNode m:
                return Metric(m, w, gapFrequency, range);
            case SeriesBinaryNode b when b.Aggregation == Aggregation.Sum:
                switch (b.Op)
                {
                    case BinaryOp.Add or BinaryOp.Subtract:
                        return c.Ops.Binary(b.Op, Over((SeriesNode)b.Left, w, gapFrequency, range), Over((SeriesNode)b.Right, w, gapFrequency, range));
                    case BinaryOp.Multiply:
                    {
                        var (series, scalar) = b.Left is SeriesNode s ? (s, b.Right) : ((SeriesNode)b.Right, b.Left);
                        var k = c.Scalars.Compile(scalar);
                        return c.Ops.Binary(BinaryOp.Multiply, k, Over(series, w, gapFrequency, range));
                    }
                    default:
                    {
                        var k = c.Scalars.Compile(b.Right);
                        return c.Ops.DivideByScalar(Over((SeriesNode)b.Left, w, gapFrequency, range), k);
                    }
                }
            case SeriesUnaryNode { Op: UnaryOp.Negate } u when u.Aggregation == Aggregation.Sum:
                return c.Ops.Negate(Over(u.Operand, w, gapFrequency, range));
            case LagNode lag when lag.Aggregation == Aggregation.Sum:
                return c.Lags.SumOver(lag, w, gapFrequency, range);
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

    private Sx Metric(MetricNode m, Window w, Frequency gapFrequency, PeriodRange range)
    {
        int b = c.Metrics.Binding(m);
        string has = c.Tables.Has(b);
        string empty = c.Ops.Missing(cal => $"the range {range.Format(cal)} is empty");
        string? constant = c.Metrics.AggregationOf(m) != Aggregation.Sum ? NotAdditive(m, FindWitness(m))
            : w.IsFixed && w.Low > w.High ? empty
            : null;
        if (constant is not null)
            return c.Layers.Define("CAST(NULL AS DOUBLE)", $"CASE WHEN {has} IS NULL THEN {c.Metrics.NaOfNoSeries(m)} ELSE {constant} END");

        // Year by year (a fiscal year's cover never leaves it), each year's pieces added to the running total of the
        // years before, in the evaluator's order: one total from zero, piece by piece, so that it overflows as in memory.
        // With an open end, each year's part of the window is the row's.
        var total = (Sum: SqlOps.Zero, Na: (string?)null, Level: w.IsFixed ? 0 : w.Level + 1);
        for (int year = w.Low / 4; year <= w.High / 4; year++)
        {
            int q1 = year * 4, q4 = year * 4 + 3;
            var from = w.First is { } f
                ? Part.Row(c.Layers.Column(w.Level + 1, $"CASE WHEN {f} <= {q1} THEN 1 WHEN {f} > {q4} THEN 5 ELSE {f} - {q1} + 1 END"))
                : Part.Fixed(Math.Max(w.Low, q1) - q1 + 1);
            var to = w.Last is { } l
                ? Part.Row(c.Layers.Column(w.Level + 1, $"CASE WHEN {l} >= {q4} THEN 4 WHEN {l} < {q1} THEN 0 ELSE {l} - {q1} + 1 END"))
                : Part.Fixed(Math.Min(w.High, q4) - q1 + 1);
            total = Cover(b, m.Text, year, from, to, gapFrequency, total);
        }
        string isEmpty = w.IsFixed ? "1 = 0" : $"{w.FirstSql} > {w.LastSql}";
        var sum = c.Layers.DefineAt(total.Level + 1, total.Sum, total.Na ?? "CAST(NULL AS VARCHAR)");
        return c.Ops.Checked($"CASE WHEN {has} IS NOT NULL AND NOT ({isEmpty}) THEN {sum.V} END",
            $"CASE WHEN {has} IS NULL THEN {c.Metrics.NaOfNoSeries(m)} WHEN {isEmpty} THEN {empty} ELSE {sum.Na} END", sum);
    }

    /// <summary>A year's first or last quarter in a range sum (1 to 4; 5 and 0 when the window misses the year): known, or the row's column.</summary>
    private readonly record struct Part(int? Known, string Sql)
    {
        public static Part Fixed(int q) => new(q, SqlLiterals.Integer(q));
        public static Part Row(string column) => new(null, column);
    }

    /// <summary>
    /// The cover of quarters <paramref name="from"/>..<paramref name="to"/> of one fiscal year, as the evaluator's: piece
    /// by piece, at each position the coarsest reported value that starts there and ends in the range, else the
    /// coarsest derived one, else a gap (its NA names the period of <paramref name="gapFrequency"/> there). Each piece
    /// is added to the running total (<paramref name="before"/>: columns of its layer) and is one layer: a position and
    /// a total (a position of 11 to 14 is a gap at quarter 1 to 4, the total then NULL).
    /// </summary>
    private (string Sum, string? Na, int Level) Cover(int binding, string text, int year, Part from, Part to, Frequency gapFrequency, (string Sum, string? Na, int Level) before)
    {
        int level = before.Level;
        string pos = from.Sql, sum = before.Sum;
        int steps = from.Known is { } a && to.Known is { } z ? Math.Max(0, z - a + 1) : 4;
        if (steps == 0) return before;
        for (int step = 0; step < steps; step++)
        {
            level++;
            var next = new System.Text.StringBuilder($"CASE WHEN {pos} > {to.Sql} THEN {pos}");
            var added = new System.Text.StringBuilder($"CASE WHEN {pos} > {to.Sql} THEN {sum}");
            // Each piece moves on at least one quarter: at this step the position is at least the first one plus the step.
            int lowest = (from.Known ?? 1) + step, highest = Math.Min(to.Known ?? 4, step == 0 && from.Known is { } known ? known : 4);
            var positions = Enumerable.Range(lowest, Math.Max(0, highest - lowest + 1));
            foreach (bool reportedOnly in new[] { true, false })
            {
                foreach (int at in positions)
                {
                    foreach (var (piece, after) in Pieces(year, at))
                    {
                        if (to.Known is { } end && after - 1 > end) continue;
                        string when = $" WHEN {pos} = {at}{(to.Known is null ? $" AND {to.Sql} >= {after - 1}" : "")} AND {c.Tables.Point(binding, piece, reportedOnly)} IS NOT NULL THEN ";
                        next.Append(when).Append(after);
                        added.Append(when).Append(sum).Append(" + ").Append(c.Tables.Point(binding, piece, reportedOnly: false));
                    }
                }
            }
            pos = c.Layers.Column(level, next.Append($" ELSE {pos} + 10 END").ToString());
            sum = c.Layers.Column(level, added.Append(" END").ToString());
        }
        var gaps = new System.Text.StringBuilder($"CASE {pos}");
        for (int q = 1; q <= 4; q++)
        {
            var gap = Compilation.Holding(year * 4 + q - 1, gapFrequency);
            gaps.Append($" WHEN {10 + q} THEN {c.Ops.Missing(cal => $"no {text} for {cal.Format(gap)}")}");
        }
        string na = c.Layers.Column(level + 1, before.Na is { } n ? $"COALESCE({n}, {gaps} END)" : $"{gaps} END");
        return (sum, na, level + 1);
    }

    /// <summary>The pieces a cover may take at quarter <paramref name="pos"/> of a year, coarsest first, each with the position after it.</summary>
    private static List<(Period Piece, int Next)> Pieces(int year, int pos)
    {
        var pieces = new List<(Period, int)>();
        if (pos == 1) pieces.Add((Period.OfYear(year), 5));
        if (pos == 1) pieces.Add((Period.OfHalf(year, 1), 3));
        if (pos == 3) pieces.Add((Period.OfHalf(year, 2), 5));
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
