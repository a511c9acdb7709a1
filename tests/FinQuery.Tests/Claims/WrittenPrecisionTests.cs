using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FinQuery.Tests.Claims;

/// <summary>A figure as a story could write it, with the value and precision it stands for worked out independently.</summary>
public sealed record FigureCase(string Text, decimal Value, decimal Precision)
{
    public override string ToString() => $"{Text} (= {Value}, to {Precision})";
}

/// <summary>A value in a range System.Decimal holds exactly, and a precision (a power of ten) and scale to write it at.</summary>
public sealed record ValueAtPrecision(double Value, int Decimals, string Suffix)
{
    public override string ToString() => $"{Value.ToString("R", CultureInfo.InvariantCulture)} at {Decimals} decimals of '{Suffix}'";
}

public static class FigureArbitraries
{
    private static readonly (string Suffix, int Exponent)[] Scales =
        [("", 0), ("k", 3), ("K", 3), ("M", 6), ("B", 9), ("bn", 9), ("T", 12), ("%", -2)];

    /// <summary>Every literal form: integer, decimals (trailing zeros kept), leading dot, exponent (e/E, signed), scale or percent, a minus.</summary>
    public static Arbitrary<FigureCase> Figures() =>
        (from integer in Gen.Choose(0, 99_999)
         from decimals in Gen.Choose(0, 4)
         from fraction in Gen.Choose(0, 9_999)
         from leadingDot in Gen.Elements(false, false, false, true)
         from exponent in Gen.Elements<int?>(null, null, null, 0, 3, -2, 9, -5)
         from e in Gen.Elements("e", "E", "e+", "E+")
         from scale in Gen.Elements(Scales)
         from negative in Gen.Elements(false, true)
         select Build(integer, decimals, fraction % Pow10(decimals), leadingDot && decimals > 0, exponent, e, scale, negative)).ToArbitrary();

    private static FigureCase Build(int integer, int decimals, int fraction, bool leadingDot, int? exponent, string e, (string Suffix, int Exponent) scale, bool negative)
    {
        string digits = leadingDot ? "" : integer.ToString(CultureInfo.InvariantCulture);
        if (decimals > 0) digits += "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0');
        string exponentText = exponent is { } x ? (x < 0 ? "e" + x.ToString(CultureInfo.InvariantCulture) : e + x.ToString(CultureInfo.InvariantCulture)) : "";
        string text = (negative ? "-" : "") + digits + exponentText + scale.Suffix;
        decimal mantissa = (leadingDot ? 0 : integer) + fraction / (decimal)Pow10(decimals);
        int power = (exponent ?? 0) + scale.Exponent;
        decimal value = mantissa * PowerOfTen(power) * (negative ? -1 : 1);
        decimal precision = PowerOfTen(power - decimals);
        return new FigureCase(text, value, precision);
    }

    public static Arbitrary<ValueAtPrecision> Values() =>
        (from units in Gen.Choose(-2_000_000_000, 2_000_000_000)
         from decimals in Gen.Choose(0, 6)
         from suffix in Gen.Elements("", "k", "M", "B", "%")
         from digits in Gen.Choose(0, 9)
         select new ValueAtPrecision(units * Math.Pow(10, -digits), decimals, suffix)).ToArbitrary();

    private static int Pow10(int n) => (int)Math.Pow(10, n);

    internal static decimal PowerOfTen(int n)
    {
        decimal p = 1;
        for (int i = 0; i < Math.Abs(n); i++) p *= 10;
        return n >= 0 ? p : 1 / p;
    }
}

[Properties(Arbitrary = [typeof(FigureArbitraries)], MaxTest = 300)]
public class WrittenPrecisionTests
{
    private static WrittenFigure F(string text) => WrittenFigure.Parse(text);

    [Theory]
    [InlineData("32B", 32e9, 1e9)]
    [InlineData("31.6B", 31.6e9, 0.1e9)]
    [InlineData("3.73B", 3.73e9, 0.01e9)]
    [InlineData("11%", 0.11, 0.01)]
    [InlineData("-14%", -0.14, 0.01)]
    [InlineData("2.98", 2.98, 0.01)]
    [InlineData("71469", 71469, 1)]
    [InlineData("1.5e9", 1.5e9, 0.1e9)]
    [InlineData("4bn", 4e9, 1e9)]
    [InlineData("31.60B", 31.6e9, 0.01e9)]
    [InlineData(".5", 0.5, 0.1)]
    [InlineData("2.5k", 2500, 100)]
    [InlineData("0.5T", 0.5e12, 0.1e12)]
    [InlineData("100M", 100e6, 1e6)]
    [InlineData("1E+3", 1000, 1000)]
    [InlineData("12e-2", 0.12, 0.01)]
    public void The_precision_is_the_place_of_the_last_written_digit_in_the_figure_s_scale(string text, double value, double precision)
    {
        var f = F(text);
        Assert.Equal(text, f.Text);
        Assert.Equal(value, f.Value);
        Assert.Equal(precision, f.Precision, precision * 1e-12);
    }

