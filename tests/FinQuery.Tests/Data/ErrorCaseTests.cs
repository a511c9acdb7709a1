namespace FinQuery.Tests.Data;

/// <summary>Every bad data file in <c>Cases/*.cases</c> fails with exactly its pinned message.</summary>
public class ErrorCaseTests
{
    public static TheoryData<string, string, string> JsonCases => CaseFile.Read("json-errors.cases");

    public static TheoryData<string, string, string> CsvCases => CaseFile.Read("csv-errors.cases");

    [Theory]
    [MemberData(nameof(JsonCases))]
    public void Bad_JSON_gives_a_pinned_error(string name, string json, string expected)
    {
        var ex = Assert.Throws<DataFileException>(() => Dataset.ParseJson(json));
        Assert.True(expected == ex.Message, $"{name}:\nexpected {expected}\nactual   {ex.Message}");
        Assert.Equal("<json>", ex.File);
        Assert.Equal($"<json>: {ex.Location}: {ex.Reason}", ex.Message);
    }

    [Theory]
    [MemberData(nameof(CsvCases))]
    public void Bad_CSV_gives_a_pinned_error(string name, string csv, string expected)
    {
        var ex = Assert.Throws<DataFileException>(() => Dataset.ParseCsv(csv));
        Assert.True(expected == ex.Message, $"{name}:\nexpected {expected}\nactual   {ex.Message}");
        Assert.Equal("<csv>", ex.File);
        Assert.Equal($"<csv>: {ex.Location}: {ex.Reason}", ex.Message);
    }
}
