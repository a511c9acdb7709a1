using System.Diagnostics.CodeAnalysis;
using FinQuery.Evaluation;
using FinQuery.Syntax;

namespace FinQuery;

/// <summary>
/// A parsed query. Parse once, <see cref="Bind"/> to a dataset once, then evaluate the
/// <see cref="BoundQuery"/> as often as needed, from any number of threads.
/// </summary>
/// <example>
/// <code>
/// var data = Dataset.Load("meta.json");
/// var yoy = Query.Parse("yoy(revenue, 2023Q2)").Bind(data);
/// Console.WriteLine(yoy.Evaluate().Display);   // +11.0%
/// </code>
/// </example>
public sealed class Query
{
    private Query(string text, QuerySyntax syntax, QueryOptions options)
    {
        Text = text;
        Syntax = syntax;
        Options = options;
    }

    /// <summary>The text the query was parsed from.</summary>
    public string Text { get; }

    /// <summary>The limits the query was parsed with; binding and evaluation use them too.</summary>
    public QueryOptions Options { get; }

    internal QuerySyntax Syntax { get; }

    private static readonly ParserLimits DefaultLimits =
        new(QueryOptions.Default.MaxLength, QueryOptions.Default.MaxDepth, QueryOptions.Default.MaxLets);

    /// <summary>Parses a query.</summary>
    /// <exception cref="FinQueryException">The text is not a valid query; the exception gives line and column.</exception>
    public static Query Parse(string text, QueryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= QueryOptions.Default;
        var limits = ReferenceEquals(options, QueryOptions.Default) ? DefaultLimits : new ParserLimits(options.MaxLength, options.MaxDepth, options.MaxLets);
        return new Query(text, QueryParser.Parse(text, limits), options);
    }

    /// <summary>Parses a query, or returns false with the error.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out Query? query, [NotNullWhen(false)] out FinQueryException? error, QueryOptions? options = null)
    {
        try
        {
            query = Parse(text, options);
            error = null;
            return true;
        }
        catch (FinQueryException ex)
        {
            query = null;
            error = ex;
            return false;
        }
    }

    /// <summary>
    /// Resolves names, functions, types and units against a dataset, once.
    /// </summary>
    /// <param name="data">The dataset the query reads.</param>
    /// <param name="entity">The entity bare metric names refer to; defaults to the data's default entity.</param>
    /// <param name="functions">The functions available; defaults to the built-ins.</param>
    /// <exception cref="FinQueryException">A name, function, argument or unit is wrong; the exception gives its position.</exception>
    /// <exception cref="ArgumentException"><paramref name="entity"/> is not in the data.</exception>
    public BoundQuery Bind(Dataset data, string? entity = null, FunctionRegistry? functions = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        Entity? defaultEntity = data.DefaultEntity;
        if (entity is not null)
            defaultEntity = data.FindEntity(entity) ?? throw new ArgumentException($"Entity '{entity}' is not in the data.", nameof(entity));
        functions ??= FunctionRegistry.Default;
        // A binder that throws is not given back: the next bind on this thread makes a new one.
        var binder = Binder.Rent(data, defaultEntity, functions, Options, Text);
        Bound root;
        try
        {
            root = binder.BindQuery(Syntax);
        }
        catch (FinQueryException e) when (e.Locate(Text))
        {
            throw;   // never reached: Locate is false
        }
        catch (InsufficientExecutionStackException)
        {
            throw new FinQueryException($"query nests too deeply for the stack of this thread (QueryOptions.MaxDepth is {Options.MaxDepth})", Syntax.Span, Text);
        }
        catch (Exception ex) when (ex is not FinQueryException)
        {
            throw new FinQueryException($"cannot bind the query: {ex.Message}", Syntax.Span, Text);
        }
        bool usesPeers = binder.UsesPeers, needsLowering = binder.NeedsLowering;
        int letCount = binder.LetCount;
        binder.Return();
        // Plain arithmetic over figures (revenue[2023Q2] / revenue[2022Q2] - 1) is already its own lowered form.
        var lowered = needsLowering ? Lowerer.Lower(root, new LoweringContext(defaultEntity)) : root;
        if (usesPeers) lowered = PeerReuse.Apply(lowered, Text);
        return new BoundQuery(this, data, defaultEntity, root, lowered, letCount) { Functions = functions };
    }

