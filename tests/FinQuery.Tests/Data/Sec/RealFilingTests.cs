namespace FinQuery.Tests.Data.Sec;

/// <summary>The SEC's own files for Tesla and Snowflake reproduce the figures of the companies' press releases.</summary>
public class RealFilingTests
{
    private static Dataset Data => SecTestData.Data;

    private static double V(string query) => SecTestData.Value(Data, query);

    private static string Explain(string query) => Query.Parse(query).Bind(Data).Explain().Provenance!.ToString();

    [Fact]
    public void Tesla_2022Q3_revenue_is_21_454B_up_56_percent()
    {
        Assert.Equal(21_454_000_000, V("TSLA.revenue[2022Q3]"));
        Assert.Equal(13_757_000_000, V("TSLA.revenue[2021Q3]"));
        Assert.Equal("+55.9%", Query.Parse("yoy(TSLA.revenue, 2022Q3)").Bind(Data).Evaluate().Display);
        Assert.True(Query.Parse("yoy(TSLA.revenue, 2022Q3) ~= 56%").Bind(Data).Evaluate().Bool);
        Assert.True(Query.Parse("round(yoy(TSLA.revenue, 2022Q3), 0) = 56%").Bind(Data).Evaluate().Bool); // round of a percent rounds its percent figure
    }

    [Fact]
    public void Tesla_2021Q4_is_derived_from_the_year_and_nine_months()
    {
        // Tesla's Q4 2021 update: revenue $17,719M, operating cash flow $4,585M, free cash flow $2,775M. No 10-Q reports Q4.
        Assert.Equal(17_719_000_000, V("TSLA.revenue[2021Q4]"));
        Assert.Equal(4_585_000_000, V("TSLA.operating_cash_flow[2021Q4]"));
        Assert.Equal(2_775_000_000, V("TSLA.free_cash_flow[2021Q4]"));
        var how = Explain("TSLA.revenue[2021Q4]");
        Assert.Contains("TSLA.revenue 2021Q4 = 17.719B USD (derived: 2021Q4 = 2021 − nine months to 2021-09-30 in Revenues, 10-Q 0000950170-21-002253, known 2022-02-07, Revenues 2021-01-01 to 2021-09-30)", how);
        Assert.Contains("TSLA.Revenues 2021 = 53.823B USD (reported, 10-K 0000950170-22-000796, filed 2022-02-07, Revenues 2021-01-01 to 2021-12-31)", how);
    }

    [Fact]
    public void Tesla_2022Q3_cash_flow_is_nine_months_less_the_first_half()
    {
        // Q3 2022 update: operating cash flow $5,100M, capital expenditures $1,803M, free cash flow $3,297M.
        Assert.Equal(5_100_000_000, V("TSLA.operating_cash_flow[2022Q3]"));
        Assert.Equal(1_803_000_000, V("TSLA.capex[2022Q3]"));
        Assert.Equal(3_297_000_000, V("TSLA.free_cash_flow[2022Q3]"));
        var how = Explain("TSLA.free_cash_flow[2022Q3]");
        Assert.Contains("TSLA.free_cash_flow 2022Q3 = 3.297B USD (derived: free_cash_flow 2022Q3 = operating_cash_flow − capex, known 2022-10-24)", how);
        Assert.Contains("TSLA.operating_cash_flow 2022Q3 = 5.1B USD (derived: 2022Q3 = nine months to 2022-09-30 − 2022H1 in NetCashProvidedByUsedInOperatingActivities, 10-Q 0000950170-22-019867, known 2022-10-24, NetCashProvidedByUsedInOperatingActivities 2022-01-01 to 2022-09-30)", how);
        Assert.Contains("TSLA.NetCashProvidedByUsedInOperatingActivities 2022H1 = 6.346B USD (reported, 10-Q 0000950170-22-012936, filed 2022-07-25, NetCashProvidedByUsedInOperatingActivities 2022-01-01 to 2022-06-30)", how);
    }

    [Fact]
    public void Provenance_of_a_reported_value_names_concept_form_accession_filed_day_and_dates()
    {
        Assert.Equal("TSLA.revenue 2022Q3 = 21.454B USD (reported, 10-Q 0000950170-22-019867, filed 2022-10-24, Revenues 2022-07-01 to 2022-09-30)",
            Explain("TSLA.revenue[2022Q3]"));
    }

    [Fact]
    public void Snowflake_fiscal_2024_revenue_is_2_806B_in_a_January_year()
    {
        var snow = Data.FindEntity("SNOW")!;
        Assert.Equal(1, snow.Calendar.YearEndMonth);
        Assert.Equal(12, Data.FindEntity("TSLA")!.Calendar.YearEndMonth);
        Assert.Equal(2_806_489_000, V("SNOW.revenue[FY2024]"));
        Assert.Equal(new DateOnly(2024, 1, 31), snow.Calendar.EndDate(Period.OfYear(2024)));
    }

