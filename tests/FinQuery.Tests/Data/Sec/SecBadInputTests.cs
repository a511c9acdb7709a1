using System.IO.Compression;
using System.Text;
using FinQuery.Data.Sec;

namespace FinQuery.Tests.Data.Sec;

/// <summary>Bad company facts give a clear error naming the file, the archive entry and the JSON path; nothing crashes.</summary>
public class SecBadInputTests
{
    private const string Good = """{"cik":1,"entityName":"One","facts":{"us-gaap":{"Revenues":{"label":"Revenues","units":{"USD":[{"start":"2022-01-01","end":"2022-03-31","val":5,"accn":"a","form":"10-Q","filed":"2022-05-01"}]}}}}}""";

    private static DataFileException Fail(string json, string name = "CIK0000000001.json")
    {
        using var folder = new SecTestData.TempFolder();
        var path = folder.File(name, json);
        var ex = Assert.Throws<DataFileException>(() => Dataset.Load(path));
        Assert.Equal(path, ex.File);
        return ex;
    }

    [Fact]
    public void A_good_file_loads() => Assert.Equal(5, SecTestData.Value(new CompanyJson(1).Duration("Revenues", "2022-01-01", "2022-03-31", 5).Load(), "revenue[2022Q1]"));

    [Fact]
    public void A_string_where_a_number_belongs_names_the_JSON_path()
    {
        var ex = Fail(Good.Replace("\"val\":5", "\"val\":\"5\""));
        Assert.Equal("$.facts[\"us-gaap\"].Revenues.units.USD[0].val", ex.Location);
        Assert.Equal("expected a number, found a string", ex.Reason);
    }

    [Fact]
    public void A_fact_without_end_is_an_error()
    {
        var ex = Fail(Good.Replace("\"end\":\"2022-03-31\",", ""));
        Assert.Equal("$.facts[\"us-gaap\"].Revenues.units.USD[0]", ex.Location);
        Assert.Equal("the fact has no \"end\" date", ex.Reason);
    }

    [Fact]
    public void A_bad_date_and_a_start_after_the_end_are_errors()
    {
        Assert.Equal("\"2022-13-01\" is not a date: expected yyyy-mm-dd", Fail(Good.Replace("2022-03-31", "2022-13-01")).Reason);
        var ex = Fail(Good.Replace("2022-01-01", "2022-06-01"));
        Assert.Equal("$.facts[\"us-gaap\"].Revenues.units.USD[0].start", ex.Location);
    }

    [Fact]
    public void An_unknown_unit_is_an_error()
    {
        var ex = Fail(Good.Replace("\"USD\":", "\"US Dollars!\":"));
        Assert.Equal("$.facts[\"us-gaap\"].Revenues.units[\"US Dollars!\"]", ex.Location);
        Assert.StartsWith("unknown unit \"US Dollars!\"", ex.Reason);
    }

    [Fact]
    public void Truncated_JSON_says_so_at_every_cut()
    {
        for (int cut = 12; cut < Good.Length - 1; cut += 7)
        {
            var ex = Fail(Good[..cut]);
            Assert.Contains("line 1", ex.Reason);
        }
        Assert.StartsWith("the JSON ends too early", Fail(Good[..^3]).Reason);
    }

    [Fact]
    public void Not_company_facts_is_not_taken_for_them()
    {
        using var folder = new SecTestData.TempFolder();
        var ex = Assert.Throws<DataFileException>(() => Dataset.Load(folder.File("other.json", """{"hello": [1, 2]}""")));
        Assert.Contains("$", ex.Location); // the FinQuery JSON reader reports its own error
        var skipped = Dataset.Load(folder.Path);
        Assert.Empty(skipped.Entities);
        Assert.Equal("not SEC company facts (expected an object with cik, entityName and facts)", Assert.Single(skipped.Skipped).Reason);
        Assert.Equal(JsonContent.FinQuery, CompanyFactsReader.Sniff("""{"entities": []}"""u8));
        Assert.Equal(JsonContent.Tickers, CompanyFactsReader.Sniff("""{"0": {"cik_str": 1, "ticker": "A"}}"""u8));
        Assert.Equal(JsonContent.CompanyFacts, CompanyFactsReader.Sniff("""{"cik": 1, "facts": {"us-"""u8));
    }

    [Fact]
    public void A_company_facts_file_without_facts_is_an_error()
    {
        Assert.Equal("not SEC company facts: there is no \"facts\"", Fail("""{"cik": 1, "entityName": "x"}""").Reason);
        Assert.Equal("expected the CIK as a number, found an array", Fail("""{"cik": [1], "facts": {}}""").Reason);
    }

