using FinQuery.Claims;
using FinQuery.Syntax;

namespace FinQuery;

/// <summary>How a computed value matched a written figure (see <see cref="WrittenFigure.Match"/>).</summary>
public enum ClaimMatch
{
    /// <summary>It does not match, or the claim is not an "is about" (<c>~=</c>) claim.</summary>
    None,
    /// <summary>The value is the figure exactly, with no digits beyond the figure's last.</summary>
    Exact,
    /// <summary>Rounded half away from zero to the figure's last written digit, the value is the figure (<c>31.641B</c> as <c>31.6B</c>).</summary>
    Rounding,
    /// <summary>Only truncated toward zero is the value the figure (<c>3.739B</c> as <c>3.73B</c>, where rounding gives <c>3.74B</c>).</summary>
    Truncation,
}

/// <summary>
/// A figure as a story writes it — <c>32B</c>, <c>3.73B</c>, <c>-14%</c>, <c>2.98</c> — with the precision its
/// digits carry: the place of its last written digit, in its own scale (<c>32B</c> → 1B, <c>31.6B</c> → 0.1B,
/// <c>11%</c> → one percentage point, <c>1.5e9</c> → 0.1e9). This is the right side of <c>~=</c>.
/// </summary>
public sealed class WrittenFigure
{
    private readonly DecimalDigits _digits;

    private WrittenFigure(string text, DecimalDigits digits)
    {
        Text = text;
        _digits = digits;
        Value = digits.ToDouble();
        Precision = new DecimalDigits(1, digits.Exponent).ToDouble();
    }

    /// <summary>The figure as written: <c>3.73B</c>, <c>-14%</c>.</summary>
    public string Text { get; }

    /// <summary>Its value with the scale applied: 3730000000 for <c>3.73B</c>, -0.14 for <c>-14%</c>.</summary>
    public double Value { get; }

    /// <summary>The value of one unit of its last written digit: 1e7 for <c>3.73B</c>, 0.01 for <c>-14%</c>.</summary>
    public double Precision { get; }

    /// <summary>
    /// Whether <paramref name="value"/> is this figure at its precision: rounded half away from zero, or truncated
    /// toward zero, to the figure's last written digit. Both sides are compared as exact decimals, the value read
    /// from its shortest round-trip text, so <c>-0.145</c> rounds to <c>-15%</c> and <c>2.976</c> to <c>2.98</c>.
    /// </summary>
    /// <returns><see cref="ClaimMatch.None"/> when it does not match (or is not a finite number).</returns>
    public ClaimMatch Match(double value) => WrittenPrecision.Match(value, _digits);

    /// <summary>Reads a figure: a number literal with an optional leading <c>-</c>, scale suffix (<c>k M B bn T</c>) or <c>%</c>.</summary>
    /// <exception cref="FinQueryException">The text is not such a number; the exception gives the position.</exception>
    public static WrittenFigure Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = QueryParser.Parse(text, ParserLimits.Default);
        if (body.Lets.Count > 0) throw new FinQueryException(NotAFigure(body.Lets[0].Value), body.Lets[0].Span);
        return From(body.Body, text.Substring(body.Body.Span.Start, body.Body.Span.Length));
    }

    /// <summary>The figure of a literal (optionally negated) in a parsed query, or a bind error positioned on it.</summary>
    internal static WrittenFigure From(Expr e, string text)
    {
        bool negative = false;
        var inner = e;
        if (inner is UnaryExpr { Op: UnaryOp.Negate } negation)
        {
            negative = true;
            inner = negation.Operand;
        }
        if (inner is not NumberLiteral literal) throw new FinQueryException(NotAFigure(e), e.Span);
        return new WrittenFigure(text, WrittenPrecision.FigureOf(literal, negative));
    }

    /// <summary>True when the figure is written as a percent (<c>11%</c>, <c>-14%</c>).</summary>
    internal static bool IsPercent(Expr e) => (e is UnaryExpr u ? u.Operand : e) is NumberLiteral { Suffix: NumberSuffix.Percent };

    private static string NotAFigure(Expr e)
    {
        string found = e switch
        {
            UnaryExpr { Op: UnaryOp.Negate, Operand: UnaryExpr { Op: UnaryOp.Negate } } => "a number with two signs",
            UnaryExpr { Op: UnaryOp.Negate } => "a negated expression",
            NameRef => "a name",
            CallExpr c => $"a call to {c.Name}",
            PeriodLiteral or RangeLiteral => "a period",
            BoolLiteral => "a boolean",
            IndexExpr => "an indexed series",
            _ => "an expression",
        };
        return $"the right side of '~=' must be a figure as written, such as 32B, 3.73B, -14% or 2.98, not {found}";
    }

    /// <summary>The text as written.</summary>
    public override string ToString() => Text;
}
