using FinQuery.Syntax;

namespace FinQuery.Evaluation;

/// <summary>
/// The built-in functions. A function with an optional period (<c>yoy(x[, p])</c>) binds to its series form, and
/// with the period to that series at p (<c>yoy(x, p)</c> is <c>yoy(x)[p]</c>), so the two can never disagree.
/// </summary>
internal static class Builtins
{
    public static IEnumerable<FunctionDefinition> All()
    {
        yield return GrowthByOffset("yoy", true, "x[p] / x[same period a year earlier] − 1");
        yield return GrowthByOffset("qoq", false, "x[p] / x[previous period] − 1");
        yield return TwoPoint("growth", TwoPointNode.Mode.Growth, "x[to] / x[from] − 1");
        yield return TwoPoint("cagr", TwoPointNode.Mode.Cagr, "(x[to] / x[from])^(1 / years between them) − 1");
        yield return TwoPoint("change", TwoPointNode.Mode.Change, "x[to] − x[from]");
        yield return Aggregate("sum", AggregateKind.Sum, "sum over the range, covered by reported values coarsest first");
        yield return Aggregate("avg", AggregateKind.Avg, "average of the values at the range's frequency");
        yield return Aggregate("min", AggregateKind.Min, "smallest value at the range's frequency");
        yield return Aggregate("max", AggregateKind.Max, "largest value at the range's frequency");
        yield return Aggregate("count", AggregateKind.Count, "number of values at the range's frequency");
        yield return new BuiltinFunction("ttm", 1, 2, "ttm(x[, p])", "sum of the four quarters ending at p",
            (b, c) => Trailing(b, c, yearToDate: false));
        yield return new BuiltinFunction("ytd", 2, 2, "ytd(x, p)", "sum from the start of p's fiscal year to the end of p",
            (b, c) => Trailing(b, c, yearToDate: true));
        yield return new BuiltinFunction("lag", 2, 2, "lag(x, n)", "the series shifted n periods later (x[p − n] at p)",
            (b, c) =>
            {
                if (b.Bind(c.Args[0]) is not SeriesNode x)
                    throw Binder.Error($"lag expects a series as argument 1, found {b.Bind(c.Args[0]).Type.Describe()}", c.Args[0].Span);
                return new LagNode(x, b.BindNumberArg(c, 1), b.Options.MaxLag, c.Span, b.TextOf(c.Span));
            });
        yield return Consensus("consensus", "the consensus (market expectation) of x");
        yield return Consensus("surprise", "x[p] / consensus(x)[p] − 1");
        yield return Consensus("beat", "x[p] > consensus(x)[p]");
        yield return new BuiltinFunction("first", 1, 1, "first(cond)", "the first period where a boolean series is true",
            (b, c) => new FirstLastNode(true, b.BindSeries(c, 0, boolean: true), c.Span));
        yield return new BuiltinFunction("last", 1, 1, "last(cond)", "the last period where a boolean series is true",
            (b, c) => new FirstLastNode(false, b.BindSeries(c, 0, boolean: true), c.Span));
        yield return Elapsed("days_between", Frequency.Day);
        yield return Elapsed("months_between", Frequency.Month);
        yield return Elapsed("years_between", Frequency.Year);
        yield return new BuiltinFunction("abs", 1, 1, "abs(v)", "absolute value",
            (b, c) => Numeric(b, c, "abs", static a => Math.Abs(a[0])));
        yield return new BuiltinFunction("round", 2, 2, "round(v, digits)", "rounded to digits decimals, halves away from zero (a percent to digits decimals of its percent figure)", BindRound);
        yield return new BuiltinFunction("if", 3, 3, "if(c, a, b)", "a when c is true, else b", BindIf);
        yield return new BuiltinFunction("asof", 2, 2, "asof(d, e)", "e as the data was known on day d: later publications do not exist, derived values are derived again", BindAsOf);
        yield return new BuiltinFunction("first_reported", 1, 1, "first_reported(x)", "x as first reported: each period's earliest published value",
            (b, c) =>
            {
                var x = b.BindSeries(c, 0);
                return new AsOfSeriesNode(new VintageOf(b.Data, null), x, c.Span, b.TextOf(c.Span));
            });
        yield return new BuiltinFunction("calendar", 1, 1, "calendar(x)",
            "x on calendar quarters, halves and years (CY2023Q2): each calendar quarter is the fiscal quarter with two of its three months in it",
            (b, c) => new CalendarNode(b.BindSeries(c, 0), c.Span, b.TextOf(c.Span)));
        foreach (var peer in PeerNode.Definitions()) yield return peer;
    }

