namespace FinQuery.Tests.Evaluation;

/// <summary>Reads <c>query => expected</c> case files (blank lines and <c>#</c> comments skipped).</summary>
public static class CaseFile
{
    public static IEnumerable<object[]> Read(string name) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Evaluation", "Cases", name))
            .Select((line, i) => (line, number: i + 1))
            .Where(x => x.line.Length > 0 && !x.line.StartsWith('#'))
            .Select(x =>
            {
                int arrow = x.line.LastIndexOf(" => ", StringComparison.Ordinal);
                if (arrow < 0) throw new FormatException($"{name}:{x.number}: no ' => ' in '{x.line}'");
                return new object[] { x.line[..arrow], x.line[(arrow + 4)..] };
            });

    public static Dataset TestData { get; } = Dataset.LoadJson(Path.Combine(AppContext.BaseDirectory, "Evaluation", "Cases", "testdata.json"));
}
