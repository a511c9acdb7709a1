using System.Text;

namespace FinQuery.Evaluation;

/// <summary>
/// Prints a bound tree as indented text, one node per line with its type: what the binder produced and what
/// lowering made of it, so both can be read and pinned by tests.
/// </summary>
internal static class BoundTreePrinter
{
    public static string Print(Bound root)
    {
        var sb = new StringBuilder();
        Print(root, 0, sb, new HashSet<Bound>(ReferenceEqualityComparer.Instance));
        return sb.ToString().TrimEnd('\n');
    }

    private static void Print(Bound node, int depth, StringBuilder sb, HashSet<Bound> seen)
    {
        sb.Append(' ', depth * 2).Append(node.Describe()).Append(" : ").Append(TypeText(node.Type));
        if (node is SeriesNode s) sb.Append(' ').Append(s.Aggregation.ToString().ToLowerInvariant());
        // A shared let is printed once; later uses say so.
        if (node is LetNode or SeriesLetNode && !seen.Add(node))
        {
            sb.Append(" (shared)\n");
            return;
        }
        sb.Append('\n');
        foreach (var c in node.Children) Print(c, depth + 1, sb, seen);
    }

    private static string TypeText(QType t)
    {
        string kind = t.Kind switch
        {
            TypeKind.Number => "number",
            TypeKind.Bool => "bool",
            TypeKind.Period => "period",
            TypeKind.Range => "range",
            TypeKind.Series => "series",
            _ => "bool series",
        };
        return t.Unit.Length > 0 ? $"{kind} {t.Unit}" : kind;
    }

    /// <summary>A constant's text: <c>2023Q2</c>, <c>0.11</c>, <c>true</c>.</summary>
    public static string Text(Value v, QType type) => v.Kind switch
    {
        ValueKind.Number => v.AsNumber.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        ValueKind.Bool => v.AsBool ? "true" : "false",
        ValueKind.Period => v.AsPeriod.ToString(),
        ValueKind.Range => v.AsRange.ToString(),
        ValueKind.Na => "n/a",
        _ => "series",
    };
}