    [Theory]
    // the contract's examples
    [InlineData(3.739e9, "3.73B", ClaimMatch.Truncation)]
    [InlineData(31.641e9, "31.6B", ClaimMatch.Rounding)]
    [InlineData(0.165, "16%", ClaimMatch.Truncation)]
    [InlineData(-0.145, "-14%", ClaimMatch.Truncation)]
    [InlineData(0.110, "12%", ClaimMatch.None)]
    [InlineData(-0.145, "-15%", ClaimMatch.Rounding)]
    [InlineData(2.976, "2.98", ClaimMatch.Rounding)]
    [InlineData(31.999e9, "32B", ClaimMatch.Rounding)]
    [InlineData(71469, "71469", ClaimMatch.Exact)]
    [InlineData(71469.4, "71469", ClaimMatch.Rounding)]
    [InlineData(71470, "71469", ClaimMatch.None)]
    [InlineData(1.54e9, "1.5e9", ClaimMatch.Rounding)]
    [InlineData(1.56e9, "1.5e9", ClaimMatch.Truncation)]
    [InlineData(1.6e9, "1.5e9", ClaimMatch.None)]
    // half-way points: rounding goes away from zero, truncation toward it, on both sides of zero
    [InlineData(2.5, "3", ClaimMatch.Rounding)]
    [InlineData(2.5, "2", ClaimMatch.Truncation)]
    [InlineData(-2.5, "-3", ClaimMatch.Rounding)]
    [InlineData(-2.5, "-2", ClaimMatch.Truncation)]
    [InlineData(0.125, "0.13", ClaimMatch.Rounding)]
    [InlineData(0.125, "0.12", ClaimMatch.Truncation)]
    // below half a unit, rounding and truncation agree (reported as rounding)
    [InlineData(0.004, "0", ClaimMatch.Rounding)]
    [InlineData(-0.004, "0", ClaimMatch.Rounding)]
    [InlineData(-0.004, "-0", ClaimMatch.Rounding)]
    [InlineData(0, "0", ClaimMatch.Exact)]
    [InlineData(0, "0.000", ClaimMatch.Exact)]
    // trailing zeros are precision: 31.60B is written to the hundredth
    [InlineData(31.641e9, "31.60B", ClaimMatch.None)]
    [InlineData(31.6e9, "31.60B", ClaimMatch.Exact)]
    // more digits than the value has
    [InlineData(32e9, "32.000B", ClaimMatch.Exact)]
    // the sign is part of the figure
    [InlineData(3.739e9, "-3.73B", ClaimMatch.None)]
    [InlineData(-3.739e9, "-3.73B", ClaimMatch.Truncation)]
    // far apart in magnitude, both ways
    [InlineData(1e300, "1", ClaimMatch.None)]
    [InlineData(1e-300, "0", ClaimMatch.Rounding)]
    [InlineData(5e-324, "0", ClaimMatch.Rounding)]
    [InlineData(1.7976931348623157e308, "1.7e308", ClaimMatch.Truncation)]
    [InlineData(0.1, "1e-999999", ClaimMatch.None)]
    [InlineData(1e20, "0e999999", ClaimMatch.Rounding)]
    public void A_value_matches_a_figure_rounded_or_truncated_at_its_precision(double value, string figure, ClaimMatch expected) =>
        Assert.Equal(expected, F(figure).Match(value));

    [Fact]
    public void Values_are_compared_as_the_decimals_a_person_reads_not_as_binary_fractions()
    {
        // -0.145 is stored as -0.14499999999999999; its shortest text is -0.145, which rounds to -15%.
        Assert.True(-0.145 * 100 > -14.5);
        Assert.Equal(ClaimMatch.Rounding, F("-15%").Match(-0.145));
        // 2.976 * 100 = 297.59999999999997: read as 2.976 it rounds to 2.98.
        Assert.Equal(ClaimMatch.Rounding, F("2.98").Match(2.976));
        Assert.Equal(ClaimMatch.Rounding, F("1.01").Match(1.005));
    }

    [Fact]
    public void Not_a_finite_number_matches_nothing()
    {
        Assert.Equal(ClaimMatch.None, F("0").Match(double.NaN));
        Assert.Equal(ClaimMatch.None, F("1e308").Match(double.PositiveInfinity));
    }

