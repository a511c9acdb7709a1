using System.Globalization;

namespace FinQuery.Charts.Rendering;

/// <summary>
/// How a y axis shows its unit: values multiplied by <see cref="Factor"/> and the axis titled with the scale
/// and the unit, as the rest of FinQuery writes amounts: <c>B USD</c> (values in billions), <c>%</c> (a ratio of
/// 0.11 drawn at 11), <c>USD/share</c>.
/// </summary>
internal readonly record struct AxisScale(double Factor, string Title)
{
    public static AxisScale For(string unit, double maxAbs)
    {
        if (unit == "%") return new(100, "%");
        (double div, string prefix) = maxAbs switch
        {
            >= 1e12 => (1e12, "T"),
            >= 1e9 => (1e9, "B"),
            >= 1e6 => (1e6, "M"),
            _ => (1, ""),
        };
        string name = unit.Length == 0 ? "ratio" : unit;
        return new(1 / div, prefix.Length == 0 ? name : $"{prefix} {name}");
    }

    public double Apply(double value) => value * Factor;

    /// <summary>Tick text: grouped digits, up to three decimals, never <c>-0</c>.</summary>
    public static string Tick(double value)
    {
        if (Math.Abs(value) < 1e-9) value = 0;
        return value.ToString("#,##0.###", CultureInfo.InvariantCulture);
    }
}
