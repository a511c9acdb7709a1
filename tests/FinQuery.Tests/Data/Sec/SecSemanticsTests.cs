using FinQuery.Data.Sec;

namespace FinQuery.Tests.Data.Sec;

/// <summary>Periods, duplicates, units, taxonomies and standard names, on synthetic companies.</summary>
public class SecSemanticsTests
{
    private static double V(Dataset d, string q) => SecTestData.Value(d, q);

    private static QueryResult Eval(Dataset d, string q) => Query.Parse(q).Bind(d).Explain();

    /// <summary>Quarters of one concept for fiscal years <paramref name="from"/>..<paramref name="to"/> (December years), each quarter's value given.</summary>
    private static CompanyJson Quarters(CompanyJson c, string concept, int from, int to, Func<int, int, double> value)
    {
        for (int y = from; y <= to; y++)
        {
            for (int q = 1; q <= 3; q++)
            {
                var start = new DateOnly(y, q * 3 - 2, 1);
                c.Add(concept, "USD", start, start.AddMonths(3).AddDays(-1), value(y, q), "10-Q");
            }
            c.Add(concept, "USD", new DateOnly(y, 1, 1), new DateOnly(y, 12, 31), Enumerable.Range(1, 4).Sum(q => value(y, q)), "10-K");
        }
        return c;
    }

    [Fact]
    public void A_revenue_tag_change_never_mixes_a_stale_concept_into_a_ttm()
    {
        // The edgartools 893 trap: the first concept in the chain (Revenues) stops in 2018; the company reports
        // RevenueFromContractWithCustomerExcludingAssessedTax from 2018 on. A fixed tag order would sum 2018's
        // quarters of Revenues into a "2023 TTM"; per period, the concept that has the period supplies it.
        var c = new CompanyJson(7, "Tag Changer");
        Quarters(c, "Revenues", 2015, 2018, (y, q) => 100 + q);
        Quarters(c, "RevenueFromContractWithCustomerExcludingAssessedTax", 2018, 2023, (y, q) => 1000 * (y - 2010) + q);
        var d = c.Load();
        double expected = Enumerable.Range(1, 4).Sum(q => 13000.0 + q);
        Assert.Equal(expected, V(d, "ttm(revenue, 2023Q4)"));
        Assert.Equal(expected, V(d, "revenue[2023]"));
        Assert.Equal(13004, V(d, "revenue[2023Q4]")); // Q4 derived within the new concept
        Assert.Equal(103, V(d, "revenue[2016Q3]"));   // old periods keep the old concept
        Assert.Equal(103, V(d, "revenue[2018Q3]"));   // where both have a value the first concept of the chain wins
        var how = Eval(d, "revenue[2023Q4]").Provenance!.ToString();
        Assert.Contains("in RevenueFromContractWithCustomerExcludingAssessedTax", how);
        Assert.DoesNotContain("Revenues,", how);
        Assert.Equal(13001.0 / 12001 - 1, V(d, "yoy(revenue, 2023Q1)"), 12);
    }

    [Fact]
    public void A_formula_applies_only_where_no_concept_has_a_value()
    {
        var c = new CompanyJson(8)
            .Duration("Revenues", "2022-01-01", "2022-03-31", 100)
            .Duration("Revenues", "2022-04-01", "2022-06-30", 110)
            .Duration("CostOfRevenue", "2022-01-01", "2022-03-31", 60)
            .Duration("CostOfRevenue", "2022-04-01", "2022-06-30", 70)
            .Duration("GrossProfit", "2022-01-01", "2022-03-31", 45); // reported: wins over the formula (even if it disagrees)
        var d = c.Load();
        Assert.Equal(45, V(d, "gross_profit[2022Q1]"));
        Assert.Equal(40, V(d, "gross_profit[2022Q2]"));
        Assert.Contains("derived: gross_profit 2022Q2 = revenue − cost_of_revenue", Eval(d, "gross_profit[2022Q2]").Provenance!.ToString());
    }

