using System.Globalization;
using System.Text;

namespace FinQuery.Tests.Data;

public class CsvLoadingTests
{
    // A copy of /work/shared/data/meta-facts.csv, the sample the command line bundles.
    private static string MetaFactsPath => Path.Combine(AppContext.BaseDirectory, "Data", "meta-facts.csv");

    [Fact]
    public void The_shared_Meta_sample_loads_when_present()
    {
        const string shared = "/work/shared/data/meta-facts.csv";
        if (!File.Exists(shared)) return;
        Assert.Equal(31_999_000_000, Value(Dataset.LoadCsv(shared).FindEntity("META")!.Find("revenue")!, "2023Q2"));
    }

    [Fact]
    public void The_Meta_sample_loads_with_scale_applied()
    {
        var data = Dataset.LoadCsv(MetaFactsPath);
        Assert.Equal("META THREADS TWITTER", string.Join(" ", data.Entities.Select(e => e.Id)));
        Assert.Null(data.DefaultEntity);
        var meta = data.FindEntity("META")!;
        var revenue = meta.Find("revenue")!;
        Assert.Equal(31_999_000_000, Value(revenue, "2023Q2"));
        Assert.Equal("USD", revenue.Unit);
        Assert.Equal(31_060_000_000, Value(meta.Find("revenue", Variant.Consensus)!, "2023Q2"));
        Assert.Equal(2.98, Value(meta.Find("eps_diluted")!, "2023Q2"));
        Assert.Equal("USD/share", meta.Find("eps_diluted")!.Unit);
        Assert.Equal(-13_717_000_000, Value(meta.Find("reality_labs_operating_income")!, "2022"));
        Assert.Equal(100_000_000, Value(data.FindEntity("THREADS")!.Find("registered_users")!, "2023-07-10"));
        Assert.Equal(0, Value(data.FindEntity("TWITTER")!.Find("registered_users")!, "2006-07"));
        Assert.Equal("META", meta.Name);
        Assert.Equal(FiscalCalendar.Calendar, meta.Calendar);
    }

    [Fact]
    public void The_Meta_sample_loads_through_Load_and_a_stream()
    {
        Assert.Equal(3, Dataset.Load(MetaFactsPath).Entities.Count);
        using var stream = File.OpenRead(MetaFactsPath);
        Assert.Equal(3, Dataset.LoadCsv(stream, "meta-facts.csv").Entities.Count);
    }

    [Fact]
    public void A_free_text_last_column_may_hold_unquoted_commas()
    {
        var data = Dataset.ParseCsv("""
            entity,metric,period,value,source
            META,revenue,2023Q2,31999,10-Q (seed: 32 billion, +11% year over year)
            """);
        Assert.Equal(31999, Value(data.Entities[0].Series[0], "2023Q2"));
    }

    [Fact]
    public void Quoting_follows_RFC_4180()
    {
        var data = Dataset.ParseCsv(
            "entity,metric,period,value,unit,source\n" +
            "A,x,2022,1,\"USD\",\"a, b\"\n" +
            "\"A\",\"x\",\"2023\",\"2\",USD,\"she said \"\"hi\"\"\nacross lines\"\n" +
            "A,x,2024,3,USD,\"\"\n");
        var x = data.Entities[0].Series[0];
        Assert.Equal("2022=1 2023=2 2024=3", string.Join(" ", x.Reported.Select(o => $"{o.Key}={o.Value}")));
        Assert.Equal("USD", x.Unit);
    }

    [Fact]
    public void CRLF_a_byte_order_mark_blank_lines_and_a_trailing_newline_are_fine()
    {
        var data = Dataset.ParseCsv("\uFEFFentity,metric,period,value\r\n\r\nA,x,2022,1\r\n,,,\r\n   \r\nA,x,2023,2\r\n\r\n");
        Assert.Equal(2, data.Entities[0].Series[0].Reported.Count);
        var lf = Dataset.ParseCsv("entity,metric,period,value\nA,x,2022,1\nA,x,2023,2");
        Assert.Equal(2, lf.Entities[0].Series[0].Reported.Count);
    }