    /// <summary>Parses, binds and evaluates in one call; for repeated use, keep the <see cref="BoundQuery"/>.</summary>
    /// <exception cref="FinQueryException">The query is malformed or ill-typed.</exception>
    public static QueryResult Evaluate(string text, Dataset data, string? entity = null) =>
        Parse(text).Bind(data, entity).Evaluate();

    /// <summary>The canonical text of the query (comments dropped, spacing normalised, parentheses where needed).</summary>
    public override string ToString() => AstPrinter.Print(Syntax);
}

/// <summary>
/// A query bound to a dataset: immutable and thread-safe. Evaluating does no parsing and no name lookup.
/// </summary>
public sealed partial class BoundQuery
{
    // The plain bound tree (what Explain runs, so provenance records what the rules used) and its lowered form
    // (what Evaluate runs: the same values through faster nodes).
    private readonly Bound _plain;
    private readonly Bound _root;
    private readonly int _letCount;

    internal BoundQuery(Query query, Dataset data, Entity? defaultEntity, Bound plain, Bound root, int letCount)
    {
        Query = query;
        Data = data;
        DefaultEntity = defaultEntity;
        _plain = plain;
        _root = root;
        _letCount = letCount;
        _type = root.Type;
        _maxWork = query.Options.MaxWork;
        _aggregation = root.AsSeries?.Aggregation;
    }

    private readonly QType _type;
    // What results without provenance share, by kind of value and calendar: made once each, so that a result is small.
    // A query's results are nearly always of one kind and calendar: the first shape made is kept on its own, and the
    // table of them all is made only when another is needed, so that a query bound, evaluated once and dropped (the
    // cold path) makes one shape rather than a table of 78.
    private ResultShape? _firstShape;
    [ThreadStatic] private static ResultShape? t_lastShape;
    private ResultShape?[]? _shapes;
    private const int ShapeKinds = (int)ValueKind.Series + 1;

    /// <summary>The shape of this query's results of a kind of value written with a calendar.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal ResultShape ShapeFor(ValueKind kind, FiscalCalendar calendar)
    {
        var first = _firstShape;
        return first is not null && first.Kind == kind && first.Calendar.Index == calendar.Index ? first : OtherShape(kind, calendar);
    }

    private ResultShape OtherShape(ValueKind kind, FiscalCalendar calendar)
    {
        // Two threads may both make one: they are equal, and either may stay. A shape is immutable and means only its
        // values, so the one this thread made last is taken when it is the same (a cold query of a common type makes none).
        var last = t_lastShape;
        // (Only shapes without provenance are kept there.)
        var shape = last is not null && last.Kind == kind && last.Calendar.Index == calendar.Index && last.Aggregation == _aggregation
            && last.Type == _type
            ? last
            : t_lastShape = new ResultShape(kind, _type, _aggregation, null, calendar);
        if (_firstShape is null) return _firstShape = shape;
        var shapes = _shapes ??= new ResultShape?[ShapeKinds * FiscalCalendar.Count];
        int i = (int)kind * FiscalCalendar.Count + calendar.Index;
        return shapes[i] ?? (shapes[i] = shape);
    }
    private readonly long _maxWork;
    // Read at bind time: the hot path passes it on without a type test.
    private readonly Aggregation? _aggregation;

    /// <summary>The parsed query.</summary>
    public Query Query { get; }

    /// <summary>The dataset the query is bound to.</summary>
    public Dataset Data { get; }

    /// <summary>The entity bare metric names refer to, unless an evaluation names another.</summary>
    public Entity? DefaultEntity { get; }

    /// <summary>The functions the query was bound with (a claim binds its sides with them too).</summary>
    internal FunctionRegistry Functions { get; init; } = FunctionRegistry.Default;

    /// <summary>The unit of the result, known from binding (<c>%</c> for a percent, <c>""</c> for a plain number).</summary>
    public string Unit => _root.Type.Unit;

    /// <summary>Evaluates for the default entity.</summary>
    /// <exception cref="FinQueryException">The evaluation exceeded a limit of <see cref="QueryOptions"/>.</exception>
    public QueryResult Evaluate() => EvaluateLean(DefaultEntity);

    /// <summary>How the result series aggregates (inferred from the query); null unless the query is series-valued.</summary>
    public Aggregation? Aggregation => _aggregation;