    [Fact]
    public void Snowflake_Q4_fiscal_2024_is_derived_from_the_10_K_and_the_third_quarter_10_Q()
    {
        // Q4 FY2024 press release: total revenue $774.7M, operating cash flow $344.6M; Q3 FY2023 revenue $557.0M.
        Assert.Equal(774_699_000, V("SNOW.revenue[FY2024Q4]"));
        Assert.Equal(344_580_000, V("SNOW.operating_cash_flow[FY2024Q4]"), 0);
        Assert.Equal(557_028_000, V("SNOW.revenue[FY2023Q3]"));
        Assert.Equal(-2.55, V("SNOW.eps_diluted[FY2024]"));
    }

    [Fact]
    public void Per_share_figures_are_never_derived()
    {
        var r = Query.Parse("TSLA.eps_diluted[2021Q4]").Bind(Data).Evaluate();
        Assert.True(r.IsNa);
        Assert.Equal(0.95, V("TSLA.eps_diluted[2022Q3]"));
    }

    [Fact]
    public void Balances_are_month_points_read_as_the_last_month_of_a_quarter()
    {
        Assert.Equal(V("TSLA.total_assets[2022-09]"), V("TSLA.total_assets[2022Q3]"));
        Assert.Equal(Aggregation.Last, Data.FindEntity("TSLA")!.Find("Assets")!.Aggregation);
    }

    [Fact]
    public void Both_the_ticker_and_the_CIK_name_the_company_and_concepts_ignore_case()
    {
        Assert.Same(Data.FindEntity("TSLA"), Data.FindEntity("CIK0001318605"));
        Assert.Same(Data.FindEntity("snow"), Data.FindEntity("cik0001640147"));
        Assert.Equal(21_454_000_000, V("CIK0001318605.revenues[2022Q3]"));
        Assert.Equal("Tesla, Inc.", Data.FindEntity("TSLA")!.Name);
    }

    [Fact]
    public void Units_and_aggregations_follow_the_concepts()
    {
        var tsla = Data.FindEntity("TSLA")!;
        Assert.Equal(("USD", Aggregation.Sum), (tsla.Find("revenue")!.Unit, tsla.Find("revenue")!.Aggregation));
        Assert.Equal(("USD/share", Aggregation.None), (tsla.Find("eps_diluted")!.Unit, tsla.Find("eps_diluted")!.Aggregation));
        Assert.Equal(("shares", Aggregation.None), (tsla.Find("diluted_shares")!.Unit, tsla.Find("diluted_shares")!.Aggregation));
        Assert.Equal("Revenues", tsla.Find("Revenues")!.Label);
        Assert.StartsWith("standard name: Revenues, RevenueFromContractWithCustomerExcludingAssessedTax", tsla.Find("revenue")!.Label);
    }

    [Fact]
    public void A_single_file_a_folder_and_the_zip_load_the_same_figures()
    {
        var single = Dataset.Load(SecTestData.Tesla);
        var folder = Dataset.Load(SecTestData.Folder);
        Assert.Equal(["TSLA"], single.Entities.Select(e => e.Id));
        Assert.Equal(["SNOW", "TSLA"], folder.Entities.Select(e => e.Id).Order());
        foreach (var data in new[] { single, folder })
            Assert.Equal(V("TSLA.free_cash_flow[2021Q4]"), SecTestData.Value(data, "TSLA.free_cash_flow[2021Q4]"));
        Assert.Empty(folder.Skipped);
        Assert.Equal(21_454_000_000, SecTestData.Value(single, "revenue[2022Q3]")); // the only entity is the default
    }

    [Fact]
    public void Without_a_tickers_file_the_id_is_the_CIK()
    {
        using var folder = new SecTestData.TempFolder();
        var path = Path.Combine(folder.Path, "CIK0001318605.json");
        File.Copy(SecTestData.Tesla, path);
        var data = Dataset.Load(path);
        Assert.Equal("CIK0001318605", data.Entities.Single().Id);
    }

    [Fact]
    public void Several_sources_load_into_one_dataset()
    {
        var meta = Path.Combine(AppContext.BaseDirectory, "samples", "meta-q2-2023", "meta.json");
        var data = Dataset.Load([meta, SecTestData.Tesla, SecTestData.Snowflake], DataLoadOptions.Default);
        Assert.Equal(["TSLA", "SNOW"], data.Entities.Select(e => e.Id).Where(id => id is "TSLA" or "SNOW"));
        Assert.Null(data.DefaultEntity); // three sources with a default each: bare names need --entity
        Assert.Equal(21_454_000_000, SecTestData.Value(data, "TSLA.revenue[2022Q3]"));
        var ex = Assert.Throws<DataFileException>(() => Dataset.Load([SecTestData.Tesla, SecTestData.Folder], DataLoadOptions.Default));
        Assert.Contains("entity TSLA is also in", ex.Message);
    }
}
