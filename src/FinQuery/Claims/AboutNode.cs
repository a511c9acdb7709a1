using FinQuery.Evaluation;
using FinQuery.Syntax;

namespace FinQuery.Claims;

/// <summary>Binds <c>a ~= b</c>: b must be a figure as written; it adopts a's unit.</summary>
internal static class AboutBinding
{
    public static Bound Bind(Binder binder, BinaryExpr b)
    {
        var left = binder.Bind(b.Left);
        var figure = WrittenFigure.From(b.Right, binder.TextOf(b.Right.Span));
        var lt = left.Type;
        if (!lt.IsNumeric || lt.Kind == TypeKind.BoolSeries)
            throw Binder.Error($"'~=' needs a number or a series on its left, found {lt.Describe()}", b.Left.Span);
        // A plain figure adopts the left side's unit; a percent is a percent, and only a percent or a plain ratio is one.
        if (WrittenFigure.IsPercent(b.Right) && Units.Additive(lt.Unit, Units.Percent) is null)
            throw Binder.Error($"cannot compare {Units.Describe(lt.Unit)} with a percent", b.Right.Span);
        if (left is SeriesNode series)
            return new AboutSeriesNode(series, figure, binder.TextOf(b.Span), b.Span);
        return new AboutNode(left, figure, b.Span);
    }
}

/// <summary><c>a ~= b</c>: true when a, rounded or truncated to b's last written digit, is b.</summary>
internal sealed class AboutNode(Bound left, WrittenFigure figure, TextSpan span) : Bound(QType.Bool, span)
{
    /// <summary>The written figure the value is compared with.</summary>
    public WrittenFigure Figure => figure;

    public override Value Eval(ref EvalContext ctx)
    {
        var v = left.Eval(ref ctx);
        if (v.IsNa) return v;
        return Value.Bool(figure.Match(v.AsNumber) != ClaimMatch.None);
    }

    public override IReadOnlyList<Bound> Children => [left];
    public override Bound WithChildren(IReadOnlyList<Bound> c) => ReferenceEquals(c[0], left) ? this : new AboutNode(c[0], figure, Span);
    public override string Describe() => $"About({figure.Text})";
}

/// <summary><c>x ~= b</c> for a series x: pointwise, a boolean series.</summary>
internal sealed class AboutSeriesNode(SeriesNode left, WrittenFigure figure, string text, TextSpan span)
    : SeriesNode(QType.BoolSeries, span, text, Aggregation.None)
{
    /// <summary>The written figure each point is compared with.</summary>
    public WrittenFigure Figure => figure;

    protected override Value ComputeAt(Period p, ref EvalContext ctx)
    {
        var v = left.At(p, ref ctx);
        if (v.IsNa) return v;
        return Value.Bool(figure.Match(v.AsNumber) != ClaimMatch.None);
    }

    protected override bool ComputeShape(ref EvalContext ctx, out SeriesShape shape, out Value na) => left.TryShape(ref ctx, out shape, out na);

    public override IReadOnlyList<Bound> Children => [left];
    public override Bound WithChildren(IReadOnlyList<Bound> c) =>
        ReferenceEquals(c[0], left) ? this : new AboutSeriesNode((SeriesNode)c[0], figure, Text, Span);
    public override string Describe() => $"SeriesAbout({figure.Text})";
}
