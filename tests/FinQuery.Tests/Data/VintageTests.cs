using ObservationOrigin = FinQuery.Series.ObservationOrigin;

namespace FinQuery.Tests.Data;

/// <summary>
/// Observations with published days (<c>filed</c>) and sources: restatements in JSON and CSV, the latest value
/// by default, <see cref="Dataset.AsOf"/> and first-reported views with every derivation redone, provenance.
/// </summary>
public class VintageTests
{
    // Revenue: Q1–Q3 in 10-Qs, the year in the 10-K (Q4 = FY − Q1 − Q2 − Q3 = 130), then Q2 restated (Q4 = 125),
    // then the year restated (Q4 = 135). EPS has an unfiled value and a restated one.
    internal const string Json = """
        {"entities": [{"id": "NV", "series": [
          {"metric": "revenue", "unit": "USD", "aggregation": "sum", "filed": "2023-05-01", "source": "10-Q", "values": {"2023Q1": 100}},
          {"metric": "revenue", "unit": "USD", "aggregation": "sum", "filed": "2023-08-01", "source": "10-Q", "values": {"2023Q2": 110}},
          {"metric": "revenue", "unit": "USD", "aggregation": "sum", "filed": "2023-11-01", "source": "10-Q", "values": {"2023Q3": 120}},
          {"metric": "revenue", "unit": "USD", "aggregation": "sum", "filed": "2024-02-01", "source": "10-K", "values": {"2023": 460}},
          {"metric": "revenue", "unit": "USD", "aggregation": "sum", "filed": "2024-05-01", "source": "10-Q/A", "values": {"2023Q2": 115}},
          {"metric": "revenue", "unit": "USD", "aggregation": "sum", "filed": "2025-02-01", "source": "10-K", "values": {"2023": 470}},
          {"metric": "eps", "unit": "USD/share", "values": {"2023Q2": 2.48}},
          {"metric": "eps", "unit": "USD/share", "filed": "2024-06-10", "source": "split", "values": {"2023Q2": 0.248}}
        ]}]}
        """;

    internal const string Csv = """
        entity,metric,period,value,unit,aggregation,filed,source
        NV,revenue,2023Q1,100,USD,sum,2023-05-01,10-Q
        NV,revenue,2023Q2,110,USD,sum,2023-08-01,10-Q
        NV,revenue,2023Q3,120,USD,sum,2023-11-01,10-Q
        NV,revenue,2023,460,USD,sum,2024-02-01,10-K
        NV,revenue,2023Q2,115,USD,sum,2024-05-01,10-Q/A
        NV,revenue,2023,470,USD,sum,2025-02-01,10-K
        NV,eps,2023Q2,2.48,USD/share,,,
        NV,eps,2023Q2,0.248,USD/share,,2024-06-10,split
        """;

    public static TheoryData<string> Formats => new() { "json", "csv" };

    private static Dataset Load(string format) => format == "json" ? Dataset.ParseJson(Json) : Dataset.ParseCsv(Csv);

    private static double? At(Dataset data, string query)
    {
        var r = Query.Evaluate(query, data, "NV");
        return r.IsNa ? null : r.Number;
    }