    /// <summary>The series form, or with a period argument that series at the period.</summary>
    private static Bound AtOptionalPeriod(Binder b, CallExpr c, SeriesNode series, QType pointType) =>
        c.Args.Count > 1 ? new IndexNode(series, b.BindPeriodArg(c, 1), pointType, c.Span) : series;

    /// <summary>How the series form names itself in messages: <c>yoy(revenue)</c>.</summary>
    private static string SeriesText(Binder b, CallExpr c) => string.Concat(c.Name, "(", b.SpanOf(c.Args[0].Span), ")");

    private static BuiltinFunction GrowthByOffset(string name, bool yoy, string description) =>
        new(name, 1, 2, $"{name}(x[, p])", description, (b, c) =>
        {
            var x = b.BindSeries(c, 0);
            return AtOptionalPeriod(b, c, new GrowthSeriesNode(yoy, x, c.Span, SeriesText(b, c)), QType.Percent);
        });

    private static BuiltinFunction TwoPoint(string name, TwoPointNode.Mode mode, string description) =>
        new(name, 3, 3, $"{name}(x, from, to)", description, (b, c) =>
        {
            var x = b.BindSeries(c, 0);
            var type = mode == TwoPointNode.Mode.Change ? QType.Number(x.Type.Unit) : QType.Percent;
            return new TwoPointNode(mode, x, b.BindPeriodArg(c, 1), b.BindPeriodArg(c, 2), type, c.Span);
        });

    private static BuiltinFunction Aggregate(string name, AggregateKind kind, string description) =>
        new(name, 2, 2, $"{name}(x, range)", description, (b, c) =>
        {
            var x = b.BindSeries(c, 0);
            var type = kind == AggregateKind.Count ? QType.Number() : x.Type.Point;
            return new AggregateNode(kind, x, b.BindRangeArg(c, 1), type, c.Span);
        });

    private static Bound Trailing(Binder b, CallExpr c, bool yearToDate)
    {
        var x = b.BindSeries(c, 0);
        var series = new TrailingSeriesNode(yearToDate, x, QType.Series(x.Type.Unit), c.Span, SeriesText(b, c));
        return AtOptionalPeriod(b, c, series, x.Type.Point);
    }

    private static BuiltinFunction Consensus(string name, string description) =>
        new(name, 1, 2, $"{name}(x[, p])", description, (b, c) =>
        {
            var (actual, consensus) = b.BindMetricPair(c);
            return name switch
            {
                "consensus" => AtOptionalPeriod(b, c, consensus, consensus.Type.Point),
                "surprise" => AtOptionalPeriod(b, c, new SurpriseSeriesNode(false, actual, consensus, QType.Series(Units.Percent), c.Span, SeriesText(b, c)), QType.Percent),
                _ => AtOptionalPeriod(b, c, new SurpriseSeriesNode(true, actual, consensus, QType.BoolSeries, c.Span, SeriesText(b, c)), QType.Bool),
            };
        });

    private static BuiltinFunction Elapsed(string name, Frequency unit) =>
        new(name, 2, 2, $"{name}(a, b)", $"whole {name.Split('_')[0]} elapsed from a to b", (b, c) =>
            new ElapsedNode(unit, b.BindPeriodArg(c, 0), b.BindPeriodArg(c, 1), c.Span));

