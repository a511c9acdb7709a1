using FinQuery.Syntax;

namespace FinQuery.Evaluation;

/// <summary>A function the binder can resolve: a built-in of §4 or one an application registered.</summary>
internal abstract class FunctionDefinition(string name, int minArgs, int maxArgs, string signature, string description)
{
    public string Name { get; } = name;
    public int MinArgs { get; } = minArgs;
    public int MaxArgs { get; } = maxArgs;
    /// <summary>For example <c>yoy(x[, p])</c>.</summary>
    public string Signature { get; } = signature;
    public string Description { get; } = description;

    /// <summary>Binds a call whose argument count is already checked.</summary>
    public abstract Bound Bind(Binder binder, CallExpr call);
}

internal sealed class BuiltinFunction(string name, int minArgs, int maxArgs, string signature, string description, Func<Binder, CallExpr, Bound> bind)
    : FunctionDefinition(name, minArgs, maxArgs, signature, description)
{
    public override Bound Bind(Binder binder, CallExpr call) => bind(binder, call);
}

/// <summary>An application's function of numbers; a single series argument is mapped point by point.</summary>
internal sealed class UserFunction(string name, int arity, Func<double[], double> fn, string? unit, string description)
    : FunctionDefinition(name, arity, arity, $"{name}({string.Join(", ", Enumerable.Range(1, arity).Select(i => "x" + i))})", description)
{
    public override Bound Bind(Binder binder, CallExpr call)
    {
        var args = new Bound[call.Args.Count];
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = binder.Bind(call.Args[i]);
            bool ok = args[i].Type.Kind == TypeKind.Number || (args.Length == 1 && args[i].Type.Kind == TypeKind.Series);
            if (!ok)
                throw Binder.Error($"{Name} expects a number{(args.Length == 1 ? " or a series" : "")} as argument {i + 1}, found {args[i].Type.Describe()}", call.Args[i].Span);
        }
        string resultUnit = unit ?? (args.Length > 0 ? args[0].Type.Unit : Units.None);
        bool series = args.Length == 1 && args[0].Type.IsSeries;
        return new NumericFunctionNode(Name, args, fn, series ? QType.Series(resultUnit) : QType.Number(resultUnit), call.Span);
    }
}

/// <summary>The functions of §4.</summary>
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
                var x = b.Bind(c.Args[0]);
                if (!x.Type.IsSeries)
                    throw Binder.Error($"lag expects a series as argument 1, found {x.Type.Describe()}", c.Args[0].Span);
                return new LagNode(x, b.BindNumberArg(c, 1), b.Options.MaxLag, b.TextOf(c.Span), c.Span);
            });
        yield return Consensus("consensus", ConsensusNode.Mode.Consensus, "the consensus (market expectation) of x");
        yield return Consensus("surprise", ConsensusNode.Mode.Surprise, "x[p] / consensus(x)[p] − 1");
        yield return Consensus("beat", ConsensusNode.Mode.Beat, "x[p] > consensus(x)[p]");
        yield return new BuiltinFunction("first", 1, 1, "first(cond)", "the first period where a boolean series is true",
            (b, c) => new FirstLastNode(true, b.BindSeries(c, 0, boolean: true), b.TextOf(c.Args[0].Span), c.Span));
        yield return new BuiltinFunction("last", 1, 1, "last(cond)", "the last period where a boolean series is true",
            (b, c) => new FirstLastNode(false, b.BindSeries(c, 0, boolean: true), b.TextOf(c.Args[0].Span), c.Span));
        yield return Elapsed("days_between", Frequency.Day);
        yield return Elapsed("months_between", Frequency.Month);
        yield return Elapsed("years_between", Frequency.Year);
        yield return new BuiltinFunction("abs", 1, 1, "abs(v)", "absolute value",
            (b, c) => Numeric(b, c, "abs", static a => Math.Abs(a[0])));
        yield return new BuiltinFunction("round", 2, 2, "round(v, digits)", "rounded to digits decimals, halves away from zero", BindRound);
        yield return new BuiltinFunction("if", 3, 3, "if(c, a, b)", "a when c is true, else b", BindIf);
    }

    private static BuiltinFunction GrowthByOffset(string name, bool yoy, string description) =>
        new(name, 1, 2, $"{name}(x[, p])", description, (b, c) =>
            new GrowthByOffsetNode(yoy, b.BindSeries(c, 0), c.Args.Count > 1 ? b.BindPeriodArg(c, 1) : null, b.TextOf(c.Span), c.Span));

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
            var type = kind == AggregateKind.Count ? QType.Number() : QType.Number(x.Type.Unit);
            return new AggregateNode(kind, x, b.BindRangeArg(c, 1), type, c.Span, b.DefaultEntity);
        });

    private static Bound Trailing(Binder b, CallExpr c, bool yearToDate)
    {
        var x = b.BindSeries(c, 0);
        var p = c.Args.Count > 1 ? b.BindPeriodArg(c, 1) : null;
        return new TrailingSumNode(yearToDate, x, p, x.Type.Unit, b.TextOf(c.Span), c.Span, b.DefaultEntity);
    }

    private static BuiltinFunction Consensus(string name, ConsensusNode.Mode mode, string description) =>
        new(name, 1, 2, $"{name}(x[, p])", description, (b, c) =>
        {
            var (actual, consensus) = b.BindMetricPair(c);
            var p = c.Args.Count > 1 ? b.BindPeriodArg(c, 1) : null;
            QType type = mode switch
            {
                ConsensusNode.Mode.Consensus => p is null ? QType.Series(actual.Type.Unit) : QType.Number(actual.Type.Unit),
                ConsensusNode.Mode.Surprise => p is null ? QType.Series(Units.Percent) : QType.Percent,
                _ => p is null ? QType.BoolSeries : QType.Bool,
            };
            return new ConsensusNode(mode, actual, consensus, p, type, b.TextOf(c.Span), c.Span);
        });

    private static BuiltinFunction Elapsed(string name, Frequency unit) =>
        new(name, 2, 2, $"{name}(a, b)", $"whole {name.Split('_')[0]} elapsed from a to b", (b, c) =>
            new ElapsedNode(unit, b.BindPeriodArg(c, 0), b.BindPeriodArg(c, 1), c.Span));

    private static Bound Numeric(Binder b, CallExpr c, string name, Func<double[], double> fn)
    {
        var x = b.Bind(c.Args[0]);
        if (x.Type.Kind is not (TypeKind.Number or TypeKind.Series))
            throw Binder.Error($"{name} expects a number or a series, found {x.Type.Describe()}", c.Args[0].Span);
        return new NumericFunctionNode(name, [x], fn, x.Type, c.Span);
    }

    private static Bound BindRound(Binder b, CallExpr c)
    {
        var x = b.Bind(c.Args[0]);
        if (x.Type.Kind is not (TypeKind.Number or TypeKind.Series))
            throw Binder.Error($"round expects a number or a series, found {x.Type.Describe()}", c.Args[0].Span);
        var digitsNode = b.BindNumberArg(c, 1);
        if (!digitsNode.TryConstant(out var d) || d.AsNumber is < 0 or > 15 || Math.Floor(d.AsNumber) != d.AsNumber)
            throw Binder.Error("round needs a whole number of digits from 0 to 15", c.Args[1].Span);
        int digits = (int)d.AsNumber;
        return new NumericFunctionNode("round", [x], a => Math.Round(a[0], digits, MidpointRounding.AwayFromZero), x.Type, c.Span);
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
        return new IfNode(cond, then, otherwise, then.Type with { Unit = unit }, c.Span);
    }
}
