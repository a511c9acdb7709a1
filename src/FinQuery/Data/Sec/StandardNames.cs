using System.Globalization;
using System.Reflection;

namespace FinQuery.Data.Sec;

/// <summary>
/// One standard name: its concepts in order and an optional formula (a sum of signed names) for the periods
/// none of the concepts covers.
/// </summary>
internal sealed record StandardName(string Name, string[] Concepts, (int Sign, string Name)[] Formula, string File, string Line)
{
    /// <summary><c>Revenues, RevenueFromContract…; else revenue − cost_of_revenue</c>.</summary>
    public string Describe()
    {
        string concepts = string.Join(", ", Concepts);
        if (Formula.Length == 0) return concepts;
        string formula = FormulaText();
        return concepts.Length == 0 ? formula : $"{concepts}; else {formula}";
    }

    public string FormulaText()
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < Formula.Length; i++)
        {
            if (i > 0) sb.Append(Formula[i].Sign < 0 ? " − " : " + ");
            else if (Formula[i].Sign < 0) sb.Append('−');
            sb.Append(Formula[i].Name);
        }
        return sb.ToString();
    }
}

/// <summary>
/// The table of standard names, kept as data: <c>standard-names.txt</c> (embedded) in a line format a user
/// can read, and extend with a file of the same name beside the company facts.
/// </summary>
internal static class StandardNames
{
    public const string FileName = "standard-names.txt";

    private static readonly Lazy<IReadOnlyList<StandardName>> BuiltIn = new(() =>
    {
        using var stream = typeof(StandardNames).Assembly.GetManifestResourceStream("FinQuery.Data.Sec.standard-names.txt")
            ?? throw new InvalidOperationException("The standard names table is missing from this build of FinQuery.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "standard-names.txt (built in)");
    });

    /// <summary>The built-in table.</summary>
    public static IReadOnlyList<StandardName> Default => BuiltIn.Value;

    /// <summary>Reads the line format; errors name the file and line.</summary>
    /// <exception cref="DataFileException">A line does not fit the format.</exception>
    public static List<StandardName> Parse(string text, string file)
    {
        var names = new List<StandardName>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            string where = string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}");
            int eq = line.IndexOf('=');
            if (eq < 0) throw new DataFileException(file, where, "expected 'name = Concept, Concept | formula'");
            string name = line[..eq].Trim();
            if (!DatasetBuilder.IsIdentifier(name)) throw new DataFileException(file, where, $"{DatasetDraft.Quote(name)} is not a valid name: {DatasetDraft.IdentifierRule}");
            if (!seen.Add(name)) throw new DataFileException(file, where, $"{name} is defined twice");
            string rest = line[(eq + 1)..];
            int bar = rest.IndexOf('|');
            string conceptText = bar < 0 ? rest : rest[..bar];
            var concepts = conceptText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            foreach (var c in concepts)
                if (!DatasetBuilder.IsIdentifier(c)) throw new DataFileException(file, where, $"{DatasetDraft.Quote(c)} is not a concept name");
            var formula = bar < 0 ? [] : ParseFormula(rest[(bar + 1)..], file, where);
            if (concepts.Length == 0 && formula.Length == 0) throw new DataFileException(file, where, $"{name} has neither concepts nor a formula");
            foreach (var (_, operand) in formula)
                if (operand.Equals(name, StringComparison.OrdinalIgnoreCase)) throw new DataFileException(file, where, $"the formula of {name} refers to itself");
            names.Add(new StandardName(name, concepts, formula, file, where));
        }
        return names;
    }

    private static (int Sign, string Name)[] ParseFormula(string text, string file, string where)
    {
        var terms = new List<(int, string)>();
        int sign = 1;
        bool expectName = true;
        foreach (var token in text.Replace('−', '-').Replace("-", " - ").Replace("+", " + ").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (token is "+" or "-")
            {
                if (expectName && terms.Count > 0) throw new DataFileException(file, where, "two operators in a row in the formula");
                sign = token == "-" ? -sign : sign;
                expectName = true;
                continue;
            }
            if (!expectName) throw new DataFileException(file, where, $"expected + or - before {DatasetDraft.Quote(token)} in the formula");
            if (!DatasetBuilder.IsIdentifier(token)) throw new DataFileException(file, where, $"{DatasetDraft.Quote(token)} is not a name");
            terms.Add((sign, token));
            sign = 1;
            expectName = false;
        }
        if (terms.Count == 0 || expectName) throw new DataFileException(file, where, "the formula is incomplete: expected names joined by + or -");
        return terms.ToArray();
    }

    /// <summary>The built-in table with a user's lines applied: a name given again replaces its line, a new name is added at the end.</summary>
    /// <exception cref="DataFileException">A formula uses a standard name that is not defined above it.</exception>
    public static IReadOnlyList<StandardName> Extend(IReadOnlyList<StandardName> table, IReadOnlyList<StandardName> extra)
    {
        if (extra.Count == 0) return table;
        var result = new List<StandardName>(table);
        foreach (var e in extra)
        {
            int i = result.FindIndex(n => n.Name.Equals(e.Name, StringComparison.OrdinalIgnoreCase));
            if (i >= 0) result[i] = e;
            else result.Add(e);
        }
        Validate(result);
        return result;
    }

    /// <summary>A formula is evaluated after the names above it, so it may use those (or concept names), never a name defined below.</summary>
    private static void Validate(List<StandardName> table)
    {
        for (int i = 0; i < table.Count; i++)
        {
            foreach (var (_, operand) in table[i].Formula)
            {
                int at = table.FindIndex(n => n.Name.Equals(operand, StringComparison.OrdinalIgnoreCase));
                if (at >= i)
                    throw new DataFileException(table[i].File, table[i].Line,
                        $"the formula of {table[i].Name} uses {operand}, which is defined below it: a formula may only use names defined above it");
            }
        }
    }
}
