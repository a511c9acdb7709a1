namespace FinQuery.Tests.Syntax;

/// <summary>
/// Spans carry offsets only; the line and column of an error are found from the query text at the public entry point
/// the error leaves by. Each phase's error in a query of several lines must name the line and column of its offending
/// text (and a single-line query's column is its offset + 1 on line 1, as before).
/// </summary>
public class ErrorPositionTests
{
    private static Dataset Data => FinQuery.Tests.Evaluation.CaseFile.TestData;

    // Line 3, column 3 starts the offending text in every query below.
    private const string Lead = "let a = 1;\n# a comment line\n  ";

    private static void AtLine3Column3(FinQueryException e, string query, string message)
    {
        Assert.Contains(message, e.Message);
        Assert.Equal(Lead.Length, e.Start);
        Assert.Equal((3, 3), (e.Line, e.Column));
        Assert.Equal("line 3, column 3: " + e.Message, e.Describe());
        Assert.True(e.Start + e.Length <= query.Length);
    }

    [Fact]
    public void A_parse_error()
    {
        string query = Lead + ") + 1";
        AtLine3Column3(Assert.Throws<FinQueryException>(() => Query.Parse(query)), query, "unexpected ')'");
        Assert.False(Query.TryParse(query, out _, out var error));
        AtLine3Column3(error, query, "unexpected ')'");
    }

    [Fact]
    public void A_bind_error()
    {
        string query = Lead + "revnue[2023Q2] + a";
        AtLine3Column3(Assert.Throws<FinQueryException>(() => Query.Parse(query).Bind(Data)), query, "unknown metric 'revnue'");
    }

    [Fact]
    public void An_evaluation_error_through_every_way_of_evaluating()
    {
        string query = Lead + "yoy(revenue)";
        var bound = Query.Parse(query, new QueryOptions { MaxWork = 5 }).Bind(Data);
        const string limit = "more work than the limit allows";
        AtLine3Column3(Assert.Throws<FinQueryException>(() => bound.Evaluate()), query, limit);
        AtLine3Column3(Assert.Throws<FinQueryException>(() => bound.Evaluate(null, new CancellationTokenSource().Token)), query, limit);
        AtLine3Column3(Assert.Throws<FinQueryException>(() => bound.Explain()), query, limit);
        var results = new QueryResult[Data.Entities.Count];
        AtLine3Column3(Assert.Throws<FinQueryException>(() => bound.EvaluateMany(Data.Entities, results)), query, limit);
    }

    [Fact]
    public void A_claim_error()
    {
        string query = Lead + "revenue[2023Q2]";
        AtLine3Column3(Assert.Throws<FinQueryException>(() => Query.Parse(query).Bind(Data).Check()), query, "not a claim");
    }

    [Fact]
    public void A_single_line_query_has_its_offset_as_column()
    {
        var e = Assert.Throws<FinQueryException>(() => Query.Parse("revenue[2023Q2] + revnue[2023Q2]").Bind(Data));
        Assert.Equal((1, 19, 18), (e.Line, e.Column, e.Start));
    }

    [Fact]
    public void An_exception_made_by_a_host_keeps_its_line_and_column()
    {
        var e = new FinQueryException("custom", 0, 0, 4, 2);
        Assert.Equal((0, 0, 4, 2), (e.Line, e.Column, e.Start, e.Length));
    }
}