    [Fact]
    public void The_latest_filing_wins_by_filed_day_then_accession_and_every_filing_is_kept()
    {
        var c = new CompanyJson(9)
            .Add("Revenues", "USD", new(2022, 1, 1), new(2022, 3, 31), 100, "10-Q", new(2022, 5, 1), "0000000001-22-000001")
            .Add("Revenues", "USD", new(2022, 1, 1), new(2022, 3, 31), 120, "10-Q/A", new(2022, 8, 1), "0000000001-22-000005")
            .Add("Revenues", "USD", new(2022, 1, 1), new(2022, 3, 31), 110, "10-Q", new(2022, 8, 1), "0000000001-22-000003")
            .Add("Revenues", "USD", new(2022, 1, 1), new(2022, 3, 31), 90, "10-Q", new(2023, 5, 1), "0000000001-23-000001")
            .Add("Revenues", "USD", new(2021, 1, 1), new(2021, 3, 31), 80, "10-Q", new(2023, 5, 1), "0000000001-23-000001");
        var d = c.Load();
        Assert.Equal(90, V(d, "Revenues[2022Q1]"));
        foreach (var metric in new[] { "Revenues", "revenue" })
        {
            var published = d.Entities[0].Find(metric)!.PublishedAt(Period.Parse("2022Q1")).ToArray();
            Assert.Equal([100.0, 110, 120, 90], published.Select(o => o.Value));
            Assert.Equal([new DateOnly(2022, 5, 1), new(2022, 8, 1), new(2022, 8, 1), new(2023, 5, 1)], published.Select(o => o.FiledDay!.Value));
            Assert.Equal(["10-Q", "10-Q", "10-Q/A", "10-Q"], published.Select(o => o.Origin!.Form));
        }
        // As filed by 2022-09-01, the amendment's value; as of 2022-06-01 the first filing's.
        Assert.Equal(120, V(d.AsOf(new DateOnly(2022, 9, 1)), "revenue[2022Q1]"));
        Assert.Equal(100, V(d.AsOf(new DateOnly(2022, 6, 1)), "revenue[2022Q1]"));
        Assert.True(Eval(d.AsOf(new DateOnly(2022, 4, 1)), "revenue[2022Q1]").IsNa);
        var d2 = new CompanyJson(9)
            .Add("Revenues", "USD", new(2022, 1, 1), new(2022, 3, 31), 120, "10-Q/A", new(2022, 8, 1), "0000000001-22-000005")
            .Add("Revenues", "USD", new(2022, 1, 1), new(2022, 3, 31), 110, "10-Q", new(2022, 8, 1), "0000000001-22-000003").Load();
        Assert.Equal(120, V(d2, "revenue[2022Q1]")); // same day: the higher accession number
    }

    [Fact]
    public void Fiscal_periods_come_from_dates_not_fy_or_fp_and_odd_durations_are_skipped()
    {
        var d = new CompanyJson(10)
            .Duration("Revenues", "2021-07-01", "2021-09-30", 5, "10-Q", "2022-10-30") // a prior-year quarter repeated in a 2022 filing
            .Duration("Revenues", "2022-07-01", "2022-09-30", 7)
            .Duration("Revenues", "2022-01-01", "2022-02-28", 99)                      // two months: skipped
            .Duration("Revenues", "2021-01-01", "2021-12-31", 30, "10-K")
            .Duration("Revenues", "2022-02-01", "2022-04-30", 99)                      // a quarter that is not a fiscal quarter: skipped
            .Load();
        Assert.Equal(5, V(d, "revenue[2021Q3]"));
        Assert.Equal(7, V(d, "revenue[2022Q3]"));
        Assert.True(Eval(d, "revenue[2022Q1]").IsNa);
        Assert.Equal(12, d.Entities[0].Calendar.YearEndMonth);
    }

    [Fact]
    public void A_52_53_week_year_ending_on_a_saturday_near_september_end()
    {
        // An Apple-like calendar: FY2023 = 2022-09-25 .. 2023-09-30 (53 weeks), FY2022 ended 2022-09-24.
        var d = new CompanyJson(11)
            .Duration("Revenues", "2022-09-25", "2023-09-30", 383, "10-K")
            .Duration("Revenues", "2021-09-26", "2022-09-24", 394, "10-K")
            .Duration("Revenues", "2022-09-25", "2022-12-31", 117)     // 14 weeks
            .Duration("Revenues", "2022-09-25", "2023-04-01", 212)     // H1: 27 weeks
            .Duration("Revenues", "2023-04-02", "2023-07-01", 82)
            .Duration("Revenues", "2022-09-25", "2023-07-01", 294)     // nine months
            .Duration("EarningsPerShareDiluted", "2022-09-25", "2022-12-31", 1.88, unit: "USD/shares")
            .Duration("EarningsPerShareDiluted", "2022-09-25", "2023-09-30", 6.13, "10-K", unit: "USD/shares")
            .Load();
        var e = d.Entities[0];
        Assert.Equal(9, e.Calendar.YearEndMonth);
        Assert.Equal(383, V(d, "revenue[FY2023]"));
        Assert.Equal(95, V(d, "revenue[FY2023Q2]"));  // H1 − Q1 (within the series)
        Assert.Equal(82, V(d, "revenue[FY2023Q3]"));
        Assert.Equal(89, V(d, "revenue[FY2023Q4]"));  // FY − nine months
        Assert.Contains("FY2023Q4 = FY2023 − nine months to 2023-07-01", Eval(d, "revenue[FY2023Q4]").Provenance!.ToString());
        var eps = Eval(d, "eps_diluted[FY2023Q4]");
        Assert.True(eps.IsNa); // per-share figures are never derived
        Assert.Equal(1.88, V(d, "eps_diluted[FY2023Q1]"));
    }

