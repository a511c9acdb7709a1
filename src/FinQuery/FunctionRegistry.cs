using FinQuery.Evaluation;

namespace FinQuery;

/// <summary>
/// The functions a query may call: the built-ins (yoy, sum, ttm, …) and an application's own.
/// Register functions before binding; a registry is safe to share for binding once it is no longer changed.
/// </summary>
/// <example>
/// <code>
/// var functions = FunctionRegistry.CreateDefault();
/// functions.Register("margin_of_safety", (price, value) => 1 - price / value, unit: "");
/// var bound = Query.Parse("margin_of_safety(80, 100)").Bind(data, functions: functions);
/// </code>
/// </example>
public sealed class FunctionRegistry
{
    private readonly Dictionary<string, FunctionDefinition> _functions = new(StringComparer.OrdinalIgnoreCase);

    private FunctionRegistry()
    {
    }

    /// <summary>The built-in functions only. Shared; create your own with <see cref="CreateDefault"/> to add functions.</summary>
    public static FunctionRegistry Default { get; } = CreateDefault();

    /// <summary>A new registry holding the built-in functions, ready for your own.</summary>
    public static FunctionRegistry CreateDefault()
    {
        var r = new FunctionRegistry();
        foreach (var f in Builtins.All()) r._functions.Add(f.Name, f);
        return r;
    }

    /// <summary>The names of every function, sorted.</summary>
    public IReadOnlyList<string> Names => _functions.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>A one-line signature and description of a function (<c>yoy(x[, p]): x[p] / x[same period a year earlier] − 1</c>), or null.</summary>
    public string? Describe(string name) => Find(name) is { } f ? $"{f.Signature}: {f.Description}" : null;

    internal FunctionDefinition? Find(string name) => _functions.GetValueOrDefault(name);

    // The three Register overloads differ by the delegate's arity, never by the optional parameters,
    // so the ambiguity RS0026 guards against cannot arise.
#pragma warning disable RS0026
    /// <summary>Registers a function of one number; given a series it applies point by point.</summary>
    /// <param name="name">The name queries call it by; it must not already exist.</param>
    /// <param name="function">The function; an exception it throws becomes an NA result.</param>
    /// <param name="unit">The unit of its result; null keeps the argument's unit, "" is a plain number, "%" a percent.</param>
    /// <param name="description">Shown by help.</param>
    public FunctionRegistry Register(string name, Func<double, double> function, string? unit = null, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Add(name, 1, a => function(a[0]), unit, description);
    }

    /// <summary>Registers a function of two numbers.</summary>
    /// <inheritdoc cref="Register(string, Func{double, double}, string?, string?)"/>
    public FunctionRegistry Register(string name, Func<double, double, double> function, string? unit = null, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Add(name, 2, a => function(a[0], a[1]), unit, description);
    }

    /// <summary>Registers a function of three numbers.</summary>
    /// <inheritdoc cref="Register(string, Func{double, double}, string?, string?)"/>
    public FunctionRegistry Register(string name, Func<double, double, double, double> function, string? unit = null, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Add(name, 3, a => function(a[0], a[1], a[2]), unit, description);
    }

#pragma warning restore RS0026

    private FunctionRegistry Add(string name, int arity, Func<double[], double> fn, string? unit, string? description)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (ReferenceEquals(this, Default))
            throw new InvalidOperationException("The default registry is shared; call FunctionRegistry.CreateDefault() for one you can extend.");
        if (!DatasetBuilder.IsIdentifier(name) || name is "let" or "and" or "or" or "not" or "true" or "false")
            throw new ArgumentException($"'{name}' is not a valid function name.", nameof(name));
        if (_functions.ContainsKey(name))
            throw new ArgumentException($"A function named '{name}' already exists.", nameof(name));
        _functions.Add(name, new UserFunction(name, arity, fn, unit, description ?? "a function registered by the application"));
        return this;
    }
}
