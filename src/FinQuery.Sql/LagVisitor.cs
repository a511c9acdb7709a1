using System.Globalization;
using FinQuery.Evaluation;

namespace FinQuery.Sql;

/// <summary>
/// <c>lag(x, n)</c> of a metric or an expression: x shifted n periods later in x's natural frequency (a metric's
/// finest reported frequency; an expression's from its series, of two the coarser), which differs from entity to entity, so the SQL computes the lag for each of quarters, halves and years and picks
/// the entity's. At a coarser period the value rolls up from the shifted values as x's do (a <c>sum</c> by its
/// shifted range sum, a <c>last</c> by its shifted last part).
/// </summary>
internal sealed class LagVisitor(Compilation c)
{
    private static readonly Frequency[] Natural = [Frequency.Quarter, Frequency.Half, Frequency.Year];

    public Sx At(LagNode lag, Period p) => Pick(lag, f => AtFrequency(lag, p, f));

    /// <summary>The NA of the lag's shape: x's, then n's (NA or not a whole number).</summary>
    public Sx? Shape(LagNode lag)
    {
        var shape = c.Points.Shape(lag.X);
        return Shift(lag, out var na) != 0 ? c.Ops.After(shape, Sx.NotAvailable(c.Ops.Na(na.AsNa.Kind, na.AsNa.Reason))) : shape;
    }

    public Sx SumOver(LagNode lag, Window w, Frequency gapFrequency, PeriodRange range) =>
        Pick(lag, f => SumAtFrequency(lag, w, f, gapFrequency, range));

    /// <summary>The lag of each natural frequency, chosen by the entity's; NA first when the entity lacks x or n is NA.</summary>
    private Sx Pick(LagNode lag, Func<Frequency, Sx> compute)
    {
        string finest = NaturalFrequency(lag.X);
        int shiftNa = Shift(lag, out var na);
        var shape = c.Points.Shape(lag.X);
        if (shiftNa != 0) return c.Ops.After(shape, Sx.NotAvailable(c.Ops.Na(na.AsNa.Kind, na.AsNa.Reason)));
        var branches = Natural.Select(f => (f, v: compute(f))).ToArray();
        string v = "CASE " + finest + string.Concat(branches.Select(b => $" WHEN {(int)b.f} THEN {b.v.V}")) + " END";
        string nas = (shape is { } s ? $"CASE WHEN {s.Na} IS NOT NULL THEN {s.Na}" : "CASE") + string.Concat(branches.Select(b => $" WHEN {finest} = {(int)b.f} THEN {b.v.Na}")) + " END";
        return c.Layers.Define(v, nas, [.. shape is { } sh ? [sh] : Array.Empty<Sx>(), .. branches.Select(b => b.v)]);
    }

    private Sx AtFrequency(LagNode lag, Period p, Frequency f)
    {
        int shift = Amount(lag);
        if (p.Frequency == f)
            return p.TryPlus(-shift, out var q) ? c.Points.At(lag.X, q) : Sx.NotAvailable(c.Ops.Missing(cal => $"no {lag.Text} for {cal.Format(p)}"));
        if (p.Frequency < f) return Sx.NotAvailable(c.Ops.Missing(cal => $"no {lag.Text} for {cal.Format(p)}"));
        if (p.IsCalendar) return AtCalendar(lag, p, f, shift);
        var (first, last) = Compilation.Quarters(p);
        switch (lag.X.Aggregation)
        {
            case Aggregation.Sum:
                return SumAtFrequency(lag, new Window(first, last), f, p.Frequency, PeriodRange.Single(p));
            case Aggregation.Last:
                var lastPart = Compilation.Holding(last, f);
                return lastPart.TryPlus(-shift, out var source) ? c.Points.At(lag.X, source) : Sx.NotAvailable(c.Ops.Missing(cal => $"no {lag.Text} for {cal.Format(p)}"));
            default:
                return Sx.NotAvailable(c.Ops.Missing(cal => $"no {lag.Text} for {cal.Format(p)}"));
        }
    }

    /// <summary>
    /// A calendar half or year of a series shifted in a finer frequency: a <c>sum</c> over the fiscal quarters that stand
    /// for it, shifted; a <c>last</c> by its last calendar quarter shifted (x at it is the fiscal one standing for it), or
    /// of a series shifted in halves or years, the row's fiscal period holding its last day.
    /// </summary>
    private Sx AtCalendar(LagNode lag, Period p, Frequency f, int shift)
    {
        string missing = c.Ops.Missing(cal => $"no {lag.Text} for {cal.Format(p)}");
        switch (lag.X.Aggregation)
        {
            case Aggregation.Sum:
                return c.Ops.PerCalendar(c.Ops.RowCalendars, cal =>
                {
                    var (first, last) = cal.StandInQuarters(p);
                    return SumAtFrequency(lag, new Window(first, last), f, p.Frequency, PeriodRange.Single(p));
                });
            case Aggregation.Last when f == Frequency.Quarter:
            {
                var lastPart = Period.FromOrdinal(Frequency.Quarter, FiscalCalendar.Calendarized.StandInQuarters(p).Last).AsCalendar();
                return lastPart.TryPlus(-shift, out var source) ? c.Points.At(lag.X, source) : Sx.NotAvailable(missing);
            }
            case Aggregation.Last:
                return c.Ops.PerCalendar(c.Ops.RowCalendars, cal =>
                {
                    var lastPart = cal.Containing(Period.OfDate(DateOnly.FromDayNumber(cal.EndDay(p))), f);
                    return lastPart.TryPlus(-shift, out var source) ? c.Points.At(lag.X, source) : Sx.NotAvailable(missing);
                });
            default:
                return Sx.NotAvailable(missing);
        }
    }