    [Fact]
    public void A_byte_order_mark_in_a_file_loads_fine()
    {
        string path = Path.Combine(Path.GetTempPath(), $"finq-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllBytes(path, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("entity,metric,period,value\nA,x,2022,1\n")]);
            Assert.Equal("A", Dataset.Load(path).Entities[0].Id);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Columns_are_matched_by_name_in_any_order_and_case()
    {
        var data = Dataset.ParseCsv("""
            Source, VALUE ,Period,Aggregation,Scale,Unit,Variant,Metric,Entity
            10-K,28,2022Q1,sum,1e9,USD,actual,revenue,META
            10-K,29,2022Q2,sum,1e9,USD,actual,revenue,META
            est,27.5,2022Q2,sum,1e9,USD,consensus,revenue,META
            """);
        var revenue = data.Entities[0].Find("revenue")!;
        Assert.Equal(57e9, Value(revenue, "2022H1"));
        Assert.Equal(27.5e9, Value(data.Entities[0].Find("revenue", Variant.Consensus)!, "2022Q2"));
    }

    [Fact]
    public void Optional_columns_default_and_empty_cells_take_the_default()
    {
        var data = Dataset.ParseCsv("""
            entity,metric,variant,period,value,unit,scale,aggregation
            A,x,,2022,1,,,
            A,x,actual,2023,2,,1,none
            """);
        var x = data.Entities[0].Series[0];
        Assert.Equal(Variant.Actual, x.Variant);
        Assert.Equal("", x.Unit);
        Assert.Equal(Aggregation.None, x.Aggregation);
        Assert.Equal(2, x.Reported.Count);
    }

    [Fact]
    public void Entities_come_in_first_seen_order_with_optional_name_and_fiscal_year_columns()
    {
        var data = Dataset.ParseCsv("""
            entity,metric,period,value,name,fiscalYearEndMonth
            MSFT,revenue,2023,1,Microsoft,6
            AAPL,revenue,2023,2,,
            MSFT,revenue,2022,3,,6
            AAPL,revenue,2022,4,Apple Inc.,9
            """);
        Assert.Equal("MSFT AAPL", string.Join(" ", data.Entities.Select(e => e.Id)));
        Assert.Equal("Microsoft", data.Entities[0].Name);
        Assert.Equal(6, data.Entities[0].Calendar.YearEndMonth);
        Assert.Equal("Apple Inc.", data.Entities[1].Name);
        Assert.Equal(9, data.Entities[1].Calendar.YearEndMonth);
    }

    [Fact]
    public void A_single_entity_becomes_the_default()
    {
        var data = Dataset.ParseCsv("entity,metric,period,value\nA,x,2022,1\na,y,2022,1\n");
        Assert.Equal("A", data.DefaultEntity!.Id);
        Assert.Equal(2, data.DefaultEntity.Series.Count);
    }

    [Fact]
    public void Numbers_are_read_in_the_invariant_culture_whatever_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var x = Dataset.ParseCsv("entity,metric,period,value,scale\nA,x,2022,2.98,1e6\nA,x,2023, -1.5E-3 ,1e6\n").Entities[0].Series[0];
            Assert.Equal(2.98e6, Value(x, "2022"), 6);
            Assert.Equal(-1500, Value(x, "2023"), 9);
            var ex = Assert.Throws<DataFileException>(() => Dataset.ParseCsv("entity,metric,period,value\nA,x,2022,\"2,98\"\n"));
            Assert.Equal("line 2, column \"value\"", ex.Location);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Loading_is_all_or_nothing()
    {
        var csv = new StringBuilder("entity,metric,period,value\n");
        for (int i = 0; i < 100; i++) csv.Append($"A,x,{2000 + i % 50}Q{1 + i / 50},{i}\n");
        csv.Append("A,x,2000Q1,1\n");
        var ex = Assert.Throws<DataFileException>(() => Dataset.ParseCsv(csv.ToString(), "big.csv"));
        Assert.Equal("big.csv: line 102, column \"period\": duplicate observation for 2000Q1 (first on line 2)", ex.Message);
    }

    [Fact]
    public void Trailing_commas_past_the_header_are_ignored()
    {
        var data = Dataset.ParseCsv("entity,metric,period,value\nA,x,2022,1,\nA,x,2023,2, ,\n");
        Assert.Equal(2, data.Entities[0].Series[0].Reported.Count);
    }

    [Fact]
    public void A_quoted_cell_keeps_its_spaces_and_an_unquoted_one_is_trimmed()
    {
        var data = Dataset.ParseCsv("entity,metric,period,value,unit,name\n A , x ,2022, 1 ,\" USD \",\"  Acme  \"\n");
        var a = data.Entities[0];
        Assert.Equal("A", a.Id);
        Assert.Equal("  Acme  ", a.Name);
        Assert.Equal(" USD ", a.Series[0].Unit);
        var ex = Assert.Throws<DataFileException>(() => Dataset.ParseCsv("entity,metric,period,value\nA,x,\" 2022\",1\n"));
        Assert.Equal("<csv>: line 2, column \"period\": \" 2022\" is not a period: expected 2023, FY2023, 2023H1, 2023Q2, 2023-07 or 2023-07-05", ex.Message);
    }
}
