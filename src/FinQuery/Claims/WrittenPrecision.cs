using System.Globalization;
using System.Numerics;
using FinQuery.Syntax;

namespace FinQuery.Claims;

/// <summary>
/// A number as exact decimal digits: <c>Coefficient × 10^Exponent</c>. Doubles are read from their shortest
/// round-trip text, so <c>-0.145</c> is exactly −145 × 10⁻³ here, not the binary fraction just above it.
/// </summary>
internal readonly record struct DecimalDigits(BigInteger Coefficient, long Exponent)
{
    // Exponents are clamped here: far past any double, and small enough that sums of them cannot overflow.
    private const long MaxExponent = 1_000_000_000;

    /// <summary>The exact decimal value of <paramref name="value"/>'s shortest round-trip text (a finite double).</summary>
    public static DecimalDigits Of(double value)
    {
        if (!TryParse(value.ToString("R", CultureInfo.InvariantCulture), out var digits))
            throw new ArgumentOutOfRangeException(nameof(value), value, "Not a finite number.");
        return digits;
    }

    /// <summary>
    /// Reads <c>[-]digits[.digits][e[+-]digits]</c> (also <c>.5</c>), the forms of a FinQuery number's mantissa and
    /// of a double's round-trip text. The exponent is that of the last digit written: <c>31.60</c> is 3160 × 10⁻².
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DecimalDigits digits)
    {
        digits = default;
        int i = 0;
        bool negative = false;
        if (i < text.Length && text[i] is '-' or '+')
        {
            negative = text[i] == '-';
            i++;
        }
        int start = i;
        var coefficient = BigInteger.Zero;
        long fraction = 0;
        bool any = false;
        bool point = false;
        // Digits are gathered in chunks of 18 so that long literals cost few BigInteger steps.
        long chunk = 0;
        int chunkDigits = 0;
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '.' && !point)
            {
                point = true;
                continue;
            }
            if (!Lexer.IsDigit(c)) break;
            any = true;
            chunk = chunk * 10 + (c - '0');
            if (++chunkDigits == 18)
            {
                coefficient = coefficient * 1_000_000_000_000_000_000 + chunk;
                chunk = 0;
                chunkDigits = 0;
            }
            if (point) fraction++;
        }
        if (!any) return false;
        if (chunkDigits > 0) coefficient = coefficient * BigInteger.Pow(10, chunkDigits) + chunk;
        long exponent = 0;
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            bool negativeExponent = false;
            if (i < text.Length && text[i] is '-' or '+')
            {
                negativeExponent = text[i] == '-';
                i++;
            }
            if (i == text.Length) return false;
            for (; i < text.Length; i++)
            {
                if (!Lexer.IsDigit(text[i])) return false;
                if (exponent < MaxExponent) exponent = exponent * 10 + (text[i] - '0');
            }
            exponent = Math.Min(exponent, MaxExponent);
            if (negativeExponent) exponent = -exponent;
        }
        if (i != text.Length || i == start) return false;
        digits = new DecimalDigits(negative ? -coefficient : coefficient, exponent - fraction);
        return true;
    }

    /// <summary>This value times 10^<paramref name="places"/>.</summary>
    public DecimalDigits Shift(long places) => this with { Exponent = Exponent + places };

    public DecimalDigits Negate() => this with { Coefficient = -Coefficient };

    /// <summary>The nearest double.</summary>
    public double ToDouble() =>
        double.Parse(Coefficient.ToString(CultureInfo.InvariantCulture) + "e" + Exponent.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
}

/// <summary>
/// The precision rule of <c>~=</c>: a value matches a written figure when, rounded half away from zero or truncated
/// toward zero to the place of the figure's last written digit, it equals the figure. Exact decimal arithmetic
/// throughout, so a figure and a value on a half-way point (<c>-0.145</c> against <c>-15%</c>) behave as written.
/// </summary>
internal static class WrittenPrecision
{
    /// <summary>
    /// How <paramref name="value"/> matches the figure whose written digits are <paramref name="figure"/>: the
    /// coefficient is the digits and the exponent the place of the last one (<c>3.73B</c> is 373 × 10⁷).
    /// </summary>
    public static ClaimMatch Match(double value, DecimalDigits figure)
    {
        if (!double.IsFinite(value)) return ClaimMatch.None;
        var v = DecimalDigits.Of(value);
        var target = figure.Coefficient;
        long k = figure.Exponent - v.Exponent;
        if (k <= 0)
        {
            // The value has no digits below the figure's last place: it is the figure or it is not.
            if (v.Coefficient.IsZero) return target.IsZero ? ClaimMatch.Exact : ClaimMatch.None;
            // Past the figure's own length the value cannot equal it; this also bounds the power below.
            if (-k > DigitCount(target) + 1) return ClaimMatch.None;
            return v.Coefficient * BigInteger.Pow(10, (int)-k) == target ? ClaimMatch.Exact : ClaimMatch.None;
        }
        BigInteger truncated, remainder;
        bool half;
        if (k > DigitCount(v.Coefficient) + 1)
        {
            // Less than a tenth of the figure's last place: rounds and truncates to zero.
            truncated = BigInteger.Zero;
            remainder = v.Coefficient;
            half = false;
        }
        else
        {
            var unit = BigInteger.Pow(10, (int)k);
            truncated = BigInteger.DivRem(v.Coefficient, unit, out remainder);
            half = BigInteger.Abs(remainder) * 2 >= unit;
        }
        if (remainder.IsZero) return truncated == target ? ClaimMatch.Exact : ClaimMatch.None;
        var rounded = half ? truncated + remainder.Sign : truncated;
        if (rounded == target) return ClaimMatch.Rounding;
        if (truncated == target) return ClaimMatch.Truncation;
        return ClaimMatch.None;
    }

    /// <summary>The power of ten a suffix scales by: 9 for <c>B</c>, −2 for <c>%</c>.</summary>
    public static int ScaleExponent(NumberSuffix suffix) => suffix switch
    {
        NumberSuffix.Thousand => 3,
        NumberSuffix.Million => 6,
        NumberSuffix.Billion => 9,
        NumberSuffix.Trillion => 12,
        NumberSuffix.Percent => -2,
        _ => 0,
    };

    /// <summary>The figure a literal writes, in its own scale applied: <c>3.73B</c> is 373 × 10⁷, <c>-14%</c> is −14 × 10⁻².</summary>
    public static DecimalDigits FigureOf(NumberLiteral literal, bool negative)
    {
        if (!DecimalDigits.TryParse(literal.Digits, out var digits))
            throw new ArgumentException($"'{literal.Digits}' is not the text of a number.", nameof(literal));
        digits = digits.Shift(ScaleExponent(literal.Suffix));
        return negative ? digits.Negate() : digits;
    }

    private static long DigitCount(BigInteger n) =>
        n.IsZero ? 1 : (long)Math.Floor(BigInteger.Log10(BigInteger.Abs(n))) + 1;
}
