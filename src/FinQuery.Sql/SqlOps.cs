using FinQuery.Evaluation;
using FinQuery.Syntax;

namespace FinQuery.Sql;

/// <summary>The evaluator's scalar rules (<see cref="Ops"/>) as SQL over compiled values: NA propagates left first.</summary>
internal sealed class SqlOps(SqlLiterals literals, Layers layers)
{
    public static readonly string One = SqlLiterals.Number(1), Zero = SqlLiterals.Number(0);

    /// <summary>An NA literal: the kind letter and the reason.</summary>
    public string Na(NaKind kind, string reason) => literals.String((kind == NaKind.NotMeaningful ? "N" : "M") + reason);

    public string Missing(string reason) => Na(NaKind.Missing, reason);

    public string NotMeaningful(string reason) => Na(NaKind.NotMeaningful, reason);

    /// <summary>
    /// The calendars that write the periods of the rows' reasons (<c>2023Q2</c>, <c>FY2024Q2</c>): one, or the
    /// calendars of the rows' entities, picked per row by its fiscal year end (<c>fyem</c>).
    /// </summary>
    public IReadOnlyList<FiscalCalendar> RowCalendars { get; set; } = [FiscalCalendar.Calendar];

    /// <summary>Whether a reason depends on the row's calendar (the SQL then reads each entity's fiscal year end).</summary>
    public bool UsesRowCalendar { get; private set; }

    /// <summary>An NA whose reason names periods, each written by the row's calendar.</summary>
    public string Na(NaKind kind, Func<FiscalCalendar, string> reason) => ByCalendar(cal => Na(kind, reason(cal)));

    /// <summary>SQL that depends on the row's calendar (a reason, the first day of a fiscal quarter): one text, or one per calendar.</summary>
    public string ByCalendar(Func<FiscalCalendar, string> sql)
    {
        var texts = RowCalendars.Select(cal => (cal.YearEndMonth, Text: sql(cal))).ToList();
        if (texts.Select(t => t.Text).Distinct(StringComparer.Ordinal).Count() == 1) return texts[0].Text;
        return "CASE " + FiscalYearEnd() + string.Concat(texts.Select(t => $" WHEN {SqlLiterals.Integer(t.YearEndMonth)} THEN {t.Text}")) + " END";
    }

    /// <summary>The column of the row's fiscal year end month.</summary>
    public string FiscalYearEnd()
    {
        UsesRowCalendar = true;
        return "fyem";
    }

    public string Missing(Func<FiscalCalendar, string> reason) => Na(NaKind.Missing, reason);

    /// <summary>A value computed for each of <paramref name="calendars"/> (fiscal quarters differ between them), picked by the row's.</summary>
    public Sx PerCalendar(IReadOnlyList<FiscalCalendar> calendars, Func<FiscalCalendar, Sx> compute)
    {
        var branches = calendars.Select(cal => (cal.YearEndMonth, Value: compute(cal))).ToList();
        if (branches.Count == 1) return branches[0].Value;
        string fy = FiscalYearEnd();
        string v = $"CASE {fy}" + string.Concat(branches.Select(b => $" WHEN {b.YearEndMonth} THEN {b.Value.V}")) + " END";
        string na = $"CASE {fy}" + string.Concat(branches.Select(b => $" WHEN {b.YearEndMonth} THEN {b.Value.Na}")) + " END";
        return layers.Define(v, na, [.. branches.Select(b => b.Value)]);
    }

    public string NotMeaningful(Func<FiscalCalendar, string> reason) => Na(NaKind.NotMeaningful, reason);

    /// <summary>A constant value (number or boolean) or NA, computed at compile time.</summary>
    public Sx Constant(Value v) => v.Kind switch
    {
        ValueKind.Number => Sx.Constant(SqlLiterals.Number(v.AsNumber)),
        ValueKind.Bool => Sx.Constant(v.AsBool ? One : Zero),
        ValueKind.Na => Sx.NotAvailable(Na(v.AsNa.Kind, v.AsNa.Reason)),
        _ => throw new InvalidOperationException("not a number or boolean"),
    };

