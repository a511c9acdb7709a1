namespace FinQuery.Evaluation;

/// <summary>
/// Unit rules: <c>+</c>/<c>−</c> and comparisons need equal units (a bare number adopts its partner's); a ratio of
/// two amounts of one unit is a percent (<c>net_income / revenue</c> → <c>24.3%</c>); a difference of two percents
/// is in percentage points (<c>pp</c>); a percent times or divided by a number stays a percent, whichever side the
/// number is on; compound units cancel (<c>USD / (USD/share)</c> → <c>share</c>).
/// </summary>
internal static class Units
{
    public const string None = "";
    public const string Percent = "%";
    /// <summary>Percentage points: the difference of two percents, held as a ratio (−0.055 is −5.5 pp).</summary>
    public const string Points = "pp";

    private static bool IsDimensionless(string u) => u is None or Percent or Points;

    /// <summary>The unit of <c>a + b</c> or <c>a − b</c>, or null when they do not match.</summary>
    public static string? Additive(string a, string b, bool subtract = false)
    {
        if (a == b) return subtract && a == Percent ? Points : a;
        if (a == None) return b;
        if (b == None) return a;
        // A percent moved by percentage points stays a percent: 11% + 2 pp.
        if ((a == Percent && b == Points) || (a == Points && b == Percent)) return Percent;
        return null;
    }

    /// <summary>Whether two values of these units may be compared.</summary>
    public static bool Comparable(string a, string b) => Additive(a, b) is not null;

    public static string Multiply(string a, string b)
    {
        if (a == None) return b;
        if (b == None) return a;
        // A share of an amount is an amount (10% * revenue is USD); a percent of a percent stays a percent.
        if (IsDimensionless(a)) return IsDimensionless(b) ? (a == Points || b == Points ? Points : Percent) : b;
        if (IsDimensionless(b)) return a;
        return Format(Combine(Parse(a), Parse(b), 1));
    }

    public static string Divide(string a, string b)
    {
        if (IsDimensionless(b))
        {
            // x / 2 keeps x's unit; 11% / 11% and 2 pp / 1 pp are plain ratios.
            if (b == None) return a;
            return a == b || IsDimensionless(a) ? (a == None || a == b ? None : a) : a;
        }
        if (a == b) return Percent;
        if (IsDimensionless(a)) return Format(Combine([], Parse(b), -1));
        var result = Combine(Parse(a), Parse(b), -1);
        return result.Count == 0 ? Percent : Format(result);
    }

    public static string Describe(string unit) => unit switch
    {
        None => "a plain number",
        Percent => "percent",
        Points => "percentage points",
        _ => unit,
    };

    // ---- compound units: factors with exponents, "USD/share" = USD^1 share^-1 ----

    private static List<(string Factor, int Power)> Parse(string unit)
    {
        var factors = new List<(string, int)>();
        int sign = 1, start = 0;
        for (int i = 0; i <= unit.Length; i++)
        {
            if (i < unit.Length && unit[i] is not ('*' or '/')) continue;
            var f = unit[start..i];
            if (f.Length > 0 && f != "1") Add(factors, f, sign);
            if (i < unit.Length) sign = unit[i] == '/' ? -1 : 1;
            start = i + 1;
        }
        return factors;
    }

    private static void Add(List<(string Factor, int Power)> factors, string f, int power)
    {
        for (int i = 0; i < factors.Count; i++)
        {
            if (factors[i].Factor != f) continue;
            int p = factors[i].Power + power;
            if (p == 0) factors.RemoveAt(i);
            else factors[i] = (f, p);
            return;
        }
        factors.Add((f, power));
    }

    private static List<(string Factor, int Power)> Combine(List<(string Factor, int Power)> a, List<(string Factor, int Power)> b, int sign)
    {
        var r = new List<(string, int)>(a);
        foreach (var (f, p) in b) Add(r, f, p * sign);
        return r;
    }

    private static string Format(List<(string Factor, int Power)> factors)
    {
        var num = new List<string>();
        var den = new List<string>();
        foreach (var (f, p) in factors)
            for (int i = 0; i < Math.Abs(p); i++) (p > 0 ? num : den).Add(f);
        string n = num.Count == 0 ? "1" : string.Join("*", num);
        return den.Count == 0 ? n : n + "/" + string.Join("/", den);
    }
}
