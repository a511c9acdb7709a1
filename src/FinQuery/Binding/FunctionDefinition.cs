using FinQuery.Syntax;

namespace FinQuery.Evaluation;

/// <summary>A function the binder can resolve: a built-in or one an application registered.</summary>
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
        if (args.Length == 1 && args[0] is SeriesNode s)
            return new SeriesFunctionNode(Name, s, fn, QType.Series(resultUnit), call.Span, binder.TextOf(call.Span));
        return new NumericFunctionNode(Name, args, fn, QType.Number(resultUnit), call.Span);
    }
}