    /// <summary><c>a op b</c>, as <see cref="Ops.Binary"/>.</summary>
    public Sx Binary(BinaryOp op, Sx a, Sx b)
    {
        string na = $"COALESCE({a.Na}, {b.Na})";
        if (Ops.IsComparison(op) || Ops.IsLogic(op))
        {
            string test = op switch
            {
                BinaryOp.And => $"{a.V} <> 0 AND {b.V} <> 0",
                BinaryOp.Or => $"{a.V} <> 0 OR {b.V} <> 0",
                _ => $"{a.V} {Comparison(op)} {b.V}",
            };
            return layers.Define($"CASE WHEN {a.V} IS NULL OR {b.V} IS NULL THEN NULL WHEN {test} THEN {One} ELSE {Zero} END", na, a, b);
        }
        switch (op)
        {
            case BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply:
                return Checked($"{a.V} {Arithmetic(op)} {b.V}", na, a, b);
            case BinaryOp.Power:
                return Power(a, b);
            case BinaryOp.Divide:
                return Checked($"CASE WHEN {b.V} = 0 THEN NULL ELSE {a.V} / {b.V} END",
                    $"COALESCE({a.Na}, {b.Na}, CASE WHEN {b.V} = 0 THEN {NotMeaningful("division by zero")} END)", a, b);
            default:
                throw new InvalidOperationException($"operator {op}");
        }
    }

    /// <summary>
    /// <c>a ^ b</c>, as <c>Math.Pow</c> with the evaluator's checks: a negative base to a fractional power is not a
    /// real number; zero to a negative power, or a result beyond the doubles, is too large to represent.
    /// </summary>
    public Sx Power(Sx a, Sx b)
    {
        string notReal = $"{a.V} < 0 AND {b.V} <> FLOOR({b.V})";
        string tooLarge = $"{a.V} = 0 AND {b.V} < 0";
        string pow = $"POWER({a.V}, {b.V})";
        return Checked($"CASE WHEN {notReal} OR {tooLarge} THEN NULL ELSE {pow} END",
            $"COALESCE({a.Na}, {b.Na}, CASE WHEN {notReal} THEN {NotMeaningful("the result is not a real number")} WHEN {tooLarge} THEN {NotMeaningful("the result is too large to represent")} END)", a, b);
    }

    /// <summary><c>sum / k</c> with k's NA first (a range sum divided by a scalar).</summary>
    public Sx DivideByScalar(Sx sum, Sx k) =>
        Checked($"CASE WHEN {k.V} = 0 THEN NULL ELSE {sum.V} / {k.V} END",
            $"COALESCE({k.Na}, {sum.Na}, CASE WHEN {k.V} = 0 THEN {NotMeaningful("division by zero")} END)", sum, k);

    /// <summary>
    /// A number computed from <paramref name="inputs"/>, as the evaluator checks every result: beyond the doubles
    /// (an engine's infinity) it is NA not meaningful, "the result is too large to represent".
    /// </summary>
    public Sx Checked(string value, string na, params Sx[] inputs) => Checked(layers.Define(value, na, inputs));

    /// <summary>A computed value, checked as the evaluator checks every result (beyond the doubles is NA not meaningful).</summary>
    public Sx Checked(Sx raw)
    {
        string beyond = $"ABS({raw.V}) > {SqlLiterals.Number(double.MaxValue)}";
        return layers.Define($"CASE WHEN {beyond} THEN NULL ELSE {raw.V} END",
            $"COALESCE({raw.Na}, CASE WHEN {beyond} THEN {NotMeaningful("the result is too large to represent")} END)", raw);
    }

    /// <summary><c>a ~= figure</c>: 1 when a is one of the doubles that match the figure (<see cref="AboutFigure"/>); NA when a is.</summary>
    public Sx About(Sx a, WrittenFigure figure, TextSpan span)
    {
        var (low, high) = AboutFigure.Interval(figure, span);
        return layers.Define($"CASE WHEN {a.V} IS NULL THEN NULL WHEN {a.V} >= {SqlLiterals.Number(low)} AND {a.V} <= {SqlLiterals.Number(high)} THEN {One} ELSE {Zero} END", a.Na, a);
    }

    public Sx Negate(Sx a) => layers.Define($"-{a.V}", a.Na, a);

    public Sx Not(Sx a) => layers.Define($"CASE WHEN {a.V} IS NULL THEN NULL WHEN {a.V} <> 0 THEN {Zero} ELSE {One} END", a.Na, a);

    public Sx Abs(Sx a) => layers.Define($"ABS({a.V})", a.Na, a);

