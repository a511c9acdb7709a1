using FinQuery.Syntax;

namespace FinQuery.Evaluation;

/// <summary>
/// <c>yoy(x)</c> (against the same period a year earlier) and <c>qoq(x)</c> (against the previous period of the same
/// frequency) as series; <c>yoy(x, p)</c> is this series at p. Defined wherever x is defined at both periods.
/// </summary>
internal sealed class GrowthSeriesNode(bool yearOverYear, SeriesNode x, TextSpan span, string text)
    : SeriesNode(QType.Series(Units.Percent), span, text, Aggregation.None)
{
    public bool YearOverYear { get; } = yearOverYear;
    public SeriesNode X { get; } = x;

    protected override Value ComputeAt(Period p, ref EvalContext ctx)
    {
        var cur = X.At(p, ref ctx);
        if (cur.IsNa) return cur;
        bool ok = YearOverYear ? p.TryYearEarlier(out var b) : p.TryPlus(-1, out b);
        if (!ok) return Value.Missing($"no period before {X.CalendarFor(ref ctx).Format(p)}");
        var prev = X.At(b, ref ctx);
        if (prev.IsNa) return prev;
        return Ops.Growth(cur.AsNumber, prev.AsNumber, X.Text, b, ref ctx, X);
    }

    protected override bool ComputeShape(ref EvalContext ctx, out SeriesShape shape, out Value na) => X.TryShape(ref ctx, out shape, out na);

    public override IReadOnlyList<Bound> Children => [X];
    public override Bound WithChildren(IReadOnlyList<Bound> c) =>
        ReferenceEquals(c[0], X) ? this : new GrowthSeriesNode(YearOverYear, (SeriesNode)c[0], Span, Text);
    public override string Describe() => YearOverYear ? "Yoy" : "Qoq";
}

/// <summary><c>surprise(x)</c> (x / consensus − 1) and <c>beat(x)</c> (x &gt; consensus) as series, over the consensus' periods.</summary>
internal sealed class SurpriseSeriesNode(bool beat, MetricNode actual, MetricNode consensus, QType type, TextSpan span, string text)
    : SeriesNode(type, span, text, Aggregation.None)
{
    /// <summary><c>beat(x, c)</c> rather than <c>surprise(x, c)</c>.</summary>
    public bool IsBeat => beat;

    protected override Value ComputeAt(Period p, ref EvalContext ctx)
    {
        var expected = consensus.At(p, ref ctx);
        if (expected.IsNa) return expected;
        var a = actual.At(p, ref ctx);
        if (a.IsNa) return a;
        return beat ? Value.Bool(a.AsNumber > expected.AsNumber) : Ops.Growth(a.AsNumber, expected.AsNumber, consensus.Text, p, ref ctx, consensus);
    }

    protected override bool ComputeShape(ref EvalContext ctx, out SeriesShape shape, out Value na) => consensus.TryShape(ref ctx, out shape, out na);

    public override IReadOnlyList<Bound> Children => [actual, consensus];
    public override Bound WithChildren(IReadOnlyList<Bound> c) =>
        Same(Children, c) ? this : new SurpriseSeriesNode(beat, (MetricNode)c[0], (MetricNode)c[1], Type, Span, Text);
    public override string Describe() => beat ? "Beat" : "Surprise";
}

/// <summary><c>growth(x, from, to)</c>, <c>change(x, from, to)</c>, <c>cagr(x, from, to)</c>.</summary>
internal sealed class TwoPointNode(TwoPointNode.Mode mode, SeriesNode x, Bound from, Bound to, QType type, TextSpan span) : Bound(type, span)
{
    public enum Mode { Growth, Change, Cagr }

    /// <summary>Which of the three functions this is.</summary>
    public Mode Function => mode;

    public override Value Eval(ref EvalContext ctx)
    {
        if (!Both(from, to, ref ctx, out var fv, out var tv, out var na)) return na;
        Period a = fv.AsPeriod, b = tv.AsPeriod;
        var va = x.At(a, ref ctx);
        if (va.IsNa) return va;
        var vb = x.At(b, ref ctx);
        if (vb.IsNa) return vb;
        switch (mode)
        {
            case Mode.Change:
                return Ops.Checked(vb.AsNumber - va.AsNumber, BinaryOp.Subtract, 0);
            case Mode.Growth:
                return Ops.Growth(vb.AsNumber, va.AsNumber, x.Text, a, ref ctx, x);
            default:
                var cal = x.CalendarFor(ref ctx);
                if (a.Frequency != b.Frequency)
                    return Value.NotMeaningful($"cagr needs two periods of one frequency, not {cal.Format(a)} and {cal.Format(b)}");
                if (a.IsCalendar != b.IsCalendar)
                    return Value.NotMeaningful($"cagr needs two calendar periods or two fiscal ones, not {cal.Format(a)} and {cal.Format(b)}");
                double years = a.Frequency == Frequency.Day
                    ? (b.Ordinal - a.Ordinal) / 365.25
                    : (double)(b.Ordinal - a.Ordinal) / Period.PeriodsPerYear(a.Frequency);
                if (years <= 0) return Value.NotMeaningful($"cagr needs {cal.Format(b)} to come after {cal.Format(a)}");
                var g = Ops.Growth(vb.AsNumber, va.AsNumber, x.Text, a, ref ctx, x);
                if (g.IsNa) return g;
                return Ops.Checked(Math.Pow(vb.AsNumber / va.AsNumber, 1 / years) - 1, BinaryOp.Power, 0);
        }
    }

    public override IReadOnlyList<Bound> Children => [x, from, to];
    public override Bound WithChildren(IReadOnlyList<Bound> c) =>
        Same(Children, c) ? this : new TwoPointNode(mode, (SeriesNode)c[0], c[1], c[2], Type, Span);
    public override string Describe() => mode.ToString();
}
