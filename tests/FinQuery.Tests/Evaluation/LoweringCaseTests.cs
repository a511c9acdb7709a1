namespace FinQuery.Tests.Evaluation;

/// <summary>
/// The lowering pass as text: each case in <c>Cases/lowering.cases</c> is a query, the plain bound tree the binder
/// emits, and the tree lowering makes of it (fast nodes print their plain fallback beneath them), bound against the
/// Meta sample. Blocks: <c>query: …</c>, then the printed trees, then a line <c>===</c>.
/// </summary>
public class LoweringCaseTests
{
    private static readonly Dataset Meta = Dataset.Load(Path.Combine(AppContext.BaseDirectory, "samples", "meta-q2-2023", "meta.json"));

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Evaluation", "Cases", "lowering.cases"));
        string? query = null;
        var expected = new List<string>();
        foreach (var line in lines)
        {
            if (line.StartsWith('#') && query is null) continue;
            if (line.StartsWith("query: ", StringComparison.Ordinal)) query = line["query: ".Length..];
            else if (line == "===")
            {
                data.Add(query!, string.Join("\n", expected));
                query = null;
                expected.Clear();
            }
            else if (query is not null) expected.Add(line);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Lowering_gives_the_expected_trees(string query, string expected) =>
        Assert.Equal(expected, Query.Parse(query).Bind(Meta).PrintTrees());
}
