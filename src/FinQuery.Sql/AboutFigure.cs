using FinQuery.Syntax;

namespace FinQuery.Sql;

/// <summary>
/// <c>a ~= b</c> in SQL. The evaluator matches a value against the written figure as exact decimals (the value read
/// from its shortest round-trip text, rounded half away from zero or truncated toward zero to the figure's last
/// written digit). The doubles that match are one unbroken interval (the decimal interval [T − ½, T + 1) units for a
/// positive figure T, (T − 1, T + ½] for a negative one, (−1, 1) for zero, and a double's shortest text grows with
/// the double), so the SQL compares with the interval's first and last double, found with the evaluator's own
/// <see cref="WrittenFigure.Match"/>: the same verdict for every double.
/// </summary>
internal static class AboutFigure
{
    /// <summary>The most steps from an estimated end of the interval to its exact end (estimates are a few ulps off).</summary>
    private const int MaxSteps = 256;

    /// <summary>The first and last double that match the figure.</summary>
    public static (double Low, double High) Interval(WrittenFigure figure, TextSpan span)
    {
        double v = figure.Value, u = figure.Precision;
        if (!double.IsFinite(v) || !double.IsFinite(u) || u <= 0 || figure.Match(v) == ClaimMatch.None)
            throw SqlOps.NotSupported($"~= {figure.Text} (a figure beyond what the SQL compares exactly)", span);
        double low = v > 0 ? v - 0.5 * u : v - u;
        double high = v < 0 ? v + 0.5 * u : v + u;
        return (Edge(figure, low, v, down: true, span), Edge(figure, high, v, down: false, span));
    }

    /// <summary>The exact end of the interval near <paramref name="estimate"/>: the last matching double walking away from the figure.</summary>
    private static double Edge(WrittenFigure figure, double estimate, double inside, bool down, TextSpan span)
    {
        if (!double.IsFinite(estimate)) throw SqlOps.NotSupported($"~= {figure.Text} (a figure at the edge of the doubles)", span);
        // Not past the figure itself, which matches.
        double x = down ? Math.Min(estimate, inside) : Math.Max(estimate, inside);
        Func<double, double> outward = down ? Math.BitDecrement : Math.BitIncrement;
        Func<double, double> inward = down ? Math.BitIncrement : Math.BitDecrement;
        for (int i = 0; i < MaxSteps; i++)
        {
            if (figure.Match(x) != ClaimMatch.None)
            {
                // Inside: walk out while the next double still matches.
                for (int j = 0; j < MaxSteps; j++)
                {
                    double next = outward(x);
                    if (!double.IsFinite(next) || figure.Match(next) == ClaimMatch.None) return x;
                    x = next;
                }
                break;
            }
            x = inward(x);
        }
        throw SqlOps.NotSupported($"~= {figure.Text} (its interval could not be found exactly)", span);
    }
}
