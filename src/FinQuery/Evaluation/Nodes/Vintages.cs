using FinQuery.Syntax;

namespace FinQuery.Evaluation;

/// <summary>
/// Evaluation against a vintage view of the data: <c>asof(d, e)</c> (what was published on or before d, every
/// derivation redone on it) and <c>first_reported(x)</c> (each period's earliest published value). Inside, metrics
/// resolve in the view; points, sums, shapes and lets are memoised per view, since one node has a value per view.
/// </summary>
internal static class Vintage
{
    /// <summary>Enters <paramref name="view"/>: the context reads it until <see cref="Leave"/> restores <paramref name="saved"/>.</summary>
    public static void Enter(ref EvalContext ctx, Dataset view, string text, out (Dataset? View, EvalMemo? Memo, LetSlot[]? Lets, string Text) saved)
    {
        saved = (ctx.View, ctx.Memo, ctx.Lets, ctx.VintageText);
        var outer = ctx.Memo ??= new EvalMemo();
        outer.Views ??= new Dictionary<Dataset, (EvalMemo, LetSlot[]?)>(ReferenceEqualityComparer.Instance);
        if (!outer.Views.TryGetValue(view, out var state))
        {
            state = (new EvalMemo { Views = outer.Views }, ctx.Lets is null ? null : new LetSlot[ctx.Lets.Length]);
            outer.Views[view] = state;
        }
        ctx.View = view;
        ctx.Memo = state.Memo;
        ctx.Lets = state.Lets;
        ctx.VintageText = text;
    }

    public static void Leave(ref EvalContext ctx, in (Dataset? View, EvalMemo? Memo, LetSlot[]? Lets, string Text) saved) =>
        (ctx.View, ctx.Memo, ctx.Lets, ctx.VintageText) = saved;
}

/// <summary>Which view a vintage node reads: the data as of a day, or as first reported.</summary>
internal sealed class VintageOf(Dataset data, Bound? day)
{
    public Bound? Day { get; } = day;

    /// <summary>The view, or false with NA (a day that is NA).</summary>
    public bool TryView(ref EvalContext ctx, out Dataset view, out string text, out Value na)
    {
        na = default;
        if (Day is null)
        {
            view = data.FirstReported();
            text = " as first reported";
            return true;
        }
        var d = Day.Eval(ref ctx);
        if (d.IsNa)
        {
            (view, text, na) = (data, "", d);
            return false;
        }
        var p = d.AsPeriod;
        view = data.AsOf(DateOnly.FromDayNumber(p.Ordinal));
        text = $" as of {p}";
        return true;
    }

    public VintageOf With(Bound? day) => ReferenceEquals(day, Day) ? this : new VintageOf(data, day);
}

/// <summary><c>asof(d, e)</c> for a scalar e.</summary>
internal sealed class AsOfNode(VintageOf vintage, Bound inner, TextSpan span) : Bound(inner.Type, span)
{
    public override Value Eval(ref EvalContext ctx)
    {
        if (!vintage.TryView(ref ctx, out var view, out var text, out var na)) return na;
        Vintage.Enter(ref ctx, view, text, out var saved);
        try
        {
            return inner.Eval(ref ctx);
        }
        finally
        {
            Vintage.Leave(ref ctx, saved);
        }
    }

    public override IReadOnlyList<Bound> Children => vintage.Day is null ? [inner] : [vintage.Day, inner];
    public override Bound WithChildren(IReadOnlyList<Bound> c) => Same(Children, c) ? this
        : vintage.Day is null ? new AsOfNode(vintage, c[0], Span) : new AsOfNode(vintage.With(c[0]), c[1], Span);
    public override string Describe() => vintage.Day is null ? "FirstReported" : "AsOf";
}

/// <summary><c>asof(d, x)</c> and <c>first_reported(x)</c> for a series x: x in the view, pointwise.</summary>
internal sealed class AsOfSeriesNode(VintageOf vintage, SeriesNode inner, TextSpan span, string text)
    : SeriesNode(inner.Type, span, text, inner.Aggregation)
{
    protected override Value ComputeAt(Period p, ref EvalContext ctx)
    {
        if (!vintage.TryView(ref ctx, out var view, out var vt, out var na)) return na;
        Vintage.Enter(ref ctx, view, vt, out var saved);
        try
        {
            return inner.At(p, ref ctx);
        }
        finally
        {
            Vintage.Leave(ref ctx, saved);
        }
    }

    protected override bool ComputeShape(ref EvalContext ctx, out SeriesShape shape, out Value na)
    {
        shape = default;
        if (!vintage.TryView(ref ctx, out var view, out var vt, out na)) return false;
        Vintage.Enter(ref ctx, view, vt, out var saved);
        try
        {
            return inner.TryShape(ref ctx, out shape, out na);
        }
        finally
        {
            Vintage.Leave(ref ctx, saved);
        }
    }

    protected override Value ComputeSum(in DayRange range, ref EvalContext ctx)
    {
        if (!vintage.TryView(ref ctx, out var view, out var vt, out var na)) return na;
        Vintage.Enter(ref ctx, view, vt, out var saved);
        try
        {
            return inner.SumOver(range, ref ctx);
        }
        finally
        {
            Vintage.Leave(ref ctx, saved);
        }
    }

    public override IReadOnlyList<Bound> Children => vintage.Day is null ? [inner] : [vintage.Day, inner];
    public override Bound WithChildren(IReadOnlyList<Bound> c) => Same(Children, c) ? this
        : vintage.Day is null ? new AsOfSeriesNode(vintage, (SeriesNode)c[0], Span, Text) : new AsOfSeriesNode(vintage.With(c[0]), (SeriesNode)c[1], Span, Text);
    public override string Describe() => vintage.Day is null ? "SeriesFirstReported" : "SeriesAsOf";
}