    /// <summary>The sum of x over the window shifted, in whole periods of x's natural frequency <paramref name="f"/>, else NA.</summary>
    private Sx SumAtFrequency(LagNode lag, Window w, Frequency f, Frequency gapFrequency, PeriodRange range)
    {
        int shift = Amount(lag);
        int size = Size(f);
        string unit = Period.Describe(f);
        string partial = c.Ops.NotMeaningful($"{lag.Text} is shifted in {unit}s: it is summed over whole {unit}s only");
        if (w.IsFixed)
            return w.Low % size != 0 || (w.High + 1) % size != 0 ? Sx.NotAvailable(partial) : c.Sums.Over(lag.X, w.Shift(-shift * size), gapFrequency, range);
        var sum = c.Sums.Over(lag.X, w.Shift(-shift * size), gapFrequency, range);
        if (size == 1) return sum;
        string notWhole = $"MOD({w.FirstSql}, {size}) <> 0 OR MOD({w.LastSql} + 1, {size}) <> 0";
        return c.Layers.DefineAt(Math.Max(sum.Level, w.Level) + 1, $"CASE WHEN {notWhole} THEN NULL ELSE {sum.V} END", $"CASE WHEN {notWhole} THEN {partial} ELSE {sum.Na} END");
    }

    /// <summary>The quarters in a period of a natural frequency.</summary>
    private static int Size(Frequency f) => f switch { Frequency.Year => 4, Frequency.Half => 2, _ => 1 };

    /// <summary>
    /// SQL for the first and last quarter of the lag's series (x's, moved by n periods of x's natural frequency);
    /// x's when n is NA or not a whole number (the lag's shape is NA then).
    /// </summary>
    public (string First, string Last) QuarterEdges(LagNode lag)
    {
        var (first, last) = c.Points.QuarterEdges(lag.X);
        if (Shift(lag, out _) != 0) return (first, last);
        int shift = Amount(lag);
        if (shift == 0) return (first, last);
        // As the evaluator moves an edge: the period of x's natural frequency holding it, moved by n, then its first (last) quarter.
        string size = $"CASE {NaturalFrequency(lag.X)} WHEN 4 THEN 4 WHEN 3 THEN 2 ELSE 1 END";
        string Moved(string quarter, string end) =>
            $"((CAST(FLOOR(CAST({quarter} AS DOUBLE) / {size}) AS INTEGER) + {SqlLiterals.Integer(shift)}) * {size}{end})";
        return (Moved(first, ""), Moved(last, $" + {size} - 1"));
    }

    /// <summary>
    /// SQL for the natural frequency of a series (2 quarter, 3 half, 4 year), as its shape gives it: a metric's finest
    /// reported frequency; an expression's from its series (of two, the coarser); NULL where the entity lacks a series.
    /// </summary>
    public string NaturalFrequency(SeriesNode x)
    {
        switch (x)
        {
            case MetricNode m:
                return c.Tables.Finest(c.Metrics.Binding(m));
            case LagNode inner:
                return NaturalFrequency(inner.X);
            case SeriesBinaryNode b when b.Left is SeriesNode l && b.Right is SeriesNode r:
            {
                string fl = NaturalFrequency(l), fr = NaturalFrequency(r);
                return $"CASE WHEN {fl} >= {fr} THEN {fl} ELSE {fr} END";
            }
            case SeriesBinaryNode b:
                return NaturalFrequency(b.Left as SeriesNode ?? (SeriesNode)b.Right);
            default:
                return PointVisitor.Wrapped(x) is { } wrapped ? NaturalFrequency(wrapped)
                    : throw SqlOps.NotSupported($"lag of {x.Text} (lag a metric, or an expression over metrics)", x.Span);
        }
    }

    /// <summary>The number of periods to shift by (n, checked by <see cref="Shift"/>).</summary>
    private static int Amount(LagNode lag)
    {
        Compilation.TryConstant(lag.Children[1], out var n);
        return (int)n.AsNumber;
    }

    /// <summary>Zero when n is a whole number; else non-zero, with the NA.</summary>
    private static int Shift(LagNode lag, out Value na)
    {
        var n = lag.Children[1];
        if (!Compilation.TryConstant(n, out na)) throw SqlOps.NotSupported("lag by a number computed from the data", n.Span);
        if (na.IsNa) return 1;
        double k = na.AsNumber;
        if (Math.Floor(k) != k)
        {
            na = Value.NotMeaningful(string.Create(CultureInfo.InvariantCulture, $"lag needs a whole number of periods, not {k}"));
            return 1;
        }
        if (Math.Abs(k) > 400) throw SqlOps.NotSupported("lag by more than 400 periods", n.Span);
        return 0;
    }
}