    private static Bound Numeric(Binder b, CallExpr c, string name, Func<double[], double> fn)
    {
        var x = b.Bind(c.Args[0]);
        if (x.Type.Kind is not (TypeKind.Number or TypeKind.Series))
            throw Binder.Error($"{name} expects a number or a series, found {x.Type.Describe()}", c.Args[0].Span);
        return x is SeriesNode s
            ? new SeriesFunctionNode(name, s, fn, x.Type, c.Span, b.TextOf(c.Span))
            : new NumericFunctionNode(name, [x], fn, x.Type, c.Span);
    }

    private static Bound BindRound(Binder b, CallExpr c)
    {
        var x = b.Bind(c.Args[0]);
        if (x.Type.Kind is not (TypeKind.Number or TypeKind.Series))
            throw Binder.Error($"round expects a number or a series, found {x.Type.Describe()}", c.Args[0].Span);
        var digitsNode = b.BindNumberArg(c, 1);
        if (!Constants.TryEvaluate(digitsNode, out var d) || d.AsNumber is < 0 or > 15 || Math.Floor(d.AsNumber) != d.AsNumber)
            throw Binder.Error("round needs a whole number of digits from 0 to 15", c.Args[1].Span);
        int digits = (int)d.AsNumber;
        // A percent rounds its percent figure: round(yoy(x, p), 1) is +11.0%, not 0.1 as a ratio.
        Func<double[], double> fn = x.Type.Unit is Units.Percent or Units.Points
            ? a => Math.Round(a[0] * 100, digits, MidpointRounding.AwayFromZero) / 100
            : a => Math.Round(a[0], digits, MidpointRounding.AwayFromZero);
        return x is SeriesNode s
            ? new SeriesFunctionNode("round", s, fn, x.Type, c.Span, b.TextOf(c.Span)) { Digits = digits }
            : new NumericFunctionNode("round", [x], fn, x.Type, c.Span) { Digits = digits };
    }

    private static Bound BindAsOf(Binder b, CallExpr c)
    {
        var day = b.BindPeriodArg(c, 0);
        if (day is ConstNode { Value.Kind: ValueKind.Period } k && k.Value.AsPeriod.Frequency != Frequency.Day)
            throw Binder.Error($"asof needs a day (like 2023-07-26) as argument 1, found the {Period.Describe(k.Value.AsPeriod.Frequency)} {k.Value.AsPeriod}", c.Args[0].Span);
        var inner = b.Bind(c.Args[1]);
        var vintage = new VintageOf(b.Data, day);
        return inner is SeriesNode s
            ? new AsOfSeriesNode(vintage, s, c.Span, b.TextOf(c.Span))
            : new AsOfNode(vintage, inner, c.Span);
    }

    private static Bound BindIf(Binder b, CallExpr c)
    {
        var cond = b.Bind(c.Args[0]);
        if (cond.Type.Kind != TypeKind.Bool)
            throw Binder.Error($"if expects a boolean as argument 1, found {cond.Type.Describe()}", c.Args[0].Span);
        var then = b.Bind(c.Args[1]);
        var otherwise = b.Bind(c.Args[2]);
        string? unit = Units.Additive(then.Type.Unit, otherwise.Type.Unit);
        if (then.Type.Kind != otherwise.Type.Kind || unit is null)
            throw Binder.Error($"if needs both branches of one type and unit, found {then.Type.Describe()} ({Units.Describe(then.Type.Unit)}) and {otherwise.Type.Describe()} ({Units.Describe(otherwise.Type.Unit)})", c.Span);
        var type = then.Type with { Unit = unit };
        if (then is SeriesNode ts && otherwise is SeriesNode os)
            return new SeriesIfNode(cond, ts, os, type, c.Span, b.TextOf(c.Span));
        return new IfNode(cond, then, otherwise, type, c.Span);
    }
}
