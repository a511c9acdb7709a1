using System.Globalization;

namespace FinQuery.Formatting;

/// <summary>
/// Display text for values, always in the invariant culture: <c>31.999B USD</c>, <c>+11.0%</c>,
/// <c>71,469</c>, <c>2.98 USD/share</c>, <c>5 days</c>.
/// </summary>
internal static class ValueFormatter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <param name="v">The value (a ratio for <c>%</c> and <c>pp</c>: 0.11 is 11%).</param>
    /// <param name="unit">Its unit.</param>
    /// <param name="signed">For a percent: a change, printed with its sign (<c>+11.0%</c>); false for a share of a whole (<c>24.3%</c>).</param>
    public static string Number(double v, string unit, bool signed = true)
    {
        if (double.IsNaN(v)) return "n/a";
        if (double.IsInfinity(v)) return v > 0 ? "∞" : "-∞";
        // Below any figure a report prints, a value is a rounding residue (1e-321 from 0.1 + 0.2 − 0.3): zero.
        if (Math.Abs(v) < 1e-12) v = 0;
        if (unit == "%") return Percent(v, signed);
        if (unit == "pp") return Percent(v, signed: true)[..^1] + " pp";
        string text = unit switch
        {
            "count" or "" or "days" or "months" or "years" => Plain(v),
            _ => Scaled(v),
        };
        return unit is "" or "count" ? text : $"{text} {unit}";
    }

    public static string Percent(double ratio, bool signed = true)
    {
        double pct = Math.Round(ratio * 100, 1, MidpointRounding.AwayFromZero);
        if (!double.IsFinite(pct) || Math.Abs(pct) >= 1e15)
        {
            // Too large for fixed notation, or for ratio × 100 itself (which overflows past 1.8e306):
            // scientific notation, the exponent shifted by two. Never "Infinity%".
            string sci = ratio.ToString("0.0##E+0", Inv);
            int e = sci.IndexOf('E', StringComparison.Ordinal);
            int exponent = int.Parse(sci.AsSpan(e + 1), NumberStyles.AllowLeadingSign, Inv) + 2;
            return (ratio > 0 && signed ? "+" : "") + sci[..e] + "E" + (exponent >= 0 ? "+" : "") + exponent.ToString(Inv) + "%";
        }
        if (pct == 0) pct = 0; // no "-0.0%"
        string s = pct.ToString("0.0", Inv);
        return pct > 0 && signed ? "+" + s + "%" : s + "%";
    }

    /// <summary>
    /// Grouped digits with a precision that follows the magnitude, so that like figures print alike (0.2320 beside
    /// 0.1993, not 0.23201 beside 0.199302): up to four decimals below 1, three below 100, two above; scientific
    /// for the very large or very small; never <c>-0</c>.
    /// </summary>
    public static string Plain(double v)
    {
        double a = Math.Abs(v);
        if (a == 0) return "0";
        if (a >= 1e15 || a < 1e-4) return v.ToString("0.###E+0", Inv);
        string format = a < 1 ? "0.####" : a < 100 ? "#,##0.###" : "#,##0.##";
        string s = v.ToString(format, Inv);
        return s is "-0" or "-0.0" ? "0" : s;
    }

    /// <summary>Amounts: a scale suffix from a million up, three decimals at most.</summary>
    public static string Scaled(double v)
    {
        double a = Math.Abs(v);
        // Past a million trillions, scientific: 1e308 would otherwise print as 297 grouped digits and T.
        if (a >= 1e18) return v.ToString("0.###E+0", Inv);
        (double div, string suffix) = a switch
        {
            >= 1e12 => (1e12, "T"),
            >= 1e9 => (1e9, "B"),
            >= 1e6 => (1e6, "M"),
            _ => (1, ""),
        };
        if (div == 1) return a != 0 && a < 1e-6 ? v.ToString("0.###E+0", Inv) : v.ToString("#,##0.##", Inv);
        return (v / div).ToString("#,##0.###", Inv) + suffix;
    }
}
