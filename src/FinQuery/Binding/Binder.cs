using System.Runtime.CompilerServices;
using FinQuery.Syntax;

namespace FinQuery.Evaluation;

/// <summary>
/// Resolves a parsed query once: names to series slots, functions to nodes, literals to values;
/// checks argument counts, types and units. Every error is a <see cref="FinQueryException"/> with the
/// span of the offending node.
/// </summary>
internal sealed class Binder
{
    private Dataset _data;
    private Entity? _defaultEntity;
    private FunctionRegistry _functions;
    private string _text;
    // Made on the first let: most queries have none, and binding is part of every uncached query's cost.
    // Height: how deeply the let nests once the lets it uses are substituted (see Bind).
    private Dictionary<string, (Bound Bound, int Height)>? _lets;
    private int _level;
    private int _reach;
    // The metric looked up last and its slot.
    private string? _lastMetric;
    private Variant _lastVariant;
    private int _lastSlot;

    /// <summary>The longest unit text an expression may have (<c>USD*USD/share</c>): units built by <c>*</c> and <c>/</c> could otherwise double with every let.</summary>
    private const int MaxUnitLength = 100;

    public Binder(Dataset data, Entity? defaultEntity, FunctionRegistry functions, QueryOptions options, string text) =>
        Begin(data, defaultEntity, functions, options, text);

    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(_data), nameof(_functions), nameof(Options), nameof(_text))]
    private void Begin(Dataset data, Entity? defaultEntity, FunctionRegistry functions, QueryOptions options, string text) =>
        (_data, _defaultEntity, _functions, Options, _text) = (data, defaultEntity, functions, options, text);

    // A binder kept per thread for the next bind (as the parser keeps its state): a cold query binds once and drops
    // its binder, and nothing a bind makes holds on to it.
    [ThreadStatic] private static Binder? t_free;

    /// <summary>A binder for one bind, reused from an earlier bind on this thread when there is one; give it back with <see cref="Return"/>.</summary>
    public static Binder Rent(Dataset data, Entity? defaultEntity, FunctionRegistry functions, QueryOptions options, string text)
    {
        var binder = t_free;
        if (binder is null) return new Binder(data, defaultEntity, functions, options, text);
        // Taken while in use, so that a bind started during another on this thread gets a binder of its own.
        t_free = null;
        binder.Begin(data, defaultEntity, functions, options, text);
        return binder;
    }

    /// <summary>Ends the bind: the binder lets go of the data, the text and the lets, and waits for the next bind on this thread.</summary>
    public void Return()
    {
        _data = null!;
        _defaultEntity = null;
        _functions = null!;
        Options = null!;
        _text = "";
        _lets = null;
        (_level, _reach, LetCount, UsesPeers, NeedsLowering) = (0, 0, 0, false, false);
        (_lastMetric, _lastVariant, _lastSlot) = (null, default, 0);
        t_free = this;
    }

    public QueryOptions Options { get; private set; }

    /// <summary>The dataset names are bound against (vintage views are taken of it).</summary>
    public Dataset Data => _data;

    /// <summary>How many lets need a slot in <see cref="EvalContext.Lets"/> (constant lets are folded).</summary>
    public int LetCount { get; private set; }

    /// <summary>
    /// Whether lowering may change the tree. False when every node bound is a leaf or a node
    /// <see cref="Lowerer.NoPassApplies"/> to (an operator over a non-constant operand, a metric at an index: plain
    /// arithmetic over figures), so the lowered tree is the plain one and the walk can be skipped. Any call, let, series
    /// expression or constant operator sets it.
    /// </summary>
    public bool NeedsLowering { get; private set; }

    /// <summary>Whether the query calls a peer function (then the lowered tree goes through <see cref="PeerReuse"/>).</summary>
    public bool UsesPeers { get; set; }

    /// <summary>The entity bare metric names refer to when no evaluation names another.</summary>
    public Entity? DefaultEntity => _defaultEntity;

    public Bound BindQuery(QuerySyntax query)
    {
        foreach (var let in query.Lets)
        {
            // A let may shadow a metric (the let wins), not an earlier let.
            _lets ??= new Dictionary<string, (Bound, int)>(StringComparer.OrdinalIgnoreCase);
            if (_lets.ContainsKey(let.Name))
                throw Error($"'{let.Name}' is already defined by an earlier let", let.Span);
            _reach = 0;
            var value = Bind(let.Value);
            Bound use = value is SeriesNode s ? new SeriesLetNode(LetCount++, let.Name, s) : new LetNode(LetCount++, let.Name, value);
            _lets[let.Name] = (use, _reach);
        }
        _reach = 0;
        return Bind(query.Body);
    }

    public string TextOf(TextSpan span) =>
        span.Start >= 0 && span.End <= _text.Length ? _text.Substring(span.Start, span.Length) : "";

    /// <summary>The text of <paramref name="span"/> without copying it (see <see cref="TextOf"/>).</summary>
    public ReadOnlySpan<char> SpanOf(TextSpan span) =>
        span.Start >= 0 && span.End <= _text.Length ? _text.AsSpan(span.Start, span.Length) : default;

    public static FinQueryException Error(string message, TextSpan span) => new(message, span);

    /// <summary>
    /// Binds an expression. The bound tree is as deep as the syntax, except where a let is used: there it is as
    /// deep as the let's own expression too. So that evaluation cannot exhaust the stack, the nesting counted
    /// through lets must stay within <see cref="QueryOptions.MaxDepth"/>, as the parser already checked without them.
    /// </summary>
    public Bound Bind(Expr e)
    {
        // A backstop for hosts that raise MaxDepth far and bind on a smaller stack than they parsed on.
        if (!StackGuard.IsSufficientAt(_level)) throw StackTooSmall(e.Span);
        _level++;
        try
        {
            var bound = BindNode(e);
            if (!NeedsLowering && !Lowerer.NoPassApplies(bound)) NeedsLowering = true;
            return bound;
        }
        finally
        {
            _level--;
        }
    }

    /// <summary>Notes that the tree reaches <paramref name="height"/> operator levels at <paramref name="span"/>.</summary>
    private void Reach(int height, TextSpan span)
    {
        if (height > _reach) _reach = height;
        if (height > Options.MaxDepth) throw TooDeepWithLets(span);
    }

    // The messages of errors met on the hot path of binding are made in methods of their own (never inlined), so that
    // the methods every bind runs keep small stack frames: a string built in place takes a large zeroed frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private FinQueryException StackTooSmall(TextSpan span) =>
        Error($"query nests too deeply for the stack of this thread (QueryOptions.MaxDepth is {Options.MaxDepth})", span);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FinQueryException TooDeepWithLets(TextSpan span) =>
        Error($"query nests deeper than {Options.MaxDepth} levels once its lets are substituted", span);

    private Bound BindNode(Expr e)
    {
        // The root is level 1 and a leaf adds no operator level: a leaf at level L is L − 1 levels deep.
        Reach(_level - 1, e.Span);
        switch (e)
        {
            case NumberLiteral or BoolLiteral or PeriodLiteral or RangeLiteral:
                return BindLiteral(e);
            case NameRef name:
                return BindName(name);
            case UnaryExpr u:
                return BindUnary(u);
            case BinaryExpr bin:
                return BindBinary(bin);
            case IndexExpr ix:
                return BindIndex(ix);
            case CallExpr call:
                return BindCall(call);
            default:
                throw Error("this expression is not supported", e.Span);
        }
    }

    // Not inlined: the values a literal makes would widen the stack frame of BindNode, which every node goes through.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ConstNode BindLiteral(Expr e)
    {
        switch (e)
        {
            case NumberLiteral n:
                double v = n.Value;
                if (!double.IsFinite(v)) throw NumberTooLarge(n.Span);
                return new ConstNode(Value.Number(v), n.Suffix == NumberSuffix.Percent ? QType.Percent : QType.Number(), n.Span);
            case BoolLiteral b:
                return new ConstNode(Value.Bool(b.Value), QType.Bool, b.Span);
            case PeriodLiteral p:
                return new ConstNode(Value.Of(p.Period), QType.Period, p.Span);
            default:
                var r = (RangeLiteral)e;
                if (r.Start is null && r.End is null) throw Error("a range needs at least one end", r.Span);
                return new ConstNode(Value.Of(new RangeBox(new PeriodRange(r.Start, r.End))), QType.Range, r.Span);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FinQueryException NumberTooLarge(TextSpan span) => Error($"the number {TextOf(span)} is too large", span);

    private Bound BindName(NameRef name)
    {
        if (name.Entity is null && _lets is not null && _lets.TryGetValue(name.Name, out var let))
        {
            Reach(_level - 1 + let.Height, name.Span);
            return let.Bound;
        }
        return BindMetric(name.Name, Variant.Actual, name.Entity is null ? null : FixedEntity(name), name.Span, name);
    }

    /// <summary>The entity of <c>META.revenue</c>, which must have the metric.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Entity FixedEntity(NameRef name)
    {
        var fixedEntity = _data.FindEntity(name.Entity!)
            ?? throw Error($"unknown entity '{name.Entity}'{Suggest(name.Entity!, _data.Entities.Select(x => x.Id))}", name.Span);
        if (fixedEntity.Find(name.Name) is null)
            throw Error($"{fixedEntity.Id} has no metric '{name.Name}'{Suggest(name.Name, fixedEntity.Series.Select(s => s.Metric))}", name.Span);
        return fixedEntity;
    }

    /// <summary>A metric of a fixed entity, or of the evaluation's entity (the default entity when bound).</summary>
    public MetricNode BindMetric(string metric, Variant variant, Entity? fixedEntity, TextSpan span, NameRef? syntax = null)
    {
        // A name used again in a query (revenue[2023Q2] / revenue[2022Q2]) is the same string (the lexer keeps recent
        // names): its slot is looked up once.
        int slot;
        if (ReferenceEquals(metric, _lastMetric) && variant == _lastVariant)
        {
            slot = _lastSlot;
        }
        else
        {
            slot = _data.SlotOf(metric, variant);
            (_lastMetric, _lastVariant, _lastSlot) = (metric, variant, slot);
        }
        if (slot < 0 && variant == Variant.Actual) throw UnknownMetric(metric, span);
        if (fixedEntity is null && _defaultEntity is null && syntax is not null) throw NoDefaultEntity(metric, span);
        var entity = fixedEntity ?? _defaultEntity;
        // By slot: the same series as entity.Find(metric, variant), without hashing the name again.
        var series = (entity is not null && slot >= 0 && slot < entity.Slots.Length ? entity.Slots[slot] : null)
            ?? SeriesInAnyEntity(metric, variant);
        string display = fixedEntity is null ? metric : fixedEntity.Id + "." + metric;
        if (variant == Variant.Consensus) display = "consensus " + display;
        return new MetricNode(slot, fixedEntity, display, QType.Series(series?.Unit ?? Units.None), span, series?.Aggregation ?? Aggregation.None);
    }

    /// <summary>The metric of the first entity that has it (for its unit and aggregation when the bound entity has none).</summary>
    /// <remarks>A method of its own: the lambda's closure would otherwise be made on every call of <see cref="BindMetric"/>.</remarks>
    private MetricSeries? SeriesInAnyEntity(string metric, Variant variant) =>
        _data.Entities.Select(x => x.Find(metric, variant)).FirstOrDefault(s => s is not null);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FinQueryException UnknownMetric(string metric, TextSpan span)
    {
        var known = _data.MetricKeys.Where(k => k.Variant == Variant.Actual).Select(k => k.Metric).Distinct();
        return Error($"unknown metric '{metric}'{Suggest(metric, known.Concat(_lets?.Keys ?? Enumerable.Empty<string>()))}", span);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FinQueryException NoDefaultEntity(string metric, TextSpan span) =>
        Error($"no default entity for '{metric}': write ENTITY.{metric} or choose an entity", span);

    private Bound BindUnary(UnaryExpr u)
    {
        var operand = Bind(u.Operand);
        if (u.Op == UnaryOp.Negate)
        {
            if (!operand.Type.IsNumeric || operand.Type.Kind == TypeKind.BoolSeries)
                throw Error($"cannot negate {operand.Type.Describe()}", u.Operand.Span);
        }
        else if (!operand.Type.IsBoolean)
        {
            throw Error($"'not' needs a boolean, found {operand.Type.Describe()}", u.Operand.Span);
        }
        return operand is SeriesNode s
            ? new SeriesUnaryNode(u.Op, s, u.Span, TextOf(u.Span))
            : new UnaryNode(u.Op, operand, u.Span);
    }

    private Bound BindBinary(BinaryExpr b)
    {
        if (b.Op == BinaryOp.About) return Claims.AboutBinding.Bind(this, b);
        var left = Bind(b.Left);
        var right = Bind(b.Right);
        if (Ops.IsComparison(b.Op))
        {
            // A bare year compared with a period is a year: first(...) = 2023.
            if (left.Type.Kind == TypeKind.Period) right = YearOr(b.Right, right);
            else if (right.Type.Kind == TypeKind.Period) left = YearOr(b.Left, left);
        }
        QType lt = left.Type, rt = right.Type;

        if (lt.Kind == TypeKind.Period || rt.Kind == TypeKind.Period)
            return BindPeriodOperator(b, left, right);

        bool isSeries = lt.IsSeries || rt.IsSeries;
        if (Ops.IsLogic(b.Op))
        {
            RequireBoolean(left, b.Left, b.Op);
            RequireBoolean(right, b.Right, b.Op);
            return Combine(b, left, right, isSeries ? QType.BoolSeries : QType.Bool);
        }

        if (!lt.IsNumeric || lt.Kind == TypeKind.BoolSeries) throw NeedsNumbers(b.Op, lt, b.Left.Span);
        if (!rt.IsNumeric || rt.Kind == TypeKind.BoolSeries) throw NeedsNumbers(b.Op, rt, b.Right.Span);

        string unit = UnitOf(b, lt, rt);
        bool share = unit == Units.Percent && b.Op switch
        {
            // A ratio of two amounts of one unit is a share of a whole: 24.3%, not +24.3%.
            BinaryOp.Divide => (lt.Unit == rt.Unit && lt.Unit is not (Units.None or Units.Percent or Units.Points)) || (lt.Share && rt.Unit == Units.None),
            BinaryOp.Multiply => (lt.Share && rt.Unit == Units.None) || (rt.Share && lt.Unit == Units.None),
            BinaryOp.Add => lt.Share && rt.Share,
            _ => false,
        };
        QType type = Ops.IsComparison(b.Op)
            ? (isSeries ? QType.BoolSeries : QType.Bool)
            : (isSeries ? QType.Series(unit, share) : QType.Number(unit, share));
        return Combine(b, left, right, type);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FinQueryException NeedsNumbers(BinaryOp op, QType found, TextSpan span) =>
        Error($"'{Ops.Symbol(op)}' needs numbers or series, found {found.Describe()}", span);

    /// <summary>The unit of <c>a op b</c> for numbers or series (for a comparison, the unit both sides share).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string UnitOf(BinaryExpr b, QType lt, QType rt)
    {
        string unit;
        switch (b.Op)
        {
            case BinaryOp.Multiply:
                unit = Units.Multiply(lt.Unit, rt.Unit);
                if (unit.Length > MaxUnitLength) throw Error($"the unit of this product is too long ({unit.Length} characters; the limit is {MaxUnitLength})", b.Span);
                break;
            case BinaryOp.Divide:
                unit = Units.Divide(lt.Unit, rt.Unit);
                if (unit.Length > MaxUnitLength) throw Error($"the unit of this quotient is too long ({unit.Length} characters; the limit is {MaxUnitLength})", b.Span);
                break;
            case BinaryOp.Power:
                if (rt.Unit is not (Units.None or Units.Percent))
                    throw Error($"an exponent must be a plain number, not {Units.Describe(rt.Unit)}", b.Right.Span);
                if (lt.Unit is not (Units.None or Units.Percent))
                    throw Error($"cannot raise {Units.Describe(lt.Unit)} to a power", b.Left.Span);
                unit = Units.None;
                break;
            default:
                unit = Units.Additive(lt.Unit, rt.Unit, b.Op == BinaryOp.Subtract)
                    ?? throw Error($"cannot {Verb(b.Op)} {Units.Describe(lt.Unit)} and {Units.Describe(rt.Unit)}", b.Span);
                break;
        }
        return unit;
    }

    private Bound Combine(BinaryExpr b, Bound left, Bound right, QType type)
    {
        if (!type.IsSeries) return new BinaryNode(b.Op, left, right, type, b.Span);
        if (left is SeriesNode l && right is SeriesNode r) CheckCalendars(b, l, r);
        return new SeriesBinaryNode(b.Op, left, right, type, b.Span, TextOf(b.Span), InferAggregation(b.Op, left, right));
    }

    /// <summary>
    /// The aggregation of <c>a op b</c>: <c>-x</c>, <c>x * k</c> and <c>x / k</c> (k a plain number or percent) keep
    /// x's; <c>a ± b</c> keeps an aggregation both share (sum with sum, last with last); everything else is none.
    /// </summary>
    internal static Aggregation InferAggregation(BinaryOp op, Bound left, Bound right)
    {
        var ls = left as SeriesNode;
        var rs = right as SeriesNode;
        static bool Factor(Bound k) => k is not SeriesNode && k.Type.Unit is Units.None or Units.Percent;
        switch (op)
        {
            case BinaryOp.Add or BinaryOp.Subtract:
                return ls is not null && rs is not null && ls.Aggregation == rs.Aggregation ? ls.Aggregation : Aggregation.None;
            case BinaryOp.Multiply:
                if (ls is not null && rs is null && Factor(right)) return ls.Aggregation;
                if (rs is not null && ls is null && Factor(left)) return rs.Aggregation;
                return Aggregation.None;
            case BinaryOp.Divide:
                return ls is not null && rs is null && Factor(right) ? ls.Aggregation : Aggregation.None;
            default:
                return Aggregation.None;
        }
    }

    /// <summary>
    /// Series of entities whose fiscal years end in different months cannot be combined period by period: their
    /// 2023Q1s are different months. Months and days are calendar periods and align as they are.
    /// </summary>
    private void CheckCalendars(BinaryExpr b, SeriesNode left, SeriesNode right)
    {
        if (FiscalOf(left) is not { } l || FiscalOf(right) is not { } r || l.Calendar.SameMonths(r.Calendar)) return;
        throw Error(CalendarMismatch.Message(l.Node, l.Calendar, r.Node, r.Calendar), b.Span);
    }

    /// <summary>The first metric under a series expression that is reported in quarters, halves or years, with its entity's calendar.</summary>
    private (SeriesNode Node, FiscalCalendar Calendar)? FiscalOf(Bound node)
    {
        if (node is CalendarNode calendarized) return (calendarized, FiscalCalendar.Calendarized);
        if (node is MetricNode m)
        {
            var entity = m.FixedEntity ?? _defaultEntity;
            var s = m.SeriesAtBind(_defaultEntity);
            return entity is not null && s is not null && s.FinestReported > Frequency.Month ? (m, entity.Calendar) : null;
        }
        foreach (var c in node.Children)
            if (FiscalOf(c) is { } found) return found;
        return null;
    }

    private Bound YearOr(Expr e, Bound bound) =>
        e is NumberLiteral n && IsYear(n) ? new ConstNode(Value.Of(Period.OfYear((int)n.Mantissa)), QType.Period, n.Span) : bound;

    /// <summary>A year where a period is expected: an integer written with exactly four digits (<c>2023</c>, not <c>1</c> or <c>02023</c>).</summary>
    private bool IsYear(NumberLiteral n)
    {
        if (!n.IsYearLike) return false;
        var text = SpanOf(n.Span);
        return text.Length == 4 && !text.ContainsAnyExceptInRange('0', '9');
    }

    private static string Verb(BinaryOp op) => op switch
    {
        BinaryOp.Add => "add",
        BinaryOp.Subtract => "subtract",
        _ => "compare",
    };

    private static void RequireBoolean(Bound b, Expr e, BinaryOp op)
    {
        if (!b.Type.IsBoolean) throw Error($"'{Ops.Symbol(op)}' needs booleans, found {b.Type.Describe()}", e.Span);
    }

    private Bound BindPeriodOperator(BinaryExpr b, Bound left, Bound right)
    {
        QType lt = left.Type, rt = right.Type;
        if (lt.Kind == TypeKind.Period && rt.Kind == TypeKind.Period)
        {
            if (Ops.IsComparison(b.Op)) return new PeriodCompareNode(b.Op, left, right, b.Span);
            if (b.Op == BinaryOp.Subtract) return new PeriodDiffNode(left, right, b.Span);
            throw Error($"'{Ops.Symbol(b.Op)}' cannot combine two periods", b.Span);
        }
        if (lt.Kind == TypeKind.Period && rt.Kind == TypeKind.Number && b.Op is BinaryOp.Add or BinaryOp.Subtract)
        {
            CheckStep(b.Left, b.Right, b.Op);
            return new PeriodShiftNode(left, right, b.Op == BinaryOp.Add ? 1 : -1, b.Span);
        }
        if (rt.Kind == TypeKind.Period && lt.Kind == TypeKind.Number && b.Op is BinaryOp.Add)
        {
            CheckStep(b.Right, b.Left, b.Op);
            return new PeriodShiftNode(right, left, 1, b.Span);
        }
        var (bad, badExpr) = lt.Kind == TypeKind.Period ? (rt, b.Right) : (lt, b.Left);
        throw Error($"'{Ops.Symbol(b.Op)}' cannot combine a period with {bad.Describe()}", badExpr.Span);
    }

    /// <summary>
    /// <c>period ± n</c> steps n periods of the period's own frequency. A four-digit n beside a month, quarter, half or
    /// year would move it by centuries (<c>2023Q2 - 2023</c> is 1517Q3), which is never what was meant: an error with
    /// a hint. Days keep four-digit steps (<c>2023-07-05 + 1000</c>).
    /// </summary>
    private void CheckStep(Expr period, Expr step, BinaryOp op)
    {
        if (step is not NumberLiteral n || !IsYear(n) || period is not PeriodLiteral p || p.Period.Frequency == Frequency.Day) return;
        string unit = Period.Describe(p.Period.Frequency);
        throw Error($"{TextOf(n.Span)} here is a count of {unit}s: {TextOf(p.Span)} {(op == BinaryOp.Add ? "+" : "-")} {TextOf(n.Span)} moves it by {TextOf(n.Span)} {unit}s. " +
            $"To step a few {unit}s write a small count ({TextOf(p.Span)} - 4); to count the {unit}s between two periods write both as periods " +
            "(2023Q2 - 2022Q2); for whole years between them, years_between(a, b)", n.Span);
    }

    private Bound BindIndex(IndexExpr ix)
    {
        var target = Bind(ix.Target);
        if (target.AsSeries is not { } series) throw NotASeries(target, ix.Target.Span);
        // A period written in the query: no constant node (the index node makes one if it is ever asked for).
        if (ix.Index is PeriodLiteral literal)
        {
            Reach(_level, literal.Span);
            return new IndexNode(series, literal, target.Type.Point, ix.Span);
        }
        var index = BindPeriodOrRange(ix.Index, null, 0);
        if (index.Type.Kind == TypeKind.Range)
            return new SliceNode(series, index, ix.Span, TextOf(ix.Span));
        return new IndexNode(series, index, target.Type.Point, ix.Span);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FinQueryException NotASeries(Bound target, TextSpan span) =>
        Error($"only a series can be indexed, not {target.Type.Describe()}", span);

    private Bound BindCall(CallExpr call)
    {
        // A function may build nodes of its own below the one it returns, which the check in Bind does not see.
        NeedsLowering = true;
        var def = _functions.Find(call.Name)
            ?? throw Error($"unknown function '{call.Name}'{Suggest(call.Name, _functions.Names)}", call.NameSpan);
        if (call.Args.Count < def.MinArgs || call.Args.Count > def.MaxArgs)
        {
            string expected = def.MinArgs == def.MaxArgs ? $"{def.MinArgs}"
                : def.MaxArgs == def.MinArgs + 1 ? $"{def.MinArgs} or {def.MaxArgs}" : $"{def.MinArgs} to {def.MaxArgs}";
            throw Error($"{def.Name} takes {expected} argument{(def.MaxArgs == 1 ? "" : "s")} ({def.Signature}), found {call.Args.Count}", call.Span);
        }
        return def.Bind(this, call);
    }

    // ---- argument helpers used by function definitions ----

    public SeriesNode BindSeries(CallExpr call, int index, bool boolean = false)
    {
        var arg = call.Args[index];
        var b = Bind(arg);
        var want = boolean ? TypeKind.BoolSeries : TypeKind.Series;
        if (b.Type.Kind != want || b is not SeriesNode s)
        {
            string what = boolean ? "a boolean series (a comparison of a series, like yoy(revenue) > 10%)" : "a series (a metric or a series expression)";
            throw Error($"{call.Name} expects {what} as argument {index + 1}, found {b.Type.Describe()}", arg.Span);
        }
        return s;
    }

    public Bound BindPeriodArg(CallExpr call, int index)
    {
        var b = BindPeriodOrRange(call.Args[index], call, index);
        if (b.Type.Kind != TypeKind.Period)
            throw Error($"{call.Name} expects a period as argument {index + 1}, found {b.Type.Describe()}", call.Args[index].Span);
        return b;
    }

    public Bound BindRangeArg(CallExpr call, int index) =>
        BindPeriodOrRange(call.Args[index], call, index, requireRange: true);

    /// <summary>A period or a range; a bare four-digit integer is a year.</summary>
    /// <remarks>The error names argument <paramref name="index"/> of <paramref name="call"/>, or an index when
    /// <paramref name="call"/> is null; the text is made only for the error.</remarks>
    private Bound BindPeriodOrRange(Expr e, CallExpr? call, int index, bool requireRange = false)
    {
        if (e is NumberLiteral n && IsYear(n))
            return new ConstNode(Value.Of(Period.OfYear((int)n.Mantissa)), QType.Period, n.Span);
        var b = Bind(e);
        if (b.Type.Kind is TypeKind.Period or TypeKind.Range) return b;
        throw NotAPeriod(e, b, call, index, requireRange);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FinQueryException NotAPeriod(Expr e, Bound b, CallExpr? call, int index, bool requireRange)
    {
        string expected = requireRange ? "a period range (like 2021..2023Q2) or a period" : "a period (like 2023Q2) or a range";
        string what = call is null ? "an index" : $"{call.Name} argument {index + 1}";
        string hint = e is NumberLiteral { IsYearLike: true } ? "; a year is written with four digits (2023)" : "";
        return Error($"{what} should be {expected}, found {b.Type.Describe()}{hint}", e.Span);
    }

    public Bound BindNumberArg(CallExpr call, int index)
    {
        var b = Bind(call.Args[index]);
        if (b.Type.Kind != TypeKind.Number)
            throw Error($"{call.Name} expects a number as argument {index + 1}, found {b.Type.Describe()}", call.Args[index].Span);
        return b;
    }

    public Bound BindAny(CallExpr call, int index) => Bind(call.Args[index]);

    /// <summary>For consensus, surprise and beat: the metric named by the first argument, in both variants.</summary>
    public (MetricNode Actual, MetricNode Consensus) BindMetricPair(CallExpr call)
    {
        if (call.Args[0] is not NameRef name || (name.Entity is null && _lets is not null && _lets.ContainsKey(name.Name)))
            throw Error($"{call.Name} expects a metric name as argument 1 (its consensus is looked up by name)", call.Args[0].Span);
        var actual = (MetricNode)BindName(name);
        var consensus = BindMetric(name.Name, Variant.Consensus, actual.FixedEntity, name.Span);
        return (actual, consensus);
    }

    /// <summary>", did you mean 'revenue'?" for a close known name, else "".</summary>
    private static string Suggest(string name, IEnumerable<string> known)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var k in known)
        {
            int d = NameDistance.Between(name.ToLowerInvariant(), k.ToLowerInvariant());
            if (d < bestDistance || (d == bestDistance && best is not null && string.CompareOrdinal(k, best) < 0))
            {
                best = k;
                bestDistance = d;
            }
        }
        return best is not null && bestDistance <= Math.Max(1, name.Length / 3) ? $"; did you mean '{best}'?" : "";
    }
}
