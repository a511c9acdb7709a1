using System.Text;

namespace FinQuery.Tests.Data;

public class JsonLoadingTests
{
    // The example of docs/data-files.md.
    internal const string Sample = """
        {
          "entities": [
            {
              "id": "META",
              "name": "Meta Platforms, Inc.",
              "fiscalYearEndMonth": 12,
              "series": [
                { "metric": "revenue", "unit": "USD", "scale": 1e6, "aggregation": "sum",
                  "values": { "2022Q2": 28822, "2023Q2": 31999 } },
                { "metric": "revenue", "variant": "consensus", "unit": "USD", "scale": 1e6,
                  "aggregation": "sum", "values": { "2023Q2": 31060 } }
              ]
            }
          ]
        }
        """;

    [Fact]
    public void The_language_reference_sample_loads_with_values_scaled()
    {
        var data = Dataset.ParseJson(Sample);
        var meta = Assert.Single(data.Entities);
        Assert.Equal("META", meta.Id);
        Assert.Equal("Meta Platforms, Inc.", meta.Name);
        Assert.Same(meta, data.DefaultEntity);
        var revenue = meta.Find("revenue")!;
        Assert.Equal("USD", revenue.Unit);
        Assert.Equal(Aggregation.Sum, revenue.Aggregation);
        Assert.Equal(31_999_000_000, Value(revenue, "2023Q2"));
        Assert.Equal(28_822_000_000, Value(revenue, "2022Q2"));
        Assert.Equal(31_060_000_000, Value(meta.Find("revenue", Variant.Consensus)!, "2023Q2"));
    }

    [Fact]
    public void Optional_fields_take_their_defaults()
    {
        var data = Dataset.ParseJson("""{"entities": [{"id": "A", "series": [{"metric": "x", "values": {"2023": 5}}]}]}""");
        var a = data.Entities[0];
        Assert.Equal("A", a.Name);
        Assert.Equal(FiscalCalendar.Calendar, a.Calendar);
        var x = Assert.Single(a.Series);
        Assert.Equal(Variant.Actual, x.Variant);
        Assert.Equal("", x.Unit);
        Assert.Equal(Aggregation.None, x.Aggregation);
        Assert.Equal(5, Value(x, "2023"));
    }

    [Fact]
    public void Null_optional_fields_take_their_defaults_and_unknown_properties_are_ignored()
    {
        var data = Dataset.ParseJson("""
            {"version": 2, "defaultEntity": null, "entities": [{"id": "A", "name": null, "fiscalYearEndMonth": null,
              "ticker": "AAA", "series": [{"metric": "x", "variant": null, "unit": null, "scale": null,
              "aggregation": null, "source": null, "notes": {"nested": [1, 2]}, "values": {"2023": 5}}]}]}
            """);
        var x = data.Entities[0].Series[0];
        Assert.Equal("A", data.Entities[0].Name);
        Assert.Equal(5, Value(x, "2023"));
    }

    [Fact]
    public void An_entity_may_have_no_series_and_the_data_no_entities()
    {
        Assert.Empty(Dataset.ParseJson("""{"entities": [{"id": "A"}]}""").Entities[0].Series);
        var empty = Dataset.ParseJson("""{"entities": []}""");
        Assert.Empty(empty.Entities);
        Assert.Null(empty.DefaultEntity);
    }

    [Fact]
    public void Default_entity_is_found_case_insensitively()
    {
        var data = Dataset.ParseJson("""{"defaultEntity": "meta", "entities": [{"id": "THREADS"}, {"id": "META"}]}""");
        Assert.Equal("META", data.DefaultEntity!.Id);
        Assert.Null(Dataset.ParseJson("""{"entities": [{"id": "THREADS"}, {"id": "META"}]}""").DefaultEntity);
    }

    [Fact]
    public void Fiscal_year_end_month_sets_the_calendar_used_for_derivation()
    {
        var data = Dataset.ParseJson("""
            {"entities": [{"id": "MSFT", "fiscalYearEndMonth": 6, "series": [
              {"metric": "revenue", "aggregation": "SUM", "values": {"2022-07": 1, "2022-08": 2, "2022-09": 3}}]}]}
            """);
        var revenue = data.Entities[0].Find("revenue")!;
        Assert.Equal(6, data.Entities[0].Calendar.YearEndMonth);
        Assert.Equal(6, Value(revenue, "FY2023Q1"));
    }

    [Fact]
    public void Negative_scales_and_values_are_fine()
    {
        var x = Dataset.ParseJson("""{"entities": [{"id": "A", "series": [{"metric": "x", "scale": -1e3, "values": {"2023": -2.5}}]}]}""")
            .Entities[0].Series[0];
        Assert.Equal(2500, Value(x, "2023"));
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed()
    {
        var data = Dataset.ParseJson("""
            // exported by hand
            {"entities": [{"id": "A", /* no series yet */},],}
            """);
        Assert.Single(data.Entities);
    }

    [Fact]
    public void A_byte_order_mark_loads_fine_from_text_a_file_and_a_stream()
    {
        Assert.Single(Dataset.ParseJson("\uFEFF" + Sample).Entities);
        string path = Path.Combine(Path.GetTempPath(), $"finq-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllBytes(path, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Sample)]);
            Assert.Single(Dataset.LoadJson(path).Entities);
            Assert.Single(Dataset.Load(path).Entities);
            using var stream = File.OpenRead(path);
            Assert.Single(Dataset.LoadJson(stream).Entities);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Errors_name_the_file_they_came_from()
    {
        string path = Path.Combine(Path.GetTempPath(), $"finq-{Guid.NewGuid():N}.JSON");
        try
        {
            File.WriteAllText(path, """{"entities": [{"id": 7}]}""");
            var ex = Assert.Throws<DataFileException>(() => Dataset.Load(path));
            Assert.Equal(path, ex.File);
            Assert.Equal("$.entities[0].id", ex.Location);
            Assert.Equal("expected a string, found 7", ex.Reason);
            Assert.Equal($"{path}: $.entities[0].id: expected a string, found 7", ex.Message);

            using var stream = new MemoryStream(Encoding.UTF8.GetBytes("{"));
            Assert.Equal("meta.json: line 1, column 2: malformed JSON: the text ends inside an object or array",
                Assert.Throws<DataFileException>(() => Dataset.LoadJson(stream, "meta.json")).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_malformed_file_keeps_the_reader_error_as_inner_exception()
    {
        var ex = Assert.Throws<DataFileException>(() => Dataset.ParseJson("{\"entities\": [1,]", "x.json"));
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(ex.InnerException);
        Assert.StartsWith("line 1, column ", ex.Location);
    }

    [Fact]
    public void Deep_nesting_is_a_data_file_error_not_a_crash()
    {
        string json = "{\"entities\": [], \"x\": " + new string('[', 100_000) + new string(']', 100_000) + "}";
        var ex = Assert.Throws<DataFileException>(() => Dataset.ParseJson(json));
        Assert.StartsWith("malformed JSON: ", ex.Reason);
    }

    [Fact]
    public void Text_that_is_not_valid_UTF16_is_a_data_file_error()
    {
        var ex = Assert.Throws<DataFileException>(() => Dataset.ParseJson("{\"entities\": [{\"id\": \"\uD800\"}]}"));
        Assert.Equal("<json>: $: malformed JSON: the text is not valid Unicode", ex.Message);
    }
}
