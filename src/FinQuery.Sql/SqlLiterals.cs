using System.Globalization;

namespace FinQuery.Sql;

/// <summary>
/// How literals get into the SQL text: as named parameters (<c>$p1</c>, for an engine that binds them, so no text a
/// user typed or loaded is spliced into SQL) or written out in standard quoting (for SQL that is printed to run
/// elsewhere). Numbers are written out in the invariant culture either way; they come from the bound query.
/// </summary>
internal sealed class SqlLiterals(bool parameters)
{
    private readonly List<KeyValuePair<string, object?>> _values = [];
    private readonly Dictionary<string, string> _known = new(StringComparer.Ordinal);

    /// <summary>The parameters, by name without the <c>$</c>, in order; empty when literals are written out.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Parameters => _values;

    /// <summary>A string: <c>$p3</c>, or <c>'it''s'</c>.</summary>
    public string String(string text)
    {
        if (!parameters) return "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
        if (_known.TryGetValue(text, out var name)) return name;
        string key = "p" + (_values.Count + 1).ToString(CultureInfo.InvariantCulture);
        _values.Add(new(key, text));
        name = "CAST($" + key + " AS VARCHAR)";
        _known[text] = name;
        return name;
    }

    /// <summary>
    /// A double: <c>CAST(1.5E+20 AS DOUBLE)</c>, <c>CAST(0.9999999999999999E0 AS DOUBLE)</c>; round-trips exactly. Always
    /// with an exponent, so that engines read the literal as a double: without one they read a DECIMAL, and
    /// 0.9999999999999999 (more digits than a double's 2^53) becomes 1 on its way to DOUBLE.
    /// </summary>
    public static string Number(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        if (!text.Contains('E', StringComparison.Ordinal)) text += "E0";
        return "CAST(" + text + " AS DOUBLE)";
    }

    /// <summary>An integer literal.</summary>
    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);
}