    /// <summary>
    /// Evaluates with bare metric names referring to <paramref name="entity"/> (an entity of <see cref="Data"/>):
    /// one bound query screens a whole universe. Null means the default entity, as for <see cref="Explain"/>.
    /// </summary>
    /// <exception cref="FinQueryException">The evaluation exceeded a limit of <see cref="QueryOptions"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    /// <exception cref="ArgumentException"><paramref name="entity"/> belongs to another dataset.</exception>
    public QueryResult Evaluate(Entity? entity, CancellationToken cancellation = default) =>
        cancellation.CanBeCanceled ? Run(entity ?? DefaultEntity, explain: false, cancellation) : EvaluateLean(entity ?? DefaultEntity);

    /// <summary>
    /// The hot path of every evaluation without a cancellation token: kept apart from <see cref="Run"/> (explain,
    /// cancellation), with the work limit and the result type read once at bind time. Measured in benchmarks/
    /// (scenario 1): well under the time of going through <see cref="Run"/>.
    /// </summary>
    private QueryResult EvaluateLean(Entity? entity)
    {
        CheckOwner(entity);
        var ctx = new EvalContext { Budget = _maxWork, Lets = _letCount > 0 ? new LetSlot[_letCount] : null, Universe = Data.Entities };
        ctx.At(entity, Data, entity?.Position ?? 0, entity?.Position ?? 0);
        Value value;
        try
        {
            value = _root.Eval(ref ctx);
        }
        catch (FinQueryException e) when (e.Locate(Query.Text))
        {
            throw;   // never reached: Locate is false
        }
        catch (Exception ex) when (ex is not FinQueryException and not OperationCanceledException)
        {
            throw InternalError(ex);
        }
        return new QueryResult(value, ShapeFor(value.Kind, entity?.Calendar ?? default));
    }

    // Series are found by slot in the bound dataset's catalog: another dataset's entity would read the wrong series.
    private void CheckOwner(Entity? entity)
    {
        if (entity is not null && !ReferenceEquals(entity.Owner, Data))
            throw new ArgumentException($"Entity {entity.Id} is not in the dataset this query is bound to.", nameof(entity));
    }

    /// <summary>The plain bound tree (what the SQL compiler translates: every node has its plain meaning).</summary>
    internal Bound PlainRoot => _plain;

    /// <summary>The plain bound tree and its lowered form, as text (for tests and diagnostics).</summary>
    internal string PrintTrees() => BoundTreePrinter.Print(_plain) + "\n--- lowered ---\n" + BoundTreePrinter.Print(_root);

    /// <summary>
    /// Evaluates and records the provenance of the result (<see cref="QueryResult.Provenance"/>). Null means the
    /// default entity. Runs the plain bound tree (no fast paths), so provenance lists exactly what the rules used.
    /// </summary>
    /// <exception cref="FinQueryException">The evaluation exceeded a limit of <see cref="QueryOptions"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    /// <exception cref="ArgumentException"><paramref name="entity"/> belongs to another dataset.</exception>
    public QueryResult Explain(Entity? entity = null, CancellationToken cancellation = default) =>
        Run(entity ?? DefaultEntity, explain: true, cancellation);

    private QueryResult Run(Entity? entity, bool explain, CancellationToken cancellation)
    {
        CheckOwner(entity);
        cancellation.ThrowIfCancellationRequested();
        var ctx = new EvalContext
        {
            Budget = _maxWork,
            Cancellation = cancellation,
            Trace = explain ? [] : null,
            Lets = _letCount > 0 ? new LetSlot[_letCount] : null,
            Universe = Data.Entities,
        };
        ctx.At(entity, Data, entity?.Position ?? 0, entity?.Position ?? 0);
        try
        {
            var value = (explain ? _plain : _root).Eval(ref ctx);
            var shape = ShapeFor(value.Kind, entity?.Calendar ?? default);
            return new QueryResult(value, explain ? shape with { Provenance = Provenance.From(ctx.Trace!) } : shape);
        }
        catch (FinQueryException e) when (e.Locate(Query.Text))
        {
            throw;   // never reached: Locate is false
        }
        catch (Exception ex) when (ex is not FinQueryException and not OperationCanceledException)
        {
            throw InternalError(ex);
        }
    }

    // A defect of ours must not take the host down: report it as a query error.
    private FinQueryException InternalError(Exception ex) =>
        new($"internal error while evaluating: {ex.Message}", _root.Span, Query.Text);
}
