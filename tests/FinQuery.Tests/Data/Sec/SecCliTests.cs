namespace FinQuery.Tests.Data.Sec;

/// <summary><c>--data</c> with SEC sources (repeated, folders, zips, <c>sec:</c>), <c>--strict</c> and <c>finq metrics</c>.</summary>
public class SecCliTests
{
    private static (int Code, string Out, string Err) Finq(params string[] args) => CliTests.Finq(args);

    [Fact]
    public void Eval_reads_repeated_data_sources()
    {
        var meta = Path.Combine(AppContext.BaseDirectory, "samples", "meta-q2-2023", "meta.json");
        var (code, output, err) = Finq("eval", "--data", meta, "--data", SecTestData.Tesla, "--data", SecTestData.Snowflake,
            "TSLA.revenue[2022Q3]", "SNOW.revenue[FY2024]", "META.revenue[2023Q2]");
        Assert.True(code == 0, err);
        Assert.Contains("21.454B USD", output);
        Assert.Contains("2.806B USD", output);
        Assert.Contains("31.999B USD", output);
    }

    [Fact]
    public void Explain_prints_the_filings()
    {
        var (code, output, _) = Finq("eval", "--explain", "--data", SecTestData.Zip, "yoy(TSLA.revenue, 2022Q3)");
        Assert.Equal(0, code);
        Assert.Contains("+55.9%", output);
        Assert.Contains("TSLA.revenue 2021Q3 = 13.757B USD (reported, 10-Q 0000950170-22-019867, filed 2022-10-24, Revenues 2021-07-01 to 2021-09-30)", output);
    }

    [Fact]
    public void A_bad_company_in_a_folder_is_a_warning_or_with_strict_a_bad_data_error()
    {
        using var folder = new SecTestData.TempFolder();
        File.Copy(SecTestData.Tesla, Path.Combine(folder.Path, "CIK0001318605.json"));
        File.Copy(Path.Combine(SecTestData.Folder, "company_tickers.json"), Path.Combine(folder.Path, "company_tickers.json"));
        var bad = folder.File("CIK0000000002.json", "{\"cik\": 2, \"facts\": {\"us-gaap\": {\"Revenues\": {\"units\": {\"USD\": [{\"end\": \"2022-01-01\", \"val\": \"x\"}]}}}}}");
        var (code, output, err) = Finq("eval", "--data", folder.Path, "revenue[2022Q3]");
        Assert.Equal(0, code);
        Assert.Contains("21.454B USD", output);
        Assert.Contains($"finq: skipped {bad}: $.facts[\"us-gaap\"].Revenues.units.USD[0].val: expected a number, found a string", err);
        (code, _, err) = Finq("eval", "--strict", "--data", folder.Path, "revenue[2022Q3]");
        Assert.Equal(2, code);
        Assert.Contains($"finq: bad data file: {bad}: $.facts", err);
    }