    [Fact]
    public void In_a_folder_a_bad_company_is_skipped_and_reported_or_fails_when_strict()
    {
        using var folder = new SecTestData.TempFolder();
        folder.File("CIK0000000001.json", Good);
        var bad = folder.File("CIK0000000002.json", Good.Replace("\"cik\":1", "\"cik\":2").Replace("\"val\":5", "\"val\":true"));
        var data = Dataset.Load(folder.Path);
        Assert.Equal(["CIK0000000001"], data.Entities.Select(e => e.Id));
        var skipped = Assert.Single(data.Skipped);
        Assert.Equal(bad, skipped.File);
        Assert.Equal("expected a number, found a boolean", skipped.Reason);
        var strict = Assert.Throws<DataFileException>(() => Dataset.Load(folder.Path, new DataLoadOptions { Strict = true }));
        Assert.Equal(bad, strict.File);
    }

    [Fact]
    public void A_duplicate_CIK_across_files_is_reported()
    {
        using var folder = new SecTestData.TempFolder();
        var first = folder.File("a.json", Good);
        var second = folder.File("b.json", Good);
        var data = Dataset.Load(folder.Path);
        Assert.Single(data.Entities);
        var dup = Assert.Single(data.Skipped);
        Assert.Equal(second, dup.File);
        Assert.Equal($"CIK0000000001 (One) is also in {first}", dup.Reason);
        Assert.Throws<DataFileException>(() => Dataset.Load(folder.Path, new DataLoadOptions { Strict = true }));
    }

    [Fact]
    public void An_empty_folder_is_an_error() 
    {
        using var folder = new SecTestData.TempFolder();
        Assert.Equal("there are no company facts files (CIK##########.json) in the folder", Assert.Throws<DataFileException>(() => Dataset.Load(folder.Path)).Reason);
    }

    private static string Zip(SecTestData.TempFolder folder, params (string Name, string Text)[] entries)
    {
        var path = Path.Combine(folder.Path, "companyfacts.zip");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, text) in entries)
        {
            using var s = zip.CreateEntry(name).Open();
            s.Write(Encoding.UTF8.GetBytes(text));
        }
        return path;
    }

    [Fact]
    public void An_archive_entry_beyond_the_size_cap_is_refused_by_name()
    {
        using var folder = new SecTestData.TempFolder();
        var big = Good.Replace("\"cik\":1", "\"cik\":2").Replace("\"label\":\"Revenues\"", "\"label\":\"" + new string('x', 5000) + "\"");
        var path = Zip(folder, ("CIK0000000001.json", Good), ("CIK0000000002.json", big));
        var options = new DataLoadOptions { MaxFileBytes = 4096 };
        var data = Dataset.Load(path, options);
        Assert.Equal(["CIK0000000001"], data.Entities.Select(e => e.Id));
        var skipped = Assert.Single(data.Skipped);
        Assert.Equal($"{path}: entry CIK0000000002.json", skipped.File);
        Assert.Matches(@"^it expands to 5,\d{3} bytes, more than the limit of 4,096 bytes for one company$", skipped.Reason);
        Assert.Throws<DataFileException>(() => Dataset.Load(path, new DataLoadOptions { MaxFileBytes = 4096, Strict = true }));
    }

    [Fact]
    public void An_archive_entry_error_names_the_entry_and_the_JSON_path()
    {
        using var folder = new SecTestData.TempFolder();
        var path = Zip(folder, ("facts/CIK0000000001.json", Good.Replace("\"val\":5", "\"val\":null")));
        var data = Dataset.Load(path);
        var skipped = Assert.Single(data.Skipped);
        Assert.Equal($"{path}: entry facts/CIK0000000001.json: $.facts[\"us-gaap\"].Revenues.units.USD[0].val: expected a number, found null", skipped.Message);
    }

    [Fact]
    public void Tickers_inside_the_archive_name_the_companies()
    {
        using var folder = new SecTestData.TempFolder();
        var path = Zip(folder, ("company_tickers.json", """{"0":{"cik_str":1,"ticker":"BRK-B","title":"One"},"1":{"cik_str":1,"ticker":"ONE","title":"One"}}"""), ("CIK0000000001.json", Good));
        var data = Dataset.Load(path);
        var e = Assert.Single(data.Entities);
        Assert.Equal("BRK_B", e.Id);
        Assert.Same(e, data.FindEntity("ONE"));
        Assert.Same(e, data.FindEntity("CIK0000000001"));
    }

    [Fact]
    public void A_damaged_archive_is_an_error()
    {
        using var folder = new SecTestData.TempFolder();
        var path = folder.File("companyfacts.zip", "PK\u0003\u0004 this is not really a zip");
        var ex = Assert.Throws<DataFileException>(() => Dataset.Load(path));
        Assert.StartsWith("cannot read the zip archive", ex.Reason);
    }
}
