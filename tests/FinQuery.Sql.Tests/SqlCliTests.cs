namespace FinQuery.Sql.Tests;

/// <summary><c>finq sql</c>, <c>--engine duckdb</c> and <c>finq export</c> on the bundled Meta sample.</summary>
public sealed class SqlCliTests
{
    private static readonly string Meta = Path.Combine(AppContext.BaseDirectory, "samples", "meta-q2-2023", "meta.json");

    private static readonly string[] Queries =
    [
        "yoy(revenue, 2023Q2)", "ttm(revenue, 2023Q2)", "sum(revenue, 2021..2023Q2)", "revenue[2022Q4]",
        "net_income[2023Q2] / revenue[2023Q2]", "qoq(revenue, 2023Q1) > 0", "avg(revenue, 2022Q1..2023Q2)",
        "revenue[2019Q3]", "growth(revenue, 2022Q2, 2023Q2)", "cagr(revenue, 2021Q2, 2023Q2)", "cagr(revenue, 2021, 2022Q2)",
        "lag(revenue, 1)[2023Q2]", "lag(revenue, 4)[2023]", "sum(lag(revenue, 2), 2022..2023Q2)", "yoy(lag(revenue, 1), 2023Q2)",
        "(revenue[2023Q2] / revenue[2022Q2]) ^ 4", "(net_income[2023Q2] / revenue[2023Q2] - 1) ^ 0.5",
        "(revenue[2023Q2] / revenue[2022Q2]) ^ 100000", "(revenue[2023Q2] / revenue[2023Q2] - 1) ^ -1",
        // Beyond the doubles: the evaluator's NA, where SQL engines give infinity.
        "revenue[2023Q2] * revenue[2023Q2] * 1e290", "sum(revenue, 2022..2023Q2) * 1e300", "change(revenue, 2023Q1, 2023Q2) * 1e300 * 1e10",
        "revenue[2023Q2] / (revenue[2023Q2] * 1e-320)",
        // A series as the answer: a row per point, as eval prints it.
        "yoy(revenue)", "revenue - net_income > 20B",
    ];