    [Fact]
    public void Units_USD_first_else_the_most_facts_pure_plain_and_per_share()
    {
        var d = new CompanyJson(12)
            .Duration("Revenues", "2022-01-01", "2022-03-31", 5, unit: "EUR")
            .Duration("Revenues", "2022-04-01", "2022-06-30", 6, unit: "EUR")
            .Duration("Revenues", "2022-01-01", "2022-03-31", 7, unit: "USD")
            .Duration("Ratio", "2022-01-01", "2022-03-31", 0.5, unit: "pure")
            .Duration("Widgets", "2022-01-01", "2022-03-31", 3, unit: "shares")
            .Duration("Widgets", "2022-04-01", "2022-06-30", 3, unit: "shares")
            .Duration("Widgets", "2022-01-01", "2022-03-31", 3, unit: "EUR")
            .Load();
        var e = d.Entities[0];
        Assert.Equal("USD", e.Find("Revenues")!.Unit);
        Assert.Equal(7, V(d, "Revenues[2022Q1]"));
        Assert.Equal(("", Aggregation.None), (e.Find("Ratio")!.Unit, e.Find("Ratio")!.Aggregation));
        Assert.Equal("shares", e.Find("Widgets")!.Unit);
    }

    [Fact]
    public void On_a_name_clash_us_gaap_wins_then_ifrs_then_dei()
    {
        var d = new CompanyJson(13)
            .Add("Revenues", "USD", new(2022, 1, 1), new(2022, 3, 31), 1, taxonomy: "dei")
            .Add("Revenues", "USD", new(2022, 1, 1), new(2022, 3, 31), 2, taxonomy: "ifrs-full")
            .Add("Revenues", "USD", new(2022, 1, 1), new(2022, 3, 31), 3, taxonomy: "us-gaap")
            .Add("Other", "USD", new(2022, 1, 1), new(2022, 3, 31), 4, taxonomy: "dei")
            .Add("other", "USD", new(2022, 1, 1), new(2022, 3, 31), 5, taxonomy: "ifrs-full")
            .Load();
        Assert.Equal(3, V(d, "Revenues[2022Q1]"));
        Assert.Equal(5, V(d, "OTHER[2022Q1]"));
    }

    [Fact]
    public void The_fiscal_year_end_is_the_month_of_most_10_K_year_facts()
    {
        var d = new CompanyJson(14)
            .Duration("Revenues", "2021-02-01", "2022-01-31", 10, "10-K")
            .Duration("Revenues", "2020-02-02", "2021-01-30", 9, "10-K")
            .Duration("Other", "2021-01-01", "2021-12-31", 9, "8-K") // not an annual report
            .Duration("Other", "2020-01-01", "2020-12-31", 9, "8-K")
            .Duration("Other", "2019-01-01", "2019-12-31", 9, "8-K")
            .Load();
        Assert.Equal(1, d.Entities[0].Calendar.YearEndMonth);
        Assert.Equal(10, V(d, "revenue[FY2022]"));
        Assert.Equal(9, V(d, "revenue[FY2021]"));
    }

    [Fact]
    public void Standard_names_are_data_that_a_file_beside_the_facts_extends()
    {
        Assert.Equal(18, StandardNames.Default.Count);
        Assert.Equal("Revenues, RevenueFromContractWithCustomerExcludingAssessedTax, SalesRevenueNet, RevenueFromContractWithCustomerIncludingAssessedTax",
            StandardNames.Default[0].Describe());
        Assert.Equal("GrossProfit; else revenue − cost_of_revenue", StandardNames.Default.Single(n => n.Name == "gross_profit").Describe());
        using var folder = new SecTestData.TempFolder();
        folder.File("standard-names.txt", "# mine\nrevenue = Sales\nnet_margin_base = | revenue - cogs\ncogs = CostOfRevenue\n");
        var ex = Assert.Throws<DataFileException>(() => Dataset.Load(folder.File("CIK0000000001.json", new CompanyJson(1).Duration("Sales", "2022-01-01", "2022-03-31", 9).ToString())));
        Assert.Equal("line 3", ex.Location); // a formula may only use names defined above it
        folder.File("standard-names.txt", "revenue = Sales\ncogs = CostOfRevenue\nbase = | revenue - cogs\n");
        var d = Dataset.Load(Path.Combine(folder.Path, "CIK0000000001.json"));
        Assert.Equal(9, V(d, "revenue[2022Q1]"));
        Assert.Throws<DataFileException>(() => StandardNames.Parse("x = A | b -", "f"));
        Assert.Equal("f: line 1: \"1x\" is not a valid name: use letters, digits and underscores, starting with a letter or underscore",
            Assert.Throws<DataFileException>(() => StandardNames.Parse("1x = A", "f")).Message);
    }
}
