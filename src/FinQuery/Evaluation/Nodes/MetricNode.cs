using FinQuery.Syntax;

namespace FinQuery.Evaluation;

/// <summary>A metric of the evaluation's entity (by slot) or of a fixed entity.</summary>
internal sealed class MetricNode(int slot, Entity? fixedEntity, string name, QType type, TextSpan span, Aggregation aggregation)
    : SeriesNode(type, span, name, aggregation)
{
    public int Slot { get; } = slot;
    protected override bool Memoize => false;
    public Entity? FixedEntity { get; } = fixedEntity;

    /// <summary>The series this node reads when evaluated for <paramref name="defaultEntity"/>, known at bind time.</summary>
    public MetricSeries? SeriesAtBind(Entity? defaultEntity)
    {
        var e = FixedEntity ?? defaultEntity;
        return e is not null && (uint)Slot < (uint)e.Slots.Length ? e.Slots[Slot] : null;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public MetricSeries? Resolve(ref EvalContext ctx)
    {
        // A screen's entity by position: the series from the dataset's column, without touching the entity.
        if (ctx.Rows is { } rows && FixedEntity is null && ctx.View is null) return rows.SeriesAt(Slot, ctx.Row);
        var e = FixedEntity ?? ctx.Entity;
        if (e is null) return null;
        // Inside asof / first_reported: the same entity in the vintage view (same ids, same slot catalog).
        if (ctx.View is { } view && !ReferenceEquals(e.Owner, view)) e = view.FindEntity(e.Id) ?? e;
        var slots = e.Slots;
        return (uint)Slot < (uint)slots.Length ? slots[Slot] : null;
    }

    private Value NoSeries(ref EvalContext ctx)
    {
        var e = FixedEntity ?? ctx.Entity;
        return Value.Missing(e is null ? $"no entity for {Text}" : $"{e.Id} has no {Text}");
    }

    protected override Value ComputeAt(Period p, ref EvalContext ctx)
    {
        var s = Resolve(ref ctx);
        if (s is null) return NoSeries(ref ctx);
        if (!s.TryGetValue(p, out double v)) return p.IsCalendar ? MissingAtCalendar(s, p, ref ctx) : Missing(s, p, ref ctx);
        ctx.Trace?.Add((s, p));
        return Type.Kind == TypeKind.BoolSeries ? Value.Bool(v != 0) : Value.Number(v);
    }

    /// <summary>
    /// Why a period has no value; for a figure that does not add up (a per-share figure, a ratio) whose year or half
    /// is reported, that its quarters are not derived from it: a Q4 EPS is not the year's EPS less nine months'.
    /// </summary>
    private Value Missing(MetricSeries s, Period p, ref EvalContext ctx)
    {
        if (s.Aggregation == Aggregation.None && p.Frequency is Frequency.Quarter or Frequency.Half)
        {
            for (var f = p.Frequency + 1; f <= Frequency.Year; f++)
            {
                var whole = s.Calendar.Containing(p, f);
                if (s.IsReported(whole))
                    return Value.Missing($"no {Text} for {s.Calendar.Format(p)}{ctx.VintageText}: {s.Calendar.Format(whole)} is reported, but " +
                        $"{Text} does not add up (a per-share figure or ratio), so its {Period.Describe(p.Frequency)}s are not derived from it");
            }
        }
        return MissingAt(p, s.Calendar, ref ctx);
    }

    /// <summary>Why a calendar period has no value: a figure that does not add up is not built from quarters; else what is missing.</summary>
    private Value MissingAtCalendar(MetricSeries s, Period p, ref EvalContext ctx)
    {
        if (!s.Calendar.TryStandIn(p, out _) && s.Aggregation == Aggregation.None)
            return Value.NotMeaningful($"{Text} is not additive (a per-share figure or ratio): no fiscal {Period.Describe(p.Frequency)} of {s.Entity.Id} " +
                $"matches {p}, and it is not built from quarters");
        foreach (var f in s.CalendarSources(p))
            if (!s.TryGetValue(f, out _)) return Missing(s, f, ref ctx);
        return MissingAt(p, s.Calendar, ref ctx);
    }

    protected override bool ComputeShape(ref EvalContext ctx, out SeriesShape shape, out Value na)
    {
        var s = Resolve(ref ctx);
        if (s is null)
        {
            shape = default;
            na = NoSeries(ref ctx);
            return false;
        }
        shape = new SeriesShape(s.FinestReported, s.Calendar, s.MinDay, s.MaxDay);
        na = default;
        return true;
    }

    protected override Value ComputeSum(in DayRange range, ref EvalContext ctx)
    {
        var s = Resolve(ref ctx);
        if (s is null) return NoSeries(ref ctx);
        if (s.Aggregation != Aggregation.Sum) return NotAdditive(s.Aggregation);
        if (range.StartDay > range.EndDay) return Value.Missing($"the range {range.Range.Format(s.Calendar)} is empty");
        ctx.Spend(1, range.Span);
        int start = range.StartDay, end = range.EndDay;
        // Calendar quarters are summed as the fiscal quarters that stand for them.
        if (range.Range.IsCalendar) s.Calendar.StandInDays(ref start, ref end);
        var used = ctx.Trace is null ? null : new List<Period>();
        bool covered = s.TryCoverSum(start, end, range.GapFrequency, out double sum, out var gap, used, out int steps);
        // Each piece of the cover is work: ttm(x) over daily data takes 365 pieces per point.
        ctx.Spend(steps, range.Span);
        if (!covered) return MissingAt(gap, s.Calendar, ref ctx);
        if (used is not null)
            foreach (var p in used) ctx.Trace!.Add((s, p));
        return Ops.Checked(sum, BinaryOp.Add, 0);
    }

    protected override Value NotAdditive() => NotAdditive(Aggregation);

    private Value NotAdditive(Aggregation actual) => actual switch
    {
        Aggregation.Last => Value.NotMeaningful($"{Text} is a balance (last): it is not summed over a range; write {Text}[p] for its value at the end of p, or avg({Text}, …)"),
        _ => Value.NotMeaningful($"{Text} is not additive (a per-share figure or ratio): it is not summed over a range; write avg({Text}, …) or {Text}[p]"),
    };

    /// <summary>The metric's own points at its finest reported frequency, copied once (no per-point lookups).</summary>
    public override Value Eval(ref EvalContext ctx)
    {
        var s = Resolve(ref ctx);
        if (s is null) return NoSeries(ref ctx);
        var t = s.Tables[(int)s.FinestReported];
        var values = t?.Values ?? [];
        ctx.Spend(values.Length, Span);
        var sb = new SeriesBuilder(s.FinestReported, values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i])) continue;
            sb.Add(t!.First + i, values[i]);
            if (ctx.Trace is not null) ctx.Trace.Add((s, Period.FromOrdinal(s.FinestReported, t.First + i)));
        }
        return Value.Of(sb.Build(Text, s.Calendar, IsBool));
    }

    public override IReadOnlyList<Bound> Children => [];
    public override Bound WithChildren(IReadOnlyList<Bound> children) => this;
    public override string Describe() => $"Metric({Text})";
}
