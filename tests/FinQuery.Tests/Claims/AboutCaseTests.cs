using FinQuery.Tests.Evaluation;

namespace FinQuery.Tests.Claims;

/// <summary>The <c>~=</c> cases of claims.cases against testdata.json, read and checked as the function cases are.</summary>
public class AboutCaseTests
{
    public static IEnumerable<object[]> Cases => CaseFile.Read("claims.cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Query_gives_the_expected_display(string query, string expected) =>
        new FunctionCaseTests().Query_gives_the_expected_display(query, expected);
}
