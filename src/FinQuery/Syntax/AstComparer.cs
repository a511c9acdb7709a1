namespace FinQuery.Syntax;

/// <summary>Compares syntax trees by structure, ignoring spans: a printed and re-parsed tree equals the original.</summary>
internal sealed class AstComparer : IEqualityComparer<Expr>, IEqualityComparer<QuerySyntax>
{
    public static readonly AstComparer Instance = new();

    public bool Equals(QuerySyntax? x, QuerySyntax? y)
    {
        if (ReferenceEquals(x, y)) return true;
        if (x is null || y is null || x.Lets.Count != y.Lets.Count) return false;
        for (int i = 0; i < x.Lets.Count; i++)
        {
            if (x.Lets[i].Name != y.Lets[i].Name || !Equals(x.Lets[i].Value, y.Lets[i].Value)) return false;
        }
        return Equals(x.Body, y.Body);
    }

    public bool Equals(Expr? x, Expr? y)
    {
        if (ReferenceEquals(x, y)) return true;
        if (x is null || y is null) return false;
        return (x, y) switch
        {
            (NumberLiteral a, NumberLiteral b) => a.Mantissa.Equals(b.Mantissa) && a.Suffix == b.Suffix && a.Digits == b.Digits,
            (BoolLiteral a, BoolLiteral b) => a.Value == b.Value,
            (PeriodLiteral a, PeriodLiteral b) => a.Period == b.Period,
            (RangeLiteral a, RangeLiteral b) => Nullable.Equals(a.Start, b.Start) && Nullable.Equals(a.End, b.End),
            (NameRef a, NameRef b) => a.Entity == b.Entity && a.Name == b.Name,
            (UnaryExpr a, UnaryExpr b) => a.Op == b.Op && Equals(a.Operand, b.Operand),
            (BinaryExpr a, BinaryExpr b) => a.Op == b.Op && Equals(a.Left, b.Left) && Equals(a.Right, b.Right),
            (IndexExpr a, IndexExpr b) => Equals(a.Target, b.Target) && Equals(a.Index, b.Index),
            (CallExpr a, CallExpr b) => a.Name == b.Name && ArgsEqual(a.Args, b.Args),
            _ => false,
        };
    }

    private bool ArgsEqual(IReadOnlyList<Expr> x, IReadOnlyList<Expr> y)
    {
        if (x.Count != y.Count) return false;
        for (int i = 0; i < x.Count; i++)
        {
            if (!Equals(x[i], y[i])) return false;
        }
        return true;
    }

    public int GetHashCode(QuerySyntax obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var hash = new HashCode();
        foreach (var let in obj.Lets)
        {
            hash.Add(let.Name, StringComparer.Ordinal);
            hash.Add(GetHashCode(let.Value));
        }
        hash.Add(GetHashCode(obj.Body));
        return hash.ToHashCode();
    }

    public int GetHashCode(Expr obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj switch
        {
            NumberLiteral n => HashCode.Combine(1, n.Mantissa, n.Suffix),
            BoolLiteral b => HashCode.Combine(2, b.Value),
            PeriodLiteral p => HashCode.Combine(3, p.Period),
            RangeLiteral r => HashCode.Combine(4, r.Start, r.End),
            NameRef n => HashCode.Combine(5, n.Entity, n.Name),
            UnaryExpr u => HashCode.Combine(6, u.Op, GetHashCode(u.Operand)),
            BinaryExpr b => HashCode.Combine(7, b.Op, GetHashCode(b.Left), GetHashCode(b.Right)),
            IndexExpr ix => HashCode.Combine(8, GetHashCode(ix.Target), GetHashCode(ix.Index)),
            CallExpr c => CallHash(c),
            _ => obj.GetType().GetHashCode(),
        };
    }

    private int CallHash(CallExpr c)
    {
        var hash = new HashCode();
        hash.Add(9);
        hash.Add(c.Name, StringComparer.Ordinal);
        foreach (var arg in c.Args) hash.Add(GetHashCode(arg));
        return hash.ToHashCode();
    }
}