    [Fact]
    public void Metrics_lists_standard_names_and_concepts_with_labels_units_and_periods()
    {
        var (code, output, _) = Finq("metrics", "--data", SecTestData.Zip, "--entity", "TSLA", "--search", "revenue");
        Assert.Equal(0, code);
        Assert.Contains("TSLA: Tesla, Inc., fiscal year ends in December", output);
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var revenue = lines.Single(l => l.StartsWith("  revenue ", StringComparison.Ordinal));
        Assert.Matches(@"^  revenue\s+USD\s+sum\s+2009\S*\s+2022Q3\s+standard name: Revenues, RevenueFromContract", revenue);
        Assert.Contains(lines, l => l.StartsWith("  Revenues ", StringComparison.Ordinal) && l.EndsWith("  Revenues", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("  Assets ", StringComparison.Ordinal));
        (code, output, _) = Finq("metrics", "--data", SecTestData.Zip, "--search", "EarningsPerShareDiluted");
        Assert.Contains("SNOW: SNOWFLAKE INC., fiscal year ends in January", output);
        Assert.Contains("USD/share", output);
    }

    [Fact]
    public void A_concept_name_longer_than_its_column_stands_on_its_own_line_and_the_row_stays_aligned()
    {
        var (code, output, _) = Finq("metrics", "--data", SecTestData.Zip, "--entity", "TSLA", "--search", "AccumulatedDepreciation");
        Assert.Equal(0, code);
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        int header = lines.FindIndex(l => l.StartsWith("  metric ", StringComparison.Ordinal));
        int name = lines.FindIndex(l => l == "  AccumulatedDepreciationDepletionAndAmortizationPropertyPlantAndEquipment");
        Assert.True(header >= 0 && name > header, output);
        // The rest of the row on the next line, every cell starting where its header does.
        string rest = lines[name + 1], head = lines[header];
        Assert.StartsWith(new string(' ', head.IndexOf("unit", StringComparison.Ordinal)) + "USD ", rest, StringComparison.Ordinal);
        foreach (var (column, cell) in new[] { ("aggregation", "last"), ("first", "2010-12"), ("label", "Accumulated Depreciation") })
            Assert.Equal(head.IndexOf(column, StringComparison.Ordinal), rest.IndexOf(cell, StringComparison.Ordinal));
    }

    [Fact]
    public void The_REPL_searches_metrics_as_finq_metrics_does()
    {
        var stdout = new StringWriter();
        int code = FinQuery.Cli.Program.Run(["repl", "--data", SecTestData.Tesla], stdout, new StringWriter(), new StringReader(":metrics OperatingActivities\n:metrics nosuchthing\n"));
        Assert.Equal(0, code);
        string output = stdout.ToString();
        Assert.Contains("TSLA: Tesla, Inc., fiscal year ends in December", output);
        Assert.Matches(@"\n  operating_cash_flow\s+USD\s+sum\s", output);
        Assert.Contains("no metric matches 'nosuchthing'", output);
    }

    [Fact]
    public void Sec_sources_read_the_fetch_cache()
    {
        // FINQ_CACHE_DIR is read from the environment by the command line; only this test sets it.
        using var cache = new SecTestData.TempFolder();
        foreach (var f in new[] { "CIK0001318605.json", "company_tickers.json" })
            File.Copy(Path.Combine(SecTestData.Folder, f), Path.Combine(cache.Path, f));
        var before = Environment.GetEnvironmentVariable("FINQ_CACHE_DIR");
        Environment.SetEnvironmentVariable("FINQ_CACHE_DIR", cache.Path);
        try
        {
            var (code, output, err) = Finq("eval", "--data", "sec:TSLA", "revenue[2022Q3]");
            Assert.True(code == 0, err);
            Assert.Contains("21.454B USD", output);
            (code, output, _) = Finq("eval", "--data", "sec:", "CIK0001318605.free_cash_flow[2021Q4]");
            Assert.Contains("2.775B USD", output);
            (code, _, err) = Finq("eval", "--data", "sec:SNOW", "revenue[FY2024]");
            Assert.Equal(2, code);
            Assert.Contains("run 'finq fetch SNOW' first", err);
        }
        finally
        {
            Environment.SetEnvironmentVariable("FINQ_CACHE_DIR", before);
        }
    }

    [Fact]
    public void Fetch_without_a_User_Agent_is_refused_on_the_command_line()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FINQ_SEC_USER_AGENT"))) return;
        var (code, _, err) = Finq("fetch", "TSLA");
        Assert.Equal(2, code);
        Assert.Contains("the SEC requires a User-Agent", err);
    }

    [Fact]
    public void A_January_years_periods_print_with_FY_in_text_and_JSON_and_calendar_ones_with_CY()
    {
        var (code, output, err) = Finq("eval", "--json", "--explain", "--data", SecTestData.Snowflake, "revenue[FY2024Q1..FY2024Q2]", "revenue[CY2023Q2]");
        Assert.True(code == 0, err);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        var series = doc.RootElement[0];
        Assert.Equal(["FY2024Q1", "FY2024Q2"], series.GetProperty("value").EnumerateObject().Select(p => p.Name));
        Assert.All(series.GetProperty("provenance").EnumerateArray(), e => Assert.StartsWith("FY", e.GetProperty("period").GetString()));
        var cy = doc.RootElement[1];
        Assert.Equal(674_018_000, cy.GetProperty("value").GetDouble());
        Assert.Equal(["CY2023Q2", "FY2024Q2"], cy.GetProperty("provenance").EnumerateArray().Select(e => e.GetProperty("period").GetString()));
        (code, output, err) = Finq("eval", "--data", SecTestData.Snowflake, "revenue[FY2024Q1..FY2024Q2]", "first(revenue > 700000000)");
        Assert.True(code == 0, err);
        Assert.Contains("FY2024Q1", output);
        Assert.Contains("=>  FY2024Q3", output);
        Assert.DoesNotContain(" 2024Q1", output);
    }
}
