namespace FinQuery.Tests.Data;

/// <summary>
/// Reads test cases from a text file beside the tests: each case is a line <c>=== name</c>, the input
/// text, a line <c>---</c>, then the expected output. Lines starting with <c>#</c> before the first
/// case are comments.
/// </summary>
internal static class CaseFile
{
    public static TheoryData<string, string, string> Read(string fileName)
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (name, input, expected) in Cases(fileName)) data.Add(name, input, expected);
        return data;
    }

    public static IEnumerable<(string Name, string Input, string Expected)> Cases(string fileName)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", "Cases", fileName));
        string? name = null;
        var input = new List<string>();
        var expected = new List<string>();
        bool inExpected = false;
        foreach (var line in lines)
        {
            if (line.StartsWith("=== ", StringComparison.Ordinal))
            {
                if (name is not null) yield return Case(name, input, expected);
                name = line[4..].Trim();
                input.Clear();
                expected.Clear();
                inExpected = false;
            }
            else if (name is null)
            {
                continue;
            }
            else if (!inExpected && line == "---")
            {
                inExpected = true;
            }
            else
            {
                (inExpected ? expected : input).Add(line);
            }
        }
        if (name is not null) yield return Case(name, input, expected);
    }

    private static (string, string, string) Case(string name, List<string> input, List<string> expected) =>
        (name, string.Join("\n", input), string.Join("\n", expected).TrimEnd());
}