    private static (int Code, string Out, string Err) Finq(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Cli.Program.Run(args, stdout, stderr, new StringReader(""));
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Eval_with_duckdb_prints_what_eval_prints()
    {
        var memory = Finq(["eval", "--json", .. Queries]);
        var duck = Finq(["eval", "--json", "--engine", "duckdb", .. Queries]);
        Assert.Equal(0, memory.Code);
        Assert.Equal(0, duck.Code);
        Assert.Equal(memory.Out, duck.Out);
    }

    [Fact]
    public void Run_with_duckdb_prints_what_run_prints()
    {
        string file = Path.Combine(Path.GetTempPath(), $"finq-sql-{Guid.NewGuid():N}.fq");
        File.WriteAllLines(file, Queries.Select((q, i) => $"q{i}: {q}"));
        try
        {
            var memory = Finq("run", "--format", "json", file);
            var duck = Finq("run", "--format", "json", "--engine", "duckdb", file);
            Assert.Equal(0, duck.Code);
            Assert.Equal(memory.Out, duck.Out);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    [InlineData("csv")]
    [InlineData("markdown")]
    public void Check_with_duckdb_prints_what_check_prints_for_the_sample_claims(string format)
    {
        // Every claim of the sample: ~=, comparisons, first/last over a slice, months and days, days_between.
        string claims = Path.Combine(AppContext.BaseDirectory, "samples", "meta-q2-2023", "claims.fq");
        var memory = Finq("check", "--format", format, claims);
        var duck = Finq("check", "--format", format, "--engine", "duckdb", claims);
        Assert.Equal(3, memory.Code); // two claims of the sample fail, as the article's figures do
        Assert.Equal(memory.Code, duck.Code);
        Assert.Equal(memory.Err, duck.Err);
        Assert.Equal(memory.Out, duck.Out);
        Assert.DoesNotContain("not supported in SQL", duck.Out + duck.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_with_duckdb_explains_as_check_does()
    {
        string claims = Path.Combine(AppContext.BaseDirectory, "samples", "meta-q2-2023", "claims.fq");
        var memory = Finq("check", "--explain", claims);
        var duck = Finq("check", "--explain", "--engine", "duckdb", claims);
        Assert.Equal(memory.Out, duck.Out);
    }

    [Fact]
    public void A_construct_not_translated_on_a_later_line_is_placed_on_that_line()
    {
        var data = new DatasetBuilder().AddEntity("ACME")
            .AddSeries("ACME", "revenue", "USD", Aggregation.Sum, [KeyValuePair.Create(Period.Parse("2023Q2"), 1.0)]).Build();
        var bound = Query.Parse("let a = 1;\n  first_reported(revenue)[2023Q2] + a").Bind(data);
        var e = Assert.Throws<FinQueryException>(() => SqlQuery.Compile(bound));
        Assert.Contains("not supported in SQL: asof and first_reported", e.Message);
        Assert.Equal((2, 3), (e.Line, e.Column));
    }

    [Fact]
    public void A_construct_not_translated_is_a_positioned_query_error()
    {
        var r = Finq("eval", "--engine", "duckdb", "revenue[2023Q2] + first_reported(revenue)[2023Q2]");
        Assert.Equal(1, r.Code);
        Assert.Contains("not supported in SQL: asof and first_reported (vintages) (line 1, column 19)", r.Err);
        var sql = Finq("sql", "calendar(revenue)");
        Assert.Equal(1, sql.Code);
        Assert.Contains("not supported in SQL: a series as the answer over calendar periods", sql.Err);
    }

    [Fact]
    public void Literals_reach_duckdb_as_the_doubles_they_are()
    {
        // 0.9999999999999999 written without an exponent is a DECIMAL to DuckDB, and becomes 1 on its way to DOUBLE:
        // then 1 ~= 0 held. The compiler writes every number with an exponent.
        var data = Dataset.Load(Meta);
        using var engine = DuckDbEngine.Load(data);
        foreach (var q in new[] { "revenue[2023Q2] / revenue[2023Q2] ~= 0", "revenue[2023Q2] / revenue[2023Q2] < 0.9999999999999999 + 0", "-(revenue[2023Q2] / revenue[2023Q2]) ~= -0" })
        {
            var bound = Query.Parse(q).Bind(data);
            Assert.True(Same.Results(bound.Evaluate(), engine.Evaluate(bound)), q);
            Assert.Equal(false, engine.Evaluate(bound).Bool);
        }
    }

    [Fact]
    public void Unknown_engine_is_a_usage_error()
    {
        var r = Finq("eval", "--engine", "spark", "revenue[2023Q2]");
        Assert.Equal(2, r.Code);
        Assert.Contains("unknown engine 'spark'", r.Err);
    }

    [Fact]
    public void The_printed_sql_runs_in_duckdb_to_the_evaluators_results()
    {
        // finq sql prints literals, not parameters: that text too must give the in-memory results.
        var data = Dataset.Load(Meta);
        using var engine = DuckDbEngine.Load(data);
        foreach (var q in Queries.Append("peer_count(revenue[2023Q2])"))
        {
            var bound = Query.Parse(q).Bind(data);
            var printed = engine.Run(SqlQuery.Compile(bound), printed: true);
            Assert.True(Same.Results(bound.Evaluate(), printed[data.DefaultEntity!.Id]), q);
        }
        var cli = Finq("sql", "--ddl", "yoy(revenue, 2023Q2)");
        Assert.Equal(0, cli.Code);
        Assert.StartsWith("CREATE TABLE facts (", cli.Out, StringComparison.Ordinal);
        Assert.Contains("FROM facts", cli.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("$p", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Exported_parquet_reads_back_to_the_same_results()
    {
        string file = Path.Combine(Path.GetTempPath(), $"finq-facts-{Guid.NewGuid():N}.parquet");
        try
        {
            var r = Finq("export", "--format", "parquet", "-o", file);
            Assert.Equal(0, r.Code);
            var data = Dataset.Load(Meta);
            using var parquet = DuckDbEngine.OpenParquet(file);
            foreach (var q in Queries)
            {
                var bound = Query.Parse(q).Bind(data);
                Assert.True(Same.Results(bound.Evaluate(), parquet.Evaluate(bound)), q);
            }
            // The Parquet file as finq's data: read by DuckDB, evaluated in memory or in DuckDB, as the JSON it came from.
            var expected = Finq(["eval", "--json", .. Queries]);
            Assert.Equal(expected.Out, Finq(["eval", "--json", "--data", file, "--entity", "META", .. Queries]).Out);
            Assert.Equal(expected.Out, Finq(["eval", "--json", "--data", file, "--entity", "META", "--engine", "duckdb", .. Queries]).Out);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
