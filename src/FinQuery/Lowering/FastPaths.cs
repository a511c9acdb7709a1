using System.Runtime.CompilerServices;
using FinQuery.Syntax;

namespace FinQuery.Evaluation;

/// <summary>
/// The lowering passes that replace a general node by a fast one for a common shape; each fast node keeps the
/// general node and defers to it off its happy path, so results (values and NA reasons) are the same.
/// </summary>
internal static class FastPaths
{
    /// <summary><c>yoy(m, P)</c> / <c>qoq(m, P)</c> of a metric at a constant period: both periods found now.</summary>
    public static Bound ConstantPeriodPair(Bound node, in LoweringContext context)
    {
        if (node is IndexNode { Index: ConstNode { Value.Kind: ValueKind.Period } c } ix
            && (ix.Target is DenseGrowthSeriesNode d ? d.General : ix.Target) is GrowthSeriesNode { X: MetricNode metric } g)
        {
            var p = c.Value.AsPeriod;
            // A calendar period stands for a different fiscal one per entity: no constant pair.
            if (p.IsCalendar) return node;
            bool ok = g.YearOverYear ? p.TryYearEarlier(out var b) : p.TryPlus(-1, out b);
            if (ok) return new ConstantGrowthNode(metric, (int)p.Frequency, p.Ordinal, b.Ordinal, ix);
        }
        return node;
    }

    /// <summary>
    /// <c>sum(m, R)</c>, <c>ttm(m, P)</c>, <c>ytd(m, P)</c> of a metric over a constant range: the cover of the bound
    /// entity's series found now, so evaluating for that entity only adds the values.
    /// </summary>
    public static Bound CoverPlan(Bound node, in LoweringContext context)
    {
        switch (node)
        {
            case AggregateNode { Kind: AggregateKind.Sum, X: MetricNode metric, Range: ConstNode range } agg
                when metric.SeriesAtBind(context.DefaultEntity) is { } m:
            {
                var r = range.Value.Kind == ValueKind.Period ? PeriodRange.Single(range.Value.AsPeriod) : range.Value.AsRange;
                var shape = new SeriesShape(m.FinestReported, m.Calendar, m.MinDay, m.MaxDay);
                var days = SeriesWalk.Days(r, shape);
                return Plan(metric, m, days.StartDay, days.EndDay, r.IsCalendar, agg) ?? node;
            }
            case IndexNode { Target: TrailingSeriesNode { X: MetricNode metric } t, Index: ConstNode { Value.Kind: ValueKind.Period } p } ix
                when metric.SeriesAtBind(context.DefaultEntity) is { } m && t.TryDays(m.Calendar, p.Value.AsPeriod, out var days):
                return Plan(metric, m, days.StartDay, days.EndDay, p.Value.AsPeriod.IsCalendar, ix) ?? node;
            default:
                return node;
        }
    }

    private static PlannedSumNode? Plan(MetricNode metric, MetricSeries m, int startDay, int endDay, bool calendarPeriods, Bound general)
    {
        // Calendar quarters are summed as the fiscal quarters that stand for them (as MetricNode does).
        if (calendarPeriods) m.Calendar.StandInDays(ref startDay, ref endDay);
        if (startDay > endDay || m.Aggregation != Aggregation.Sum) return null;
        var used = new List<Period>();
        if (!m.TryCoverSum(startDay, endDay, Frequency.Day, out _, out _, used)) return null;
        var parts = new CoverPart[used.Count];
        for (int i = 0; i < parts.Length; i++)
        {
            var p = used[i];
            var t = m.Tables[(int)p.Frequency]!;
            parts[i] = new CoverPart(t.Values, p.Ordinal - t.First);
        }
        return new PlannedSumNode(metric, m, parts, general);
    }

    /// <summary><c>yoy(m)</c> / <c>qoq(m)</c> of a metric, materialised: one pass over the dense table.</summary>
    public static Bound DenseSeries(Bound node, in LoweringContext context) =>
        node is GrowthSeriesNode { X: MetricNode metric } g ? new DenseGrowthSeriesNode(metric, g) : node;
}

