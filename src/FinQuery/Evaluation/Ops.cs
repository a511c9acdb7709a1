using FinQuery.Syntax;

namespace FinQuery.Evaluation;

/// <summary>Scalar arithmetic, comparison and logic shared by the operator nodes and functions.</summary>
internal static class Ops
{
    /// <summary>Applies a binary operator to two numbers; NaN means "no meaningful result".</summary>
    public static double Apply(BinaryOp op, double a, double b) => op switch
    {
        BinaryOp.Add => a + b,
        BinaryOp.Subtract => a - b,
        BinaryOp.Multiply => a * b,
        BinaryOp.Divide => b == 0 ? double.NaN : a / b,
        BinaryOp.Power => Math.Pow(a, b),
        BinaryOp.Less => a < b ? 1 : 0,
        BinaryOp.LessOrEqual => a <= b ? 1 : 0,
        BinaryOp.Greater => a > b ? 1 : 0,
        BinaryOp.GreaterOrEqual => a >= b ? 1 : 0,
        BinaryOp.Equal => a == b ? 1 : 0,
        BinaryOp.NotEqual => a != b ? 1 : 0,
        BinaryOp.And => a != 0 && b != 0 ? 1 : 0,
        BinaryOp.Or => a != 0 || b != 0 ? 1 : 0,
        _ => double.NaN,
    };

    public static bool IsComparison(BinaryOp op) => op is >= BinaryOp.Less and <= BinaryOp.NotEqual;
    public static bool IsLogic(BinaryOp op) => op is BinaryOp.And or BinaryOp.Or;

    public static string Symbol(BinaryOp op) => AstPrinter.OperatorText(op);

    /// <summary>The value of <c>a op b</c> for two numbers: a boolean for comparisons and logic, else a finite number or NA.</summary>
    public static Value Binary(BinaryOp op, double a, double b, bool boolean)
    {
        double r = Apply(op, a, b);
        return boolean ? Value.Bool(r != 0) : Checked(r, op, b);
    }

    /// <summary>A finite result, or NA not-meaningful naming why.</summary>
    public static Value Checked(double result, BinaryOp op, double b) =>
        double.IsFinite(result) ? Value.Number(result == 0 ? 0 : result) : NotFinite(result, op, b);

    private static Value NotFinite(double result, BinaryOp op, double b)
    {
        if (op == BinaryOp.Divide && b == 0) return Value.NotMeaningful("division by zero");
        if (double.IsNaN(result)) return Value.NotMeaningful("the result is not a real number");
        return Value.NotMeaningful("the result is too large to represent");
    }

    /// <summary>Growth from a base: NA not-meaningful when the base is zero or negative (analysts print "n/m").</summary>
    /// <remarks>The base period is written as <paramref name="node"/>'s calendar writes it (found only for the message).</remarks>
    public static Value Growth(double current, double baseValue, string series, Period basePeriod, ref EvalContext ctx, SeriesNode node)
    {
        if (baseValue <= 0)
        {
            string at = node.CalendarFor(ref ctx).Format(basePeriod);
            return Value.NotMeaningful($"{series} for {at} is {(baseValue == 0 ? "zero" : "negative")}: growth is not meaningful");
        }
        return Checked(current / baseValue - 1, BinaryOp.Divide, baseValue);
    }
}
