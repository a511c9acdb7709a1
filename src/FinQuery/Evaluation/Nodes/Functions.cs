using FinQuery.Syntax;

namespace FinQuery.Evaluation;

/// <summary>A function of numbers (<c>abs</c>, <c>round</c>, or a host's own) over scalar arguments.</summary>
internal sealed class NumericFunctionNode(string name, Bound[] args, Func<double[], double> fn, QType type, TextSpan span) : Bound(type, span)
{
    /// <summary>The function's name, as registered (<c>abs</c>, or a host's).</summary>
    public string Name => name;

    /// <summary>For <c>round</c>, the digits it rounds to (of the percent figure for a percent); else -1.</summary>
    public int Digits { get; init; } = -1;

    public override Value Eval(ref EvalContext ctx)
    {
        var values = new double[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            // Each argument is evaluated once: evaluating it again made nested calls such as abs(abs(…)) cost 2^depth.
            var v = args[i].Eval(ref ctx);
            if (v.IsNa) return v;
            values[i] = v.AsNumber;
        }
        return Call(name, fn, values);
    }

    /// <summary>Calls a host's function: an exception or a non-finite result is NA, never a crash.</summary>
    public static Value Call(string name, Func<double[], double> fn, double[] values)
    {
        double r;
        try
        {
            r = fn(values);
        }
        catch (Exception ex) when (ex is not FinQueryException and not OperationCanceledException)
        {
            return Value.NotMeaningful($"{name} failed: {ex.Message}");
        }
        return double.IsFinite(r) ? Value.Number(r == 0 ? 0 : r) : Value.NotMeaningful($"{name} gave no finite number");
    }

    public override IReadOnlyList<Bound> Children => args;
    public override Bound WithChildren(IReadOnlyList<Bound> c) => Same(Children, c) ? this : new NumericFunctionNode(name, [.. c], fn, Type, Span) { Digits = Digits };
    public override string Describe() => $"Function({name})";
}

/// <summary>
/// A function of one number mapped over a series, pointwise: the value at p is f(x[p]), computed only where asked
/// (indexing one point calls the function once; materialising spends one unit of work per point and honours
/// cancellation between points).
/// </summary>
internal sealed class SeriesFunctionNode(string name, SeriesNode x, Func<double[], double> fn, QType type, TextSpan span, string text)
    : SeriesNode(type, span, text, Aggregation.None)
{
    /// <summary>The function's name, as registered (<c>abs</c>, or a host's).</summary>
    public string Name => name;

    /// <summary>For <c>round</c>, the digits it rounds to (of the percent figure for a percent); else -1.</summary>
    public int Digits { get; init; } = -1;

    protected override Value ComputeAt(Period p, ref EvalContext ctx)
    {
        var v = x.At(p, ref ctx);
        if (v.IsNa) return v;
        return NumericFunctionNode.Call(name, fn, [v.AsNumber]);
    }

    protected override bool ComputeShape(ref EvalContext ctx, out SeriesShape shape, out Value na) => x.TryShape(ref ctx, out shape, out na);

    protected override Value NotAdditive() => name == "abs"
        ? Value.NotMeaningful($"{Text} is not additive: write abs(sum(x, …)) or -sum(x, …)")
        : base.NotAdditive();

    public override IReadOnlyList<Bound> Children => [x];
    public override Bound WithChildren(IReadOnlyList<Bound> c) =>
        ReferenceEquals(c[0], x) ? this : new SeriesFunctionNode(name, (SeriesNode)c[0], fn, Type, Span, Text) { Digits = Digits };
    public override string Describe() => $"SeriesFunction({name})";
}

/// <summary><c>first(cond)</c> and <c>last(cond)</c>: the first or last period where a boolean series is true.</summary>
internal sealed class FirstLastNode(bool first, SeriesNode condition, TextSpan span) : Bound(QType.Period, span)
{
    /// <summary><c>first(c)</c> rather than <c>last(c)</c>.</summary>
    public bool IsFirst => first;

    public override Value Eval(ref EvalContext ctx)
    {
        var c = condition.Eval(ref ctx);
        if (c.IsNa) return c;
        var s = c.AsSeries;
        for (int k = 0; k < s.Count; k++)
        {
            int i = first ? k : s.Count - 1 - k;
            if (s.Values[i] != 0) return Value.Of(s.PeriodAt(i));
        }
        return Value.Missing($"{condition.Text} is never true");
    }

    public override IReadOnlyList<Bound> Children => [condition];
    public override Bound WithChildren(IReadOnlyList<Bound> c) =>
        ReferenceEquals(c[0], condition) ? this : new FirstLastNode(first, (SeriesNode)c[0], Span);
    public override string Describe() => first ? "First" : "Last";
}