    [Theory]
    [InlineData("revenue", 1, 1, "not a name")]
    [InlineData("1 + 2", 1, 1, "not an expression")]
    [InlineData("--3", 1, 1, "not a number with two signs")]
    [InlineData("2023Q2", 1, 1, "not a period")]
    [InlineData("yoy(x, 2023)", 1, 1, "not a call to yoy")]
    [InlineData("-x", 1, 1, "not a negated expression")]
    [InlineData("3kg", 1, 1, "'3kg' is not a number")]
    public void Parse_rejects_anything_but_a_number_as_written(string text, int line, int column, string message)
    {
        var e = Assert.Throws<FinQueryException>(() => F(text));
        Assert.Contains(message, e.Message);
        Assert.Equal((line, column), (e.Line, e.Column));
    }

    [Property]
    public void Every_literal_form_reads_back_as_written_with_its_value_and_precision(FigureCase figure)
    {
        var f = F(figure.Text);
        Assert.Equal(figure.Text, f.Text);
        Assert.Equal(D(figure.Value), f.Value);
        Assert.Equal(D(figure.Precision), f.Precision);
        // The figure's own value is the figure, exactly; one unit of its precision away, it is not.
        Assert.Equal(ClaimMatch.Exact, f.Match(D(figure.Value)));
        Assert.Equal(ClaimMatch.None, f.Match(D(figure.Value + figure.Precision)));
    }

    [Property]
    public void A_value_written_at_a_precision_is_about_that_text_by_rounding_and_by_truncation(ValueAtPrecision v)
    {
        var (rounded, truncated) = Written(v);
        Assert.NotEqual(ClaimMatch.None, F(rounded).Match(v.Value));
        Assert.NotEqual(ClaimMatch.None, F(truncated).Match(v.Value));
    }

    [Property]
    public void A_figure_matches_exactly_when_it_is_the_value_rounded_or_truncated(ValueAtPrecision v, int offset)
    {
        // Oracle: System.Decimal, exact for these values. A figure one or more units off never matches.
        decimal value = decimal.Parse(v.Value.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
        decimal scale = Scale(v.Suffix);
        decimal inUnits = value / scale;
        decimal rounded = Math.Round(inUnits, v.Decimals, MidpointRounding.AwayFromZero);
        decimal truncated = Math.Round(inUnits, v.Decimals, MidpointRounding.ToZero);
        decimal candidate = rounded + (offset % 3) * FigureArbitraries.PowerOfTen(-v.Decimals);
        string text = Text(candidate, v.Decimals, v.Suffix);
        bool expected = candidate == rounded || candidate == truncated;
        var match = F(text).Match(v.Value);
        Assert.Equal(expected, match != ClaimMatch.None);
        if (expected)
        {
            var want = inUnits == candidate ? ClaimMatch.Exact : candidate == rounded ? ClaimMatch.Rounding : ClaimMatch.Truncation;
            Assert.Equal(want, match);
        }
    }

    [Property]
    public void Half_way_points_round_away_from_zero_and_truncate_toward_it(int units, bool negative)
    {
        // n + 0.5 at one decimal place: n.5 rounds to n+1 and truncates to n (mirrored below zero).
        long n = Math.Abs((long)units) % 1_000_000;
        string sign = negative ? "-" : "";
        double value = double.Parse($"{sign}{n}.5", CultureInfo.InvariantCulture);
        Assert.Equal(ClaimMatch.Rounding, F($"{sign}{n + 1}").Match(value));
        Assert.Equal(ClaimMatch.Truncation, F($"{sign}{n}").Match(value));
        Assert.Equal(ClaimMatch.None, F($"{sign}{n + 2}").Match(value));
        Assert.Equal(ClaimMatch.Exact, F($"{sign}{n}.50").Match(value));
    }

    // (double)decimal is not correctly rounded; the shortest text of the decimal, parsed, is.
    private static double D(decimal d) => double.Parse(d.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>The value written at its precision by rounding and by truncation, independently of the code under test.</summary>
    private static (string Rounded, string Truncated) Written(ValueAtPrecision v)
    {
        decimal value = decimal.Parse(v.Value.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
        decimal inUnits = value / Scale(v.Suffix);
        return (Text(Math.Round(inUnits, v.Decimals, MidpointRounding.AwayFromZero), v.Decimals, v.Suffix),
            Text(Math.Round(inUnits, v.Decimals, MidpointRounding.ToZero), v.Decimals, v.Suffix));
    }

    private static string Text(decimal inUnits, int decimals, string suffix) =>
        inUnits.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + suffix;

    private static decimal Scale(string suffix) => suffix switch
    {
        "k" => 1e3m,
        "M" => 1e6m,
        "B" => 1e9m,
        "%" => 0.01m,
        _ => 1m,
    };
}
