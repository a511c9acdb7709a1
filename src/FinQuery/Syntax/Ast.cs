namespace FinQuery.Syntax;

// The syntax tree. Nodes are small immutable records; each carries the span of source text it was
// parsed from. Spans are ignored when comparing trees (see AstComparer), so that a printed and
// re-parsed tree equals the original.

/// <summary>A region of query text: 0-based offset and length.</summary>
/// <remarks>
/// Eight bytes, carried by every syntax and bound node: the line and column of a position are found from the text
/// (<see cref="LineColumn"/>) only when an error reports it.
/// </remarks>
internal readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;
    public static readonly TextSpan None = new(0, 0);

    /// <summary>The 1-based line and column of <paramref name="offset"/> in <paramref name="text"/> (lines end at <c>\n</c>).</summary>
    public static (int Line, int Column) LineColumn(string text, int offset)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var before = text.AsSpan(0, offset);
        int line = 1 + before.Count('\n');
        return (line, offset - (before.LastIndexOf('\n') + 1) + 1);
    }
}

/// <summary>A whole query: <c>let</c> bindings, then one expression.</summary>
internal sealed record QuerySyntax(IReadOnlyList<LetSyntax> Lets, Expr Body, TextSpan Span);

/// <summary><c>let name = value;</c></summary>
internal sealed record LetSyntax(string Name, Expr Value, TextSpan Span);

internal abstract record Expr(TextSpan Span);

/// <summary>The scale written after a number: <c>k</c>, <c>M</c>, <c>B</c>/<c>bn</c>, <c>T</c>, or <c>%</c>.</summary>
internal enum NumberSuffix { None, Thousand, Million, Billion, Trillion, Percent }

/// <summary>A number as written: <paramref name="Mantissa"/> is the digits (<c>31.06</c> in <c>31.06B</c>).</summary>
internal sealed record NumberLiteral(double Mantissa, NumberSuffix Suffix, TextSpan Span) : Expr(Span)
{
    /// <summary>The mantissa as written (<c>31.60</c>, <c>1.5e9</c>, <c>.5</c>), a slice of the query text; empty for a literal not read from text.</summary>
    public ReadOnlyMemory<char> Written { get; init; }

    /// <summary>The mantissa's digits: as written, else the shortest text that reads back as <see cref="Mantissa"/>.</summary>
    /// <remarks>Kept because they carry the precision a figure is written to, which <c>~=</c> compares at.</remarks>
    public string Digits => Written.IsEmpty ? Mantissa.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : Written.ToString();

    public double Value => Suffix switch
    {
        NumberSuffix.Thousand => Mantissa * 1e3,
        NumberSuffix.Million => Mantissa * 1e6,
        NumberSuffix.Billion => Mantissa * 1e9,
        NumberSuffix.Trillion => Mantissa * 1e12,
        NumberSuffix.Percent => Mantissa / 100,
        _ => Mantissa,
    };

    /// <summary>A plain integer 1..9999 with no suffix, which the binder reads as a year where a period is expected.</summary>
    public bool IsYearLike => Suffix == NumberSuffix.None && Mantissa is >= 1 and <= 9999 && Math.Floor(Mantissa) == Mantissa;
}

internal sealed record BoolLiteral(bool Value, TextSpan Span) : Expr(Span);

/// <summary>A period literal other than a bare year: <c>FY2023</c>, <c>2023H1</c>, <c>2023Q2</c>, <c>2023-07</c>, <c>2023-07-05</c>.</summary>
internal sealed record PeriodLiteral(Period Period, TextSpan Span) : Expr(Span);

/// <summary><c>2021..2023Q2</c>, <c>..2023Q1</c>, <c>2022Q1..</c>; a bare 4-digit year is a year here.</summary>
internal sealed record RangeLiteral(Period? Start, Period? End, TextSpan Span) : Expr(Span);

/// <summary><c>revenue</c> (no entity) or <c>META.revenue</c>.</summary>
internal sealed record NameRef(string? Entity, string Name, TextSpan Span) : Expr(Span);

internal enum UnaryOp { Negate, Not }

internal sealed record UnaryExpr(UnaryOp Op, Expr Operand, TextSpan Span) : Expr(Span);

internal enum BinaryOp
{
    Add, Subtract, Multiply, Divide, Power,
    Less, LessOrEqual, Greater, GreaterOrEqual, Equal, NotEqual,
    And, Or,
    /// <summary><c>a ~= b</c>: a, rounded or truncated to the precision b is written to, is b.</summary>
    About,
}

internal sealed record BinaryExpr(BinaryOp Op, Expr Left, Expr Right, TextSpan Span) : Expr(Span);

/// <summary><c>name(args)</c>; <paramref name="NameSpan"/> covers the function name.</summary>
internal sealed record CallExpr(string Name, IReadOnlyList<Expr> Args, TextSpan NameSpan, TextSpan Span) : Expr(Span);

/// <summary><c>target[index]</c>: a period gives a number, a range gives a sub-series.</summary>
internal sealed record IndexExpr(Expr Target, Expr Index, TextSpan Span) : Expr(Span);
