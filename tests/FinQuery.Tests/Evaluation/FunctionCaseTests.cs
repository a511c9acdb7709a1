using System.Text.RegularExpressions;

namespace FinQuery.Tests.Evaluation;

/// <summary>Every function of docs/language.md and every NA rule against testdata.json, with figures worked out by hand.</summary>
public partial class FunctionCaseTests
{
    public static IEnumerable<object[]> Cases => CaseFile.Read("functions.cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Query_gives_the_expected_display(string query, string expected)
    {
        var error = ErrorPattern().Match(expected);
        if (error.Success)
        {
            var ex = Assert.Throws<FinQueryException>(() => Query.Parse(query).Bind(CaseFile.TestData));
            Assert.Equal(error.Groups["message"].Value, ex.Message);
            Assert.Equal((int.Parse(error.Groups["line"].Value), int.Parse(error.Groups["column"].Value)), (ex.Line, ex.Column));
            return;
        }
        var result = Query.Parse(query).Bind(CaseFile.TestData).Evaluate();
        Assert.Equal(expected, result.Display);
    }

    [GeneratedRegex(@"^error @(?<line>\d+):(?<column>\d+): (?<message>.*)$")]
    private static partial Regex ErrorPattern();
}
