using System.Globalization;
using System.Text;
using FinQuery.Data;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FinQuery.Tests.Data;

/// <summary>The loaders' fast decimal parser gives the very double the full parser gives, or declines.</summary>
public class DecimalTextProperties
{
    private static void Agrees(string text)
    {
        if (DecimalText.TryParse(Encoding.ASCII.GetBytes(text), out double fast))
        {
            double full = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.True(BitConverter.DoubleToInt64Bits(full) == BitConverter.DoubleToInt64Bits(fast), $"{text}: {fast:R} vs {full:R}");
        }
    }

    [Property(MaxTest = 2000)]
    public void Decimals_parse_exactly(bool negative, NonNegativeInt whole, NonNegativeInt fraction, byte zeros, bool point)
    {
        string digits = whole.Get.ToString(CultureInfo.InvariantCulture);
        string text = (negative ? "-" : "") + digits + (point ? "." + new string('0', zeros % 8) + fraction.Get.ToString(CultureInfo.InvariantCulture) : "");
        Agrees(text);
    }

    [Property(MaxTest = 2000)]
    public void Round_tripped_doubles_parse_exactly(double d) => Agrees(d.ToString("R", CultureInfo.InvariantCulture));

    [Property(MaxTest = 2000)]
    public void Any_digit_text_parses_exactly_or_is_declined() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Elements("0123456789.-e+ ".ToCharArray())).Select(c => new string(c)).ToArbitrary(), text =>
        {
            if (DecimalText.TryParse(Encoding.ASCII.GetBytes(text), out _)) Agrees(text);
        });

    [Theory]
    [InlineData("0", 0.0)]
    [InlineData("-0", -0.0)]
    [InlineData("-0.0", -0.0)]
    [InlineData("123456789012345", 123456789012345.0)]
    [InlineData("0.1", 0.1)]
    [InlineData("31999.25", 31999.25)]
    [InlineData("0.0000000000000000000001", 1e-22)]
    public void Known_values(string text, double expected)
    {
        Assert.True(DecimalText.TryParse(Encoding.ASCII.GetBytes(text), out double v));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(v));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("1e5")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1234567890123456")]
    [InlineData("0.00000000000000000000001")]
    [InlineData("1,5")]
    public void Other_forms_are_declined(string text) => Assert.False(DecimalText.TryParse(Encoding.ASCII.GetBytes(text), out _));
}
