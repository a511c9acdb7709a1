using System.Globalization;
using System.Text;

namespace FinQuery.Sql;

/// <summary>
/// A compiled value: SQL for its number (NULL when NA) and for its NA (NULL when there is a number; else the kind,
/// <c>M</c> missing or <c>N</c> not meaningful, followed by the reason), and the layer whose columns it reads.
/// </summary>
internal readonly record struct Sx(string V, string Na, int Level)
{
    public static Sx Constant(string v) => new(v, "NULL", 0);
    public static Sx NotAvailable(string na) => new("CAST(NULL AS DOUBLE)", na, 0);
}

/// <summary>
/// The layers of computed columns: each compiled node becomes a pair of columns (<c>c7v</c>, <c>c7na</c>) in the
/// layer after the deepest one it reads, so every expression refers to its operands by name and the SQL grows with
/// the size of the query, never with the product of its nesting. Layer <c>l0</c> is the gathered points.
/// </summary>
internal sealed class Layers
{
    private readonly List<List<string>> _levels = [[]];
    private int _count;

    public int Top => _levels.Count - 1;

    /// <summary>Defines a value computed from <paramref name="inputs"/>.</summary>
    public Sx Define(string v, string na, params Sx[] inputs)
    {
        int level = inputs.Length == 0 ? 1 : inputs.Max(i => i.Level) + 1;
        return DefineAt(level, v, na);
    }

    /// <summary>Defines a value at a given layer (window functions over a column of the layer before).</summary>
    public Sx DefineAt(int level, string v, string na)
    {
        while (_levels.Count <= level) _levels.Add([]);
        string name = "c" + (++_count).ToString(CultureInfo.InvariantCulture);
        _levels[level].Add($"{v} AS {name}v");
        _levels[level].Add($"{na} AS {name}na");
        return new Sx(name + "v", name + "na", level);
    }

    /// <summary>One column at a layer (for intermediate values such as a running total).</summary>
    public string Column(int level, string expression)
    {
        while (_levels.Count <= level) _levels.Add([]);
        string name = "c" + (++_count).ToString(CultureInfo.InvariantCulture);
        _levels[level].Add($"{expression} AS {name}");
        return name;
    }

    /// <summary>Writes <c>l1</c> … <c>lN</c>, each the one before with its new columns.</summary>
    public void Write(StringBuilder sql)
    {
        for (int i = 1; i < _levels.Count; i++)
        {
            sql.Append(",\nl").Append(i).Append(" AS (\n  SELECT l").Append(i - 1).Append(".*");
            foreach (var column in _levels[i]) sql.Append(",\n    ").Append(column);
            sql.Append("\n  FROM l").Append(i - 1).Append("\n)");
        }
    }
}