/// <summary>A growth of a metric between two constant periods: two dense-table reads, else the general node.</summary>
internal sealed class ConstantGrowthNode(MetricNode metric, int frequency, int at, int @base, Bound general) : Bound(general.Type, general.Span)
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override Value Eval(ref EvalContext ctx)
    {
        var series = metric.Resolve(ref ctx);
        if (series is not null
            && series.TryGetAt(frequency, at, out double cur)
            && series.TryGetAt(frequency, @base, out double prev)
            && prev > 0)
        {
            double g = cur / prev - 1;
            if (double.IsFinite(g)) return Value.Number(g == 0 ? 0 : g);
        }
        return general.Eval(ref ctx);
    }

    public override IReadOnlyList<Bound> Children => [general];
    public override Bound WithChildren(IReadOnlyList<Bound> children) => this;
    public override string Describe() => $"ConstantGrowth({metric.Text})";
}

/// <summary>One value of a precomputed cover: a frequency table's values and the index into them.</summary>
internal readonly record struct CoverPart(double[] Values, int Index);

/// <summary>
/// A sum over a constant range whose cover was found at lowering time for one series, in cover order (so the sum
/// is bit-identical to the general node's). Series never change once built, so the plan stays valid.
/// </summary>
internal sealed class PlannedSumNode(MetricNode metric, MetricSeries series, CoverPart[] parts, Bound general) : Bound(general.Type, general.Span)
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override Value Eval(ref EvalContext ctx)
    {
        if (ReferenceEquals(metric.Resolve(ref ctx), series))
        {
            ctx.Spend(1);
            double sum = 0;
            foreach (var part in parts) sum += part.Values[part.Index];
            return Ops.Checked(sum, BinaryOp.Add, 0);
        }
        return general.Eval(ref ctx);
    }

    public override IReadOnlyList<Bound> Children => [general];
    public override Bound WithChildren(IReadOnlyList<Bound> children) => this;
    public override string Describe() => $"PlannedSum({metric.Text}, {parts.Length} parts)";
}

/// <summary><c>yoy(m)</c> or <c>qoq(m)</c> of a metric at a regular frequency, materialised in one pass over its dense table.</summary>
internal sealed class DenseGrowthSeriesNode(MetricNode metric, GrowthSeriesNode general)
    : SeriesNode(general.Type, general.Span, general.Text, general.Aggregation)
{
    public GrowthSeriesNode General { get; } = general;
    protected override bool Memoize => false;

    protected override Value ComputeAt(Period p, ref EvalContext ctx) => General.At(p, ref ctx);
    protected override bool ComputeShape(ref EvalContext ctx, out SeriesShape shape, out Value na) => General.TryShape(ref ctx, out shape, out na);

    public override Value Eval(ref EvalContext ctx)
    {
        var m = metric.Resolve(ref ctx);
        if (m is null || m.FinestReported == Frequency.Day || m.Tables[(int)m.FinestReported] is not { } t) return General.Eval(ref ctx);
        int k = General.YearOverYear ? Period.PeriodsPerYear(t.Frequency) : 1;
        var values = t.Values;
        ctx.Spend(values.Length, Span);
        // Write straight into the result's arrays (sized for every point, as SeriesBuilder would be).
        int capacity = Math.Max(values.Length, 4), first = t.First, count = 0;
        var ordinals = new int[capacity];
        var results = new double[capacity];
        ReadOnlySpan<double> cur = values, prev = values;
        if (k < values.Length)
        {
            cur = cur[k..];
            prev = prev[..^k];
        }
        else
        {
            cur = prev = default;
        }
        for (int i = 0; i < cur.Length; i++)
        {
            double b = prev[i];
            // NaN (absent) fails the comparison, so absent bases drop out with non-positive ones;
            // an absent current value makes g NaN, which is not finite.
            if (b > 0)
            {
                double g = cur[i] / b - 1;
                if (double.IsFinite(g))
                {
                    ordinals[count] = first + k + i;
                    results[count] = g == 0 ? 0 : g;
                    count++;
                }
            }
        }
        return Value.Of(new ComputedSeries(t.Frequency, ordinals, results, count, Text, m.Calendar, isBool: false));
    }

    public override IReadOnlyList<Bound> Children => [General];
    public override Bound WithChildren(IReadOnlyList<Bound> children) => this;
    public override string Describe() => $"DenseGrowth({metric.Text})";
}
