namespace FinQuery.Evaluation;

internal enum TypeKind : byte { Number, Bool, Period, Range, Series, BoolSeries }

/// <summary>The static type of a bound expression: its kind and, for numbers and series, its unit.</summary>
/// <param name="Kind">Number, boolean, period, range, series or boolean series.</param>
/// <param name="Unit">The unit of a number or series (<c>USD</c>, <c>%</c>, <c>pp</c>, <c>""</c> for a plain number).</param>
/// <param name="Share">A percent that is a share of a whole (<c>net_income / revenue</c>, printed <c>24.3%</c>) rather than a change (<c>+11.0%</c>).</param>
internal readonly record struct QType(TypeKind Kind, string Unit = "", bool Share = false)
{
    public static readonly QType Bool = new(TypeKind.Bool);
    public static readonly QType Period = new(TypeKind.Period);
    public static readonly QType Range = new(TypeKind.Range);
    public static readonly QType BoolSeries = new(TypeKind.BoolSeries);
    public static QType Number(string unit = "", bool share = false) => new(TypeKind.Number, unit, share);
    public static QType Percent => new(TypeKind.Number, Units.Percent);
    public static QType Series(string unit, bool share = false) => new(TypeKind.Series, unit, share);

    /// <summary>The type of one point of a series of this type (a number or a boolean, same unit).</summary>
    public QType Point => Kind switch
    {
        TypeKind.Series => this with { Kind = TypeKind.Number },
        TypeKind.BoolSeries => Bool,
        _ => this,
    };

    public bool IsSeries => Kind is TypeKind.Series or TypeKind.BoolSeries;
    public bool IsNumeric => Kind is TypeKind.Number or TypeKind.Series;
    public bool IsBoolean => Kind is TypeKind.Bool or TypeKind.BoolSeries;

    public string Describe() => Kind switch
    {
        TypeKind.Number when Unit == Units.Percent => "a percent",
        TypeKind.Number => "a number",
        TypeKind.Bool => "a boolean",
        TypeKind.Period => "a period",
        TypeKind.Range => "a period range",
        TypeKind.Series => "a series",
        _ => "a boolean series",
    };
}
