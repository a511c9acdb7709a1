namespace FinQuery.Evaluation;

internal enum TypeKind : byte { Number, Bool, Period, Range, Series, BoolSeries }

/// <summary>The static type of a bound expression: its kind and, for numbers and series, its unit.</summary>
internal readonly record struct QType(TypeKind Kind, string Unit = "")
{
    public static readonly QType Bool = new(TypeKind.Bool);
    public static readonly QType Period = new(TypeKind.Period);
    public static readonly QType Range = new(TypeKind.Range);
    public static readonly QType BoolSeries = new(TypeKind.BoolSeries);
    public static QType Number(string unit = "") => new(TypeKind.Number, unit);
    public static QType Percent => new(TypeKind.Number, Units.Percent);
    public static QType Series(string unit) => new(TypeKind.Series, unit);

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

/// <summary>
/// Unit rules (§6): <c>+</c>/<c>−</c> and comparisons need equal units (a bare number adopts its
/// partner's); dividing equal units gives a ratio; percent behaves as a dimensionless factor.
/// </summary>
internal static class Units
{
    public const string None = "";
    public const string Percent = "%";

    private static bool IsDimensionless(string u) => u is None or Percent;

    /// <summary>The unit of <c>a + b</c>, <c>a − b</c> or a comparison, or null when they do not match.</summary>
    public static string? Additive(string a, string b)
    {
        if (a == b) return a;
        if (a == None) return b;
        if (b == None) return a;
        return null;
    }

    public static string Multiply(string a, string b)
    {
        if (IsDimensionless(a)) return a == Percent && b == None ? None : b;
        if (IsDimensionless(b)) return a;
        return $"{a}*{b}";
    }

    public static string Divide(string a, string b)
    {
        if (a == b) return None;
        if (IsDimensionless(b)) return a == Percent ? None : a;
        if (IsDimensionless(a)) return $"1/{b}";
        return $"{a}/{b}";
    }

    public static string Describe(string unit) => unit switch
    {
        None => "a plain number",
        Percent => "percent",
        _ => unit,
    };
}
