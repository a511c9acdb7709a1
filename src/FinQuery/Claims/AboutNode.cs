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
        if (!lt.IsSeries && left.TryConstant(out var constant) && constant.Kind == ValueKind.Number)
            return new ConstNode(Value.Bool(figure.Match(constant.AsNumber) != ClaimMatch.None), QType.Bool, b.Span);
        return new AboutNode(left, figure, lt.IsSeries ? QType.BoolSeries : QType.Bool, binder.TextOf(b.Span), b.Span);
    }
}

/// <summary><c>a ~= b</c>: true when a, rounded or truncated to b's last written digit, is b; pointwise over a series.</summary>
internal sealed class AboutNode : Bound
{
    private readonly Bound _left;
    private readonly WrittenFigure _figure;
    private readonly string _text;
    private readonly Func<double, double> _pointwise;

    public AboutNode(Bound left, WrittenFigure figure, QType type, string text, TextSpan span) : base(type, span)
    {
        _left = left;
        _figure = figure;
        _text = text;
        _pointwise = v => figure.Match(v) != ClaimMatch.None ? 1 : 0;
    }

    public override Value Eval(ref EvalContext ctx)
    {
        var v = _left.Eval(ref ctx);
        if (v.IsNa) return v;
        if (v.Kind == ValueKind.Series) return Ops.Map(v.AsSeries, _pointwise, _text, boolResult: true, ref ctx, Span);
        return Value.Bool(_figure.Match(v.AsNumber) != ClaimMatch.None);
    }
}
