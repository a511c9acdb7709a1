using System.Globalization;
using System.Text;

namespace FinQuery.Syntax;

/// <summary>
/// Prints a syntax tree as canonical query text that parses back to the same tree (spans aside):
/// single spaces around binary operators, parentheses only where precedence or associativity needs
/// them, numbers with their digits as written (else in the invariant round-trip format) and their suffix, year periods as <c>FY2023</c>
/// (a bare <c>2023</c> would read back as a number) and ranges as <c>A..B</c>.
/// </summary>
internal static class AstPrinter
{
    // Binding strength of each level, loosest first; a child printed where a stronger level is required gets parentheses.
    private const int Loosest = 0;
    private const int OrLevel = 1;
    private const int AndLevel = 2;
    private const int NotLevel = 3;
    private const int ComparisonLevel = 4;
    private const int AdditiveLevel = 5;
    private const int MultiplicativeLevel = 6;
    private const int UnaryLevel = 7;
    private const int PowerLevel = 8;
    private const int PostfixLevel = 9;
    private const int AtomLevel = 10;

    /// <summary>The canonical text of a whole query: <c>let x = 1; let y = 2; x + y</c>.</summary>
    public static string Print(QuerySyntax query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sb = new StringBuilder();
        foreach (var let in query.Lets)
        {
            sb.Append("let ").Append(let.Name).Append(" = ");
            Write(sb, let.Value, Loosest);
            sb.Append("; ");
        }
        Write(sb, query.Body, Loosest);
        return sb.ToString();
    }

    /// <summary>The canonical text of an expression.</summary>
    public static string Print(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var sb = new StringBuilder();
        Write(sb, expr, Loosest);
        return sb.ToString();
    }

    /// <summary>The text of a number suffix: <c>k</c>, <c>M</c>, <c>B</c>, <c>T</c>, <c>%</c> or nothing.</summary>
    public static string SuffixText(NumberSuffix suffix) => suffix switch
    {
        NumberSuffix.Thousand => "k",
        NumberSuffix.Million => "M",
        NumberSuffix.Billion => "B",
        NumberSuffix.Trillion => "T",
        NumberSuffix.Percent => "%",
        _ => "",
    };

    private static void Write(StringBuilder sb, Expr expr, int required)
    {
        bool parenthesize = Level(expr) < required;
        if (parenthesize) sb.Append('(');
        switch (expr)
        {
            case NumberLiteral n:
                if (n.Written.IsEmpty) sb.Append(n.Mantissa.ToString("R", CultureInfo.InvariantCulture));
                else sb.Append(n.Written.Span);
                sb.Append(SuffixText(n.Suffix));
                break;
            case BoolLiteral b:
                sb.Append(b.Value ? "true" : "false");
                break;
            case PeriodLiteral p:
                if (p.Period.Frequency == Frequency.Year && !p.Period.IsCalendar) sb.Append("FY");
                sb.Append(p.Period.ToString());
                break;
            case RangeLiteral r:
                if (r.Start is { } start) sb.Append(start.ToString());
                sb.Append("..");
                if (r.End is { } end) sb.Append(end.ToString());
                break;
            case NameRef n:
                if (n.Entity is not null) sb.Append(n.Entity).Append('.');
                sb.Append(n.Name);
                break;
            case CallExpr c:
                sb.Append(c.Name).Append('(');
                for (int i = 0; i < c.Args.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    Write(sb, c.Args[i], Loosest);
                }
                sb.Append(')');
                break;
            case IndexExpr ix:
                Write(sb, ix.Target, PostfixLevel);
                sb.Append('[');
                Write(sb, ix.Index, Loosest);
                sb.Append(']');
                break;
            case UnaryExpr { Op: UnaryOp.Negate } u:
                sb.Append('-');
                Write(sb, u.Operand, UnaryLevel);
                break;
            case UnaryExpr u:
                sb.Append("not ");
                Write(sb, u.Operand, NotLevel);
                break;
            case BinaryExpr b:
                var (_, left, right) = Shape(b.Op);
                Write(sb, b.Left, left);
                sb.Append(' ').Append(OperatorText(b.Op)).Append(' ');
                Write(sb, b.Right, right);
                break;
            default:
                throw new ArgumentException($"Unknown syntax node {expr.GetType().Name}.", nameof(expr));
        }
        if (parenthesize) sb.Append(')');
    }

    private static int Level(Expr expr) => expr switch
    {
        BinaryExpr b => Shape(b.Op).Level,
        UnaryExpr { Op: UnaryOp.Negate } => UnaryLevel,
        UnaryExpr => NotLevel,
        IndexExpr => PostfixLevel,
        _ => AtomLevel,
    };

    /// <summary>An operator's level and the levels its left and right operands must have.</summary>
    private static (int Level, int Left, int Right) Shape(BinaryOp op) => op switch
    {
        BinaryOp.Or => (OrLevel, OrLevel, AndLevel),
        BinaryOp.And => (AndLevel, AndLevel, NotLevel),
        BinaryOp.Add or BinaryOp.Subtract => (AdditiveLevel, AdditiveLevel, MultiplicativeLevel),
        BinaryOp.Multiply or BinaryOp.Divide => (MultiplicativeLevel, MultiplicativeLevel, UnaryLevel),
        // right-associative, and its right operand may be a negation: 2 ^ -1
        BinaryOp.Power => (PowerLevel, PostfixLevel, UnaryLevel),
        // comparisons do not chain: both operands are additive
        _ => (ComparisonLevel, AdditiveLevel, AdditiveLevel),
    };

    /// <summary>The source text of a binary operator.</summary>
    public static string OperatorText(BinaryOp op) => op switch
    {
        BinaryOp.Add => "+",
        BinaryOp.Subtract => "-",
        BinaryOp.Multiply => "*",
        BinaryOp.Divide => "/",
        BinaryOp.Power => "^",
        BinaryOp.Less => "<",
        BinaryOp.LessOrEqual => "<=",
        BinaryOp.Greater => ">",
        BinaryOp.GreaterOrEqual => ">=",
        BinaryOp.Equal => "=",
        BinaryOp.NotEqual => "!=",
        BinaryOp.About => "~=",
        BinaryOp.And => "and",
        BinaryOp.Or => "or",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };
}