    /// <summary>
    /// <c>round(a, digits)</c> as .NET's <c>Math.Round(v, digits, MidpointRounding.AwayFromZero)</c> computes it: below
    /// 1e16, v × 10^digits split into its whole part and its fraction (both exact), one away from zero when the
    /// fraction is at least a half, divided back; larger values unchanged. A percent rounds its percent figure (v × 100).
    /// </summary>
    public Sx Round(Sx a, int digits, bool percent)
    {
        string v = percent ? $"{a.V} * {SqlLiterals.Number(100)}" : a.V;
        string power = SqlLiterals.Number(double.Parse("1E" + digits.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture));
        var scaled = layers.Define($"{v} * {power}", a.Na, a);
        var whole = layers.Define($"CASE WHEN {scaled.V} >= 0 THEN FLOOR({scaled.V}) ELSE CEIL({scaled.V}) END", scaled.Na, scaled);
        string fraction = $"{scaled.V} - {whole.V}";
        string rounded = $"({whole.V} + CASE WHEN {fraction} >= {SqlLiterals.Number(0.5)} THEN {One} WHEN {fraction} <= {SqlLiterals.Number(-0.5)} THEN {SqlLiterals.Number(-1)} ELSE {Zero} END) / {power}";
        string r = $"CASE WHEN ABS({v}) < {SqlLiterals.Number(1e16)} THEN {rounded} ELSE {v} END";
        if (percent) r = $"({r}) / {SqlLiterals.Number(100)}";
        var result = layers.Define(r, a.Na, scaled, whole);
        // One zero, whichever sign (the evaluator's results never are -0); a percent figure beyond the doubles is no number.
        string beyond = $"ABS({result.V}) > {SqlLiterals.Number(double.MaxValue)}";
        return layers.Define($"CASE WHEN {result.V} = 0 THEN {Zero} WHEN {beyond} THEN NULL ELSE {result.V} END",
            $"COALESCE({result.Na}, CASE WHEN {beyond} THEN {NotMeaningful("round gave no finite number")} END)", result);
    }

    /// <summary>Growth from a base, as <see cref="Ops.Growth"/>: NA not meaningful for a base that is zero or negative.</summary>
    /// <remarks>With <paramref name="baseFirst"/> the base's NA comes first (surprise: the consensus is read first).</remarks>
    public Sx Growth(Sx current, Sx baseValue, string series, Period basePeriod, bool baseFirst = false) =>
        Checked($"CASE WHEN {current.V} IS NULL OR {baseValue.V} IS NULL OR {baseValue.V} <= 0 THEN NULL ELSE {current.V} / {baseValue.V} - 1 END",
            $"COALESCE({(baseFirst ? baseValue.Na : current.Na)}, {(baseFirst ? current.Na : baseValue.Na)}, CASE WHEN {baseValue.V} = 0 THEN {NotMeaningful(cal => $"{series} for {cal.Format(basePeriod)} is zero: growth is not meaningful")} " +
            $"WHEN {baseValue.V} < 0 THEN {NotMeaningful(cal => $"{series} for {cal.Format(basePeriod)} is negative: growth is not meaningful")} END)",
            current, baseValue);

    /// <summary>A value that is NA first when <paramref name="first"/> is (a shape or a condition checked before it).</summary>
    public Sx After(Sx? first, Sx value) => first is not { } f
        ? value
        : layers.Define($"CASE WHEN {f.Na} IS NULL THEN {value.V} END", $"COALESCE({f.Na}, {value.Na})", f, value);

    /// <summary><c>if(c, a, b)</c>: NA when c is.</summary>
    public Sx If(Sx c, Sx then, Sx otherwise) =>
        layers.Define($"CASE WHEN {c.V} IS NULL THEN NULL WHEN {c.V} <> 0 THEN {then.V} ELSE {otherwise.V} END",
            $"CASE WHEN {c.V} IS NULL THEN {c.Na} WHEN {c.V} <> 0 THEN {then.Na} ELSE {otherwise.Na} END", c, then, otherwise);

    private static string Comparison(BinaryOp op) => op switch
    {
        BinaryOp.Less => "<",
        BinaryOp.LessOrEqual => "<=",
        BinaryOp.Greater => ">",
        BinaryOp.GreaterOrEqual => ">=",
        BinaryOp.Equal => "=",
        _ => "<>",
    };

    private static string Arithmetic(BinaryOp op) => op switch
    {
        BinaryOp.Add => "+",
        BinaryOp.Subtract => "-",
        _ => "*",
    };

    /// <summary>The error for a construct the SQL compiler does not translate, positioned on it.</summary>
    public static FinQueryException NotSupported(string what, TextSpan span) => new($"not supported in SQL: {what}", span);
}