    private static DateOnly Day(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(Formats))]
    public void The_latest_publication_is_the_value_and_derived_quarters_follow_it(string format)
    {
        var data = Load(format);
        Assert.Equal(115, At(data, "revenue[2023Q2]"));
        Assert.Equal(470, At(data, "revenue[2023]"));
        Assert.Equal(135, At(data, "revenue[2023Q4]"));
        Assert.Equal(0.248, At(data, "eps[2023Q2]"));
        var revenue = data.Entities[0].Find("revenue")!;
        Assert.Equal("2023=470 2023Q1=100 2023Q2=115 2023Q3=120", string.Join(" ", revenue.Reported.Select(o => $"{o.Key}={o.Value}")));
        Assert.Equal(["revenue", "eps"], data.Entities[0].Series.Select(s => s.Metric));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void AsOf_drops_later_publications_and_derives_again(string format)
    {
        var data = Load(format);
        var beforeAll = data.AsOf(Day("2023-04-30"));
        Assert.Null(At(beforeAll, "revenue[2023Q1]"));
        Assert.Equal(2.48, At(beforeAll, "eps[2023Q2]"));            // known from the beginning
        Assert.Equal("n/a: no revenue for 2023Q1", Query.Evaluate("revenue[2023Q1]", beforeAll, "NV").Display);

        var q3 = data.AsOf(Day("2023-11-01"));                       // the day itself counts
        Assert.Equal(120, At(q3, "revenue[2023Q3]"));
        Assert.Null(At(q3, "revenue[2023Q4]"));
        Assert.Null(At(q3, "revenue[2023]"));
        Assert.Equal(330, At(q3, "sum(revenue, 2023Q1..2023Q3)"));

        var tenK = data.AsOf(Day("2024-02-01"));
        Assert.Equal(130, At(tenK, "revenue[2023Q4]"));
        Assert.Equal(110, At(tenK, "revenue[2023Q2]"));
        Assert.Equal(2.48, At(tenK, "eps[2023Q2]"));

        var restatedQuarter = data.AsOf(Day("2024-12-31"));
        Assert.Equal(125, At(restatedQuarter, "revenue[2023Q4]"));
        Assert.Equal(0.248, At(restatedQuarter, "eps[2023Q2]"));

        var latest = data.AsOf(Day("2030-01-01"));
        Assert.Equal(135, At(latest, "revenue[2023Q4]"));
        Assert.Equal("2023Q4 = 2023 − 2023Q1 − 2023Q2 − 2023Q3", latest.Entities[0].Find("revenue")!.DescribeDerivation(Period.Parse("2023Q4")));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void FirstReported_takes_each_period_s_earliest_value(string format)
    {
        var first = Load(format).FirstReported();
        Assert.Equal(110, At(first, "revenue[2023Q2]"));
        Assert.Equal(460, At(first, "revenue[2023]"));
        Assert.Equal(130, At(first, "revenue[2023Q4]"));
        Assert.Equal(2.48, At(first, "eps[2023Q2]"));
    }

    [Fact]
    public void Views_keep_ids_order_and_the_metric_catalog_and_share_unchanged_series()
    {
        var data = Load("json");
        var view = data.AsOf(Day("2023-04-30"));
        Assert.NotSame(data, view);
        Assert.Equal(data.Entities.Select(e => e.Id), view.Entities.Select(e => e.Id));
        Assert.Equal(data.MetricKeys, view.MetricKeys);
        int slot = data.SlotOf("revenue", Variant.Actual);
        Assert.Equal(slot, view.SlotOf("revenue", Variant.Actual));
        var empty = view.Entities[0].Slots[slot];
        Assert.NotNull(empty);
        Assert.Empty(empty.Reported);
        Assert.Same(view, view.Entities[0].Owner);
        Assert.Same(view.Entities[0], view.DefaultEntity);
        Assert.Same(view, data.AsOf(Day("2023-04-30")));              // cached per day

        // A series nothing was published for after the day is shared, not copied.
        var later = data.AsOf(Day("2025-06-01"));
        Assert.Same(data.Entities[0].Find("revenue"), later.Entities[0].Find("revenue"));
        Assert.Same(data.Entities[0].Find("eps"), later.Entities[0].Find("eps"));
    }

    [Fact]
    public void Data_without_published_days_is_its_own_view()
    {
        var data = Dataset.ParseJson("""{"entities": [{"id": "A", "series": [{"metric": "x", "source": "10-Q", "values": {"2023": 1}}]}]}""");
        Assert.Same(data, data.AsOf(new DateOnly(1900, 1, 1)));
        Assert.Same(data, data.FirstReported());
        Assert.Equal(1, Query.Evaluate("x[2023]", data.AsOf(new DateOnly(1900, 1, 1))).Number);
    }

    [Fact]
    public void Many_days_of_views_from_many_threads_agree_with_a_fresh_view()
    {
        var data = Load("csv");
        var days = Enumerable.Range(0, 200).Select(i => new DateOnly(2023, 1, 1).AddDays(i * 4)).ToArray();
        var results = new double?[days.Length];
        Parallel.For(0, days.Length * 4, i =>
        {
            int k = i % days.Length;
            var r = Query.Evaluate("revenue[2023Q4]", data.AsOf(days[k]), "NV");
            results[k] = r.IsNa ? null : r.Number;
        });
        for (int k = 0; k < days.Length; k++)
        {
            var fresh = Load("csv").AsOf(days[k]);
            Assert.Equal(At(fresh, "revenue[2023Q4]"), results[k]);
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Provenance_names_the_source_and_published_day(string format)
    {
        var data = Load(format);
        var r = Query.Parse("revenue[2023Q4]").Bind(data, "NV").Explain();
        Assert.Equal(
            [
                "NV.revenue 2023Q4 = 135 USD (derived: 2023Q4 = 2023 − 2023Q1 − 2023Q2 − 2023Q3)",
                "NV.revenue 2023 = 470 USD (reported, 10-K, filed 2025-02-01)",
                "NV.revenue 2023Q1 = 100 USD (reported, 10-Q, filed 2023-05-01)",
                "NV.revenue 2023Q2 = 115 USD (reported, 10-Q/A, filed 2024-05-01)",
                "NV.revenue 2023Q3 = 120 USD (reported, 10-Q, filed 2023-11-01)",
            ],
            r.Provenance!.Entries.Select(e => e.ToString()));
        var q2 = r.Provenance.Entries[3];
        Assert.Equal(("10-Q/A", (DateOnly?)Day("2024-05-01")), (q2.Source, q2.Filed));
        Assert.Null(r.Provenance.Entries[0].Filed);

        var asOf = Query.Parse("revenue[2023Q4]").Bind(data.AsOf(Day("2024-03-01")), "NV").Explain();
        Assert.Equal("NV.revenue 2023Q2 = 110 USD (reported, 10-Q, filed 2023-08-01)", asOf.Provenance!.Entries[3].ToString());

        var eps = Query.Parse("eps[2023Q2]").Bind(data.AsOf(Day("2024-01-01")), "NV").Explain();
        Assert.Equal("NV.eps 2023Q2 = 2.48 USD/share (reported)", eps.Provenance!.Entries[0].ToString());
    }

    [Fact]
    public void Sources_of_one_CSV_text_share_one_origin()
    {
        var data = Load("csv");
        var revenue = data.Entities[0].Find("revenue")!;
        revenue.TryGetPublished(Period.Parse("2023Q1"), out var q1);
        revenue.TryGetPublished(Period.Parse("2023Q3"), out var q3);
        Assert.Same(q1.Origin, q3.Origin);
        Assert.Equal(2, revenue.PublishedAt(Period.Parse("2023Q2")).Length);
        Assert.Equal(0, revenue.PublishedAt(Period.Parse("2023Q4")).Length);
    }

    // ---------- the builder entry point (used by the SEC reader) ----------

    [Fact]
    public void AddObservation_merges_publications_and_keeps_SEC_origins()
    {
        var q2 = Period.Parse("2023Q2");
        var tenQ = new ObservationOrigin { Form = "10-Q", Accession = "0001-23-000001", Concept = "Revenues", Start = new(2023, 4, 1), End = new(2023, 6, 30) };
        var again = new ObservationOrigin { Form = "10-Q", Accession = "0001-24-000002", Concept = "Revenues", Start = new(2023, 4, 1), End = new(2023, 6, 30) };
        var data = new DatasetBuilder()
            .AddEntity("AAPL", "Apple Inc.", 9)
            .AddAlias("AAPL", "CIK0000320193")
            .AddObservation("AAPL", "revenue", Variant.Actual, "USD", Aggregation.Sum, q2, 10, new DateOnly(2023, 8, 1), tenQ)
            .AddObservation("AAPL", "revenue", Variant.Actual, "USD", Aggregation.Sum, q2, 10, new DateOnly(2023, 8, 1), tenQ)   // the same fact twice
            .AddObservation("AAPL", "revenue", Variant.Actual, "USD", Aggregation.Sum, q2, 11, new DateOnly(2024, 8, 1), again)
            .Build();
        Assert.Same(data.FindEntity("AAPL"), data.FindEntity("cik0000320193"));
        Assert.Equal(11, Query.Evaluate("CIK0000320193.revenue[2023Q2]", data).Number);
        Assert.Equal(10, Query.Evaluate("revenue[2023Q2]", data.AsOf(new DateOnly(2024, 1, 1))).Number);
        var e = Query.Parse("revenue[2023Q2]").Bind(data).Explain().Provenance!.Entries.Single();
        Assert.Equal(("10-Q", "0001-24-000002", "Revenues", (DateOnly?)new DateOnly(2023, 4, 1), (DateOnly?)new DateOnly(2023, 6, 30), (DateOnly?)new DateOnly(2024, 8, 1)),
            (e.Form, e.Accession, e.Concept, e.Start, e.End, e.Filed));
        Assert.Equal("AAPL.revenue FY2023Q2 = 11 USD (reported, 10-Q 0001-24-000002, filed 2024-08-01, Revenues 2023-04-01 to 2023-06-30)", e.ToString());
    }

    [Fact]
    public void AddObservation_orders_a_day_s_filings_by_accession_and_refuses_real_duplicates()
    {
        var q2 = Period.Parse("2023Q2");
        var day = new DateOnly(2023, 8, 1);
        var a = new ObservationOrigin { Accession = "0001-23-000001" };
        var b = new ObservationOrigin { Accession = "0001-23-000002" };
        var data = new DatasetBuilder().AddEntity("A")
            .AddObservation("A", "x", Variant.Actual, "", Aggregation.None, q2, 2, day, b)
            .AddObservation("A", "x", Variant.Actual, "", Aggregation.None, q2, 1, day, a)
            .Build();
        Assert.Equal(2, Query.Evaluate("x[2023Q2]", data).Number);
        Assert.Equal(1, Query.Evaluate("x[2023Q2]", data.FirstReported()).Number);

        var clash = new DatasetBuilder().AddEntity("A")
            .AddObservation("A", "x", Variant.Actual, "", Aggregation.None, q2, 1, day, null)
            .AddObservation("A", "x", Variant.Actual, "", Aggregation.None, q2, 2, day, null);
        Assert.Equal("A.x: 2023Q2 is reported twice on 2023-08-01.", Assert.Throws<ArgumentException>(clash.Build).Message);
        var unit = Assert.Throws<ArgumentException>(() => new DatasetBuilder().AddEntity("A")
            .AddObservation("A", "x", Variant.Actual, "USD", Aggregation.Sum, q2, 1, null, null)
            .AddObservation("A", "x", Variant.Actual, "EUR", Aggregation.Sum, q2, 2, day, null));
        Assert.StartsWith("A.x: an observation for 2023Q2 has unit 'EUR'", unit.Message);
    }

    // ---------- errors ----------

    [Theory]
    [InlineData("\"2023-13-01\"", """$.entities[0].series[0].filed""", "\"2023-13-01\" is not a date: expected a day such as 2023-07-26")]
    [InlineData("\"26/07/2023\"", """$.entities[0].series[0].filed""", "\"26/07/2023\" is not a date: expected a day such as 2023-07-26")]
    [InlineData("\"2023-7-26\"", """$.entities[0].series[0].filed""", "\"2023-7-26\" is not a date: expected a day such as 2023-07-26")]
    [InlineData("20230726", """$.entities[0].series[0].filed""", "expected a string, found 20230726")]
    public void A_bad_filed_day_in_JSON_names_the_path(string filed, string location, string reason)
    {
        var ex = Assert.Throws<DataFileException>(() => Dataset.ParseJson($$$"""{"entities": [{"id": "A", "series": [{"metric": "x", "filed": {{{filed}}}, "values": {"2023": 1}}]}]}""", "v.json"));
        Assert.Equal(("v.json", location, reason), (ex.File, ex.Location, ex.Reason));
    }

    [Fact]
    public void A_source_that_is_not_text_is_an_error()
    {
        var ex = Assert.Throws<DataFileException>(() => Dataset.ParseJson("""{"entities": [{"id": "A", "series": [{"metric": "x", "source": {"a": 1}, "values": {}}]}]}"""));
        Assert.Equal(("$.entities[0].series[0].source", "expected a string, found an object"), (ex.Location, ex.Reason));
    }

    [Theory]
    [InlineData("""{"metric": "x", "filed": "2023-01-02", "values": {}}, {"metric": "X", "filed": "2023-01-02", "values": {}}""",
        "$.entities[0].series[1]", "series A.X filed 2023-01-02 is defined twice (first at $.entities[0].series[0])")]
    [InlineData("""{"metric": "x", "values": {}}, {"metric": "x", "filed": "2023-01-02", "values": {}}, {"metric": "x", "values": {}}""",
        "$.entities[0].series[2]", "series A.x is defined twice (first at $.entities[0].series[0])")]
    [InlineData("""{"metric": "x", "unit": "USD", "values": {}}, {"metric": "x", "filed": "2023-01-02", "unit": "EUR", "values": {}}""",
        "$.entities[0].series[1].unit", "unit \"EUR\" conflicts with \"USD\" at $.entities[0].series[0] for A.x")]
    [InlineData("""{"metric": "x", "aggregation": "sum", "values": {}}, {"metric": "x", "filed": "2023-01-02", "values": {}}""",
        "$.entities[0].series[1].aggregation", "aggregation \"none\" conflicts with \"sum\" at $.entities[0].series[0] for A.x")]
    public void JSON_restatements_must_be_on_other_days_and_agree_on_unit_and_aggregation(string series, string location, string reason)
    {
        var ex = Assert.Throws<DataFileException>(() => Dataset.ParseJson($$$"""{"entities": [{"id": "A", "series": [{{{series}}}]}]}"""));
        Assert.Equal((location, reason), (ex.Location, ex.Reason));
    }

    [Theory]
    [InlineData("A,x,2023,1,2023-02-30", "line 2, column \"filed\"", "\"2023-02-30\" is not a date: expected a day such as 2023-07-26")]
    [InlineData("A,x,2023,1,2023-07-26T00:00", "line 2, column \"filed\"", "\"2023-07-26T00:00\" is not a date: expected a day such as 2023-07-26")]
    [InlineData("A,x,2023,1,2023-07-26\nA,x,FY2023,2,2023-07-26", "line 3, column \"period\"", "duplicate observation for 2023 filed 2023-07-26 (first on line 2)")]
    [InlineData("A,x,2023,1,\nA,x,2023,2,2023-07-26\nA,x,2023,3,", "line 4, column \"period\"", "duplicate observation for 2023 (first on line 2)")]
    public void CSV_filed_days_are_checked_and_a_period_once_per_day(string rows, string location, string reason)
    {
        var ex = Assert.Throws<DataFileException>(() => Dataset.ParseCsv("entity,metric,period,value,filed\n" + rows + "\n", "v.csv"));
        Assert.Equal(("v.csv", location, reason), (ex.File, ex.Location, ex.Reason));
    }

    [Fact]
    public void A_CSV_source_in_the_last_column_may_hold_commas_and_elsewhere_is_one_cell()
    {
        var data = Dataset.ParseCsv("entity,metric,period,value,source\nA,x,2023,1,press release, page 2\n");
        var e = Query.Parse("x[2023]").Bind(data).Explain().Provenance!.Entries.Single();
        Assert.Equal("press release, page 2", e.Source);
        var middle = Dataset.ParseCsv("entity,metric,source,period,value\nA,x,\"10-Q, p. 3\",2023,1\n");
        Assert.Equal("10-Q, p. 3", Query.Parse("x[2023]").Bind(middle).Explain().Provenance!.Entries.Single().Source);
    }

    [Fact]
    public void Finq_eval_explain_shows_source_and_filed_day_in_text_and_JSON()
    {
        string path = Path.Combine(Path.GetTempPath(), $"finq-vintage-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, Json);
        try
        {
            var (code, text, _) = CliTests.Finq("eval", "--data", path, "--explain", "NV.revenue[2023Q2]");
            Assert.Equal(0, code);
            Assert.Contains("NV.revenue 2023Q2 = 115 USD (reported, 10-Q/A, filed 2024-05-01)", text);
            var (jcode, json, _) = CliTests.Finq("eval", "--json", "--data", path, "--explain", "NV.revenue[2023Q2]");
            Assert.Equal(0, jcode);
            Assert.Contains("\"source\":\"10-Q/A\"", json.Replace(" ", ""));
            Assert.Contains("\"filed\":\"2024-05-01\"", json.Replace(" ", ""));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void An_empty_source_says_nothing_in_JSON_as_in_CSV()
    {
        var json = Dataset.ParseJson("""{"entities": [{"id": "A", "series": [{"metric": "x", "source": "", "values": {"2023": 1}}]}]}""");
        var csv = Dataset.ParseCsv("entity,metric,period,value,source\nA,x,2023,1,\n");
        foreach (var data in new[] { json, csv })
        {
            var e = Query.Parse("x[2023]").Bind(data).Explain().Provenance!.Entries.Single();
            Assert.Null(e.Source);
            Assert.Equal("A.x 2023 = 1 (reported)", e.ToString());
        }
        FastLoadingTests.AssertAgree(true, """{"entities": [{"id": "A", "series": [{"metric": "x", "source": "", "values": {"2023": 1}}]}]}""", mustLoad: true);
    }
}
