using System.Text;
using FinQuery.Cli;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FinQuery.Tests.Robustness;

/// <summary>A valid data file with random damage: characters deleted, inserted or replaced, or the end cut off.</summary>
public sealed record DamagedFile(bool Json, string Text)
{
    public override string ToString() => $"{(Json ? "JSON" : "CSV")} {Guard.Show(Text)}";
}

public static class DamagedFileArbitraries
{
    private static readonly char[] Noise = "{}[]\",:0123456789.eE+-\n\r \tQHFYabc\uFEFF\0\\".ToCharArray();

    public static Arbitrary<DamagedFile> DamagedFile() => Arb.From(
        from json in Gen.Elements(true, false)
        let original = json ? DataFileRobustnessTests.ValidJson : DataFileRobustnessTests.ValidCsv
        from count in Gen.Choose(1, 4)
        from edits in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, 3), Gen.Zip(Gen.Choose(0, original.Length), Gen.Elements(Noise))), count)
        select new DamagedFile(json, Apply(original, edits)));

    private static string Apply(string text, (int Kind, (int At, char Char) Where)[] edits)
    {
        var sb = new StringBuilder(text);
        foreach (var (kind, (at, c)) in edits)
        {
            int i = Math.Min(at, sb.Length);
            switch (kind)
            {
                case 0 when i < sb.Length: sb.Remove(i, 1); break;
                case 1: sb.Insert(i, c); break;
                case 2 when i < sb.Length: sb[i] = c; break;
                case 3: sb.Length = i; break;
            }
        }
        return sb.ToString();
    }
}

/// <summary>
/// Data files (issue 6): truncated, wrong types, huge numbers, byte-order marks, CRLF, duplicate observations,
/// a period given twice in different spellings, unknown frequencies. Each gives a <see cref="DataFileException"/>
/// naming the file and the place in it; nothing else escapes, and loading is all-or-nothing.
/// (The pinned messages of the data branch's case files are not repeated here.)
/// </summary>
public class DataFileRobustnessTests : IDisposable
{
    internal const string ValidJson = """
        {
          "defaultEntity": "A",
          "entities": [
            {"id": "A", "name": "Alpha", "fiscalYearEndMonth": 6, "series": [
              {"metric": "rev", "unit": "USD", "scale": 1e6, "aggregation": "sum", "values": {"2023Q1": 10, "2023Q2": 12.5, "FY2023": 50}},
              {"metric": "rev", "variant": "consensus", "unit": "USD", "scale": 1e6, "aggregation": "sum", "values": {"2023Q2": 12}},
              {"metric": "eps", "unit": "USD/share", "values": {"2023-06-30": -0.5, "2023": 1.25}}
            ]},
            {"id": "B", "series": [{"metric": "rev", "aggregation": "last", "values": {"2023-07": 3, "2023H2": 4}}]}
          ]
        }
        """;

    internal const string ValidCsv = """
        entity,metric,variant,period,value,unit,scale,aggregation,notes
        A,rev,actual,2023Q1,10,USD,1e6,sum,first quarter
        A,rev,actual,2023Q2,12.5,USD,1e6,sum,"quoted, with a comma"
        A,rev,consensus,2023Q2,12,USD,1e6,sum,
        A,eps,,2023-06-30,-0.5,USD/share,,,
        B,rev,actual,2023-07,3,,,last,free text, with commas
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("finq-robust-").FullName;

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        GC.SuppressFinalize(this);
    }

    private string Write(string name, string text, Encoding? encoding = null)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, encoding ?? new UTF8Encoding(false));
        return path;
    }

    private static DataFileException Fails(bool json, string text, string source)
    {
        var ex = Assert.Throws<DataFileException>(() => json ? Dataset.ParseJson(text, source) : Dataset.ParseCsv(text, source));
        Assert.Equal(source, ex.File);
        Assert.StartsWith($"{source}: {ex.Location}: ", ex.Message);
        Assert.False(string.IsNullOrWhiteSpace(ex.Location));
        Assert.False(string.IsNullOrWhiteSpace(ex.Reason));
        Assert.DoesNotContain("Index was outside", ex.Message);
        Assert.DoesNotContain("Object reference", ex.Message);
        return ex;
    }

    [Fact]
    public void The_valid_samples_load()
    {
        var json = Dataset.ParseJson(ValidJson);
        Assert.Equal(22.5e6, Query.Evaluate("sum(rev, FY2023Q1..FY2023Q2)", json).Number);
        var csv = Dataset.ParseCsv(ValidCsv);
        Assert.Equal(22.5e6, Query.Evaluate("sum(rev, FY2023Q1..FY2023Q2)", csv, "A").Number);
    }

    // ---------- truncated ----------

    [Fact]
    public void Every_truncation_of_a_JSON_file_is_a_DataFileException_naming_the_file()
    {
        for (int n = 0; n < ValidJson.Length; n++)
        {
            var ex = Fails(true, ValidJson[..n], "cut.json");
            if (n > 0 && ValidJson[..n].Trim().Length > 0) Assert.Contains("line ", ex.Location);
        }
    }

    [Fact]
    public void A_truncated_JSON_file_on_disk_names_its_path_and_line()
    {
        string path = Write("cut.json", ValidJson[..(ValidJson.Length / 2)]);
        var ex = Assert.Throws<DataFileException>(() => Dataset.Load(path));
        Assert.Equal(path, ex.File);
        Assert.StartsWith(path + ": line ", ex.Message);
        Assert.Contains("malformed JSON", ex.Reason);
    }

    [Fact]
    public void Every_truncation_of_a_CSV_file_loads_what_is_whole_or_fails_cleanly()
    {
        // A CSV cut at a line end is a shorter valid file; cut elsewhere it may still parse (a shorter number)
        // or fail; it must never throw anything but DataFileException.
        for (int n = 0; n < ValidCsv.Length; n++)
        {
            try
            {
                var data = Dataset.ParseCsv(ValidCsv[..n], "cut.csv");
                foreach (var e in data.Entities) _ = Query.Parse("1").Bind(data, e.Id).Evaluate();
            }
            catch (DataFileException ex)
            {
                Assert.Equal("cut.csv", ex.File);
            }
        }
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(DamagedFileArbitraries)])]
    public void A_damaged_file_loads_or_raises_DataFileException_and_nothing_else(DamagedFile f)
    {
        var data = Guard.Within(f.ToString(), () =>
        {
            try
            {
                return f.Json ? Dataset.ParseJson(f.Text, "damaged") : Dataset.ParseCsv(f.Text, "damaged");
            }
            catch (DataFileException ex)
            {
                Assert.Equal("damaged", ex.File);
                Assert.StartsWith("damaged: ", ex.Message);
                return null;
            }
        });
        if (data is null) return;
        // What loads is a usable dataset.
        foreach (var q in new[] { "rev", "sum(rev, 2023)", "yoy(rev)", "eps[2023]" })
        {
            foreach (var e in data.Entities)
            {
                try
                {
                    Guard.AssertSane(Query.Parse(q).Bind(data, e.Id).Evaluate(), q);
                }
                catch (FinQueryException)
                {
                    // an unknown metric after damage is fine
                }
            }
        }
    }

    // ---------- wrong types ----------

    [Theory]
    [InlineData("""{"entities": [{"id": "A", "series": [{"metric": "x", "values": {"2023Q2": true}}]}]}""", """$.entities[0].series[0].values["2023Q2"]""", "expected a number, found true")]
    [InlineData("""{"entities": [{"id": "A", "series": [{"metric": "x", "values": {"2023Q2": [1]}}]}]}""", """$.entities[0].series[0].values["2023Q2"]""", "expected a number, found an array")]
    [InlineData("""{"entities": [{"id": "A", "series": [{"metric": "x", "values": {"2023Q2": {"v": 1}}}]}]}""", """$.entities[0].series[0].values["2023Q2"]""", "expected a number, found an object")]
    [InlineData("""{"entities": [{"id": "A", "series": [{"metric": "x", "values": {"2023Q2": "1"}}]}]}""", """$.entities[0].series[0].values["2023Q2"]""", "expected a number, found the string \"1\"")]
    [InlineData("""{"entities": [{"id": 7}]}""", "$.entities[0].id", "expected a string, found 7")]
    [InlineData("""{"entities": [{"id": "A", "series": {"metric": "x"}}]}""", "$.entities[0].series", "expected an array, found an object")]
    [InlineData("""{"entities": [{"id": "A", "series": [{"metric": "x", "aggregation": 1, "values": {}}]}]}""", "$.entities[0].series[0].aggregation", "expected a string, found 1")]
    [InlineData("""{"entities": [{"id": "A", "fiscalYearEndMonth": "June"}]}""", "$.entities[0].fiscalYearEndMonth", "fiscal year end month must be an integer from 1 to 12, found the string \"June\"")]
    [InlineData("""{"entities": [{"id": "A", "fiscalYearEndMonth": 1e10}]}""", "$.entities[0].fiscalYearEndMonth", "fiscal year end month must be an integer from 1 to 12, found 1e10")]
    [InlineData("""{"entities": "A"}""", "$.entities", "expected an array, found the string \"A\"")]
    [InlineData("""[]""", "$", "expected an object, found an array")]
    public void Wrong_types_in_JSON_name_the_path(string json, string location, string reason)
    {
        var ex = Fails(true, json, "types.json");
        Assert.Equal((location, reason), (ex.Location, ex.Reason));
    }

    [Theory]
    [InlineData("abc", "\"abc\" is not a number: write numbers in the invariant culture, like 2.98 or 1e6")]
    [InlineData("1,5", "\"1,5\" is not a number: write numbers in the invariant culture, like 2.98 or 1e6")]
    [InlineData("0x10", "\"0x10\" is not a number: write numbers in the invariant culture, like 2.98 or 1e6")]
    [InlineData("1_000", "\"1_000\" is not a number: write numbers in the invariant culture, like 2.98 or 1e6")]
    [InlineData("--1", "\"--1\" is not a number: write numbers in the invariant culture, like 2.98 or 1e6")]
    [InlineData("true", "\"true\" is not a number: write numbers in the invariant culture, like 2.98 or 1e6")]
    [InlineData("12%", "\"12%\" is not a number: write numbers in the invariant culture, like 2.98 or 1e6")]
    public void Wrong_types_in_CSV_name_the_line_and_column(string value, string reason)
    {
        string csv = $"entity,metric,period,value\nA,x,2023Q1,1\nA,x,2023Q2,\"{value}\"\n";
        var ex = Fails(false, csv, "types.csv");
        Assert.Equal(("line 3, column \"value\"", reason), (ex.Location, ex.Reason));
    }

    // ---------- huge numbers, NaN, infinity ----------

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("1.8e308")]
    [InlineData("-1.7976931348623159e308")]
    public void JSON_numbers_beyond_a_double_are_refused(string number)
    {
        var ex = Fails(true, $$$"""{"entities": [{"id": "A", "series": [{"metric": "x", "values": {"2023Q2": {{{number}}}}}]}]}""", "huge.json");
        Assert.Equal(("""$.entities[0].series[0].values["2023Q2"]""", $"{number} is not a finite number"), (ex.Location, ex.Reason));
    }

    [Theory]
    [InlineData("1e400", "\"1e400\" is not a finite number")]
    [InlineData("-1e400", "\"-1e400\" is not a finite number")]
    [InlineData("1.8e308", "\"1.8e308\" is not a finite number")]
    [InlineData("NaN", "\"NaN\" is not a finite number")]
    [InlineData("nan", "\"nan\" is not a finite number")]
    [InlineData("Infinity", "\"Infinity\" is not a finite number")]
    [InlineData("-Infinity", "\"-Infinity\" is not a finite number")]
    [InlineData("∞", "\"∞\" is not a number: write numbers in the invariant culture, like 2.98 or 1e6")]
    public void CSV_values_beyond_a_double_or_not_a_number_are_refused(string value, string reason)
    {
        var ex = Fails(false, $"entity,metric,period,value\r\nA,x,2023Q2,{value}\r\n", "huge.csv");
        Assert.Equal(("line 2, column \"value\"", reason), (ex.Location, ex.Reason));
    }

    [Fact]
    public void Large_but_finite_numbers_load_exactly_and_tiny_ones_round_to_zero()
    {
        var json = Dataset.ParseJson("""{"entities": [{"id": "A", "series": [{"metric": "x", "values": {"2023Q1": 123456789012345678901234567890, "2023Q2": 1.7976931348623157e308, "2023Q3": 1e-400}}]}]}""");
        var csv = Dataset.ParseCsv("entity,metric,period,value\nA,x,2023Q1,123456789012345678901234567890\nA,x,2023Q2,1.7976931348623157e308\nA,x,2023Q3,1e-400\n");
        foreach (var data in new[] { json, csv })
        {
            Assert.Equal(1.2345678901234568e29, Query.Evaluate("x[2023Q1]", data).Number);
            Assert.Equal(double.MaxValue, Query.Evaluate("x[2023Q2]", data).Number);
            Assert.Equal(0, Query.Evaluate("x[2023Q3]", data).Number);
            Assert.Equal("n/m: the result is too large to represent", Query.Evaluate("x[2023Q2] * 2", data).Display);
        }
    }

    // ---------- byte-order marks and line ends ----------

    [Fact]
    public void A_byte_order_mark_does_not_shift_error_positions()
    {
        var csv = Fails(false, "\uFEFFentity,metric,period,value\nA,x,2023Q1,1\n\"A,x,2023Q2,2\n", "bom.csv");
        Assert.Equal(("line 3, column 1", "a quoted field is not closed: it needs a closing quote"), (csv.Location, csv.Reason));
        var json = Fails(true, "\uFEFF{\"entities\": [}", "bom.json");
        Assert.Equal("line 1, column 15", json.Location);
        Assert.StartsWith("malformed JSON: ", json.Reason);
    }

    [Fact]
    public void Files_with_a_byte_order_mark_load_in_UTF8_and_UTF16()
    {
        foreach (var encoding in new Encoding[] { new UTF8Encoding(true), new UnicodeEncoding(false, true), new UnicodeEncoding(true, true) })
        {
            var json = Dataset.Load(Write("bom.json", ValidJson, encoding));
            Assert.Equal(12.5e6, Query.Evaluate("rev[FY2023Q2]", json).Number);
            var csv = Dataset.Load(Write("bom.csv", ValidCsv, encoding));
            Assert.Equal(12.5e6, Query.Evaluate("rev[FY2023Q2]", csv, "A").Number);
            using var stream = new MemoryStream(encoding.GetPreamble().Concat(encoding.GetBytes(ValidCsv)).ToArray());
            Assert.Equal(12.5e6, Query.Evaluate("rev[FY2023Q2]", Dataset.LoadCsv(stream), "A").Number);
        }
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    [InlineData("\n")]
    public void Line_ends_of_any_kind_load_and_count_lines_alike(string eol)
    {
        string good = ValidCsv.ReplaceLineEndings(eol);
        Assert.Equal(12.5e6, Query.Evaluate("rev[FY2023Q2]", Dataset.ParseCsv(good), "A").Number);
        string bad = string.Join(eol, "entity,metric,period,value", "A,x,2023Q1,1", "", "A,x,2023Q2,oops", "");
        var ex = Fails(false, bad, "eol.csv");
        Assert.Equal("line 4, column \"value\"", ex.Location);
        string json = string.Join(eol, "{", "  \"entities\": [", "    {\"id\": \"A\",}", "    {\"id\": }", "  ]", "}");
        var jex = Fails(true, json, "eol.json");
        Assert.StartsWith("line 4, column ", jex.Location);
    }

    [Fact]
    public void A_JSON_error_column_counts_characters_not_UTF8_bytes()
    {
        const string text = "{\"entities\": [{\"id\": \"A\", \"name\": \"Ünïcødé 😀\", \"fiscalYearEndMonth\": }]}";
        var ex = Fails(true, text, "utf8.json");
        Assert.Equal($"line 1, column {text.IndexOf(": }", StringComparison.Ordinal) + 3}", ex.Location);
    }

    // ---------- duplicates and spellings ----------

    [Theory]
    [InlineData("2023Q2", "2023Q2", "2023Q2")]
    [InlineData("2023Q2", "FY2023Q2", "2023Q2")]
    [InlineData("2023q2", "fy2023Q2", "2023Q2")]
    [InlineData("2023", "FY2023", "2023")]
    [InlineData("FY2023", "fy2023", "2023")]
    [InlineData("2023H1", "FY2023h1", "2023H1")]
    public void A_period_given_twice_in_any_spelling_is_a_duplicate(string first, string second, string canonical)
    {
        var csv = Fails(false, $"entity,metric,period,value\nA,x,{first},1\nB,x,{first},1\nA,x,{second},2\n", "dup.csv");
        Assert.Equal(("line 4, column \"period\"", $"duplicate observation for {canonical} (first on line 2)"), (csv.Location, csv.Reason));
        var json = Fails(true, $$$"""{"entities": [{"id": "A", "series": [{"metric": "x", "values": {"{{{first}}}": 1, "{{{second}}}": 2}}]}]}""", "dup.json");
        Assert.Equal(($"$.entities[0].series[0].values[\"{second}\"]", $"duplicate observation for {canonical} (first given as \"{first}\")"), (json.Location, json.Reason));
    }

    [Fact]
    public void The_same_period_in_different_frequencies_or_variants_is_not_a_duplicate()
    {
        var data = Dataset.ParseCsv("entity,metric,variant,period,value,aggregation\nA,x,,2023,10,sum\nA,x,,2023Q1,1,sum\nA,x,consensus,2023Q1,1,sum\nA,x,,2023-01,1,sum\n");
        Assert.Equal(10, Query.Evaluate("x[2023]", data).Number);
    }

    // ---------- unknown frequencies ----------

    [Theory]
    [InlineData("2023W05")]
    [InlineData("2023-W05")]
    [InlineData("2023M07")]
    [InlineData("2023Q0")]
    [InlineData("2023Q5")]
    [InlineData("2023H3")]
    [InlineData("2023-13")]
    [InlineData("2023-02-29")]
    [InlineData("20230705")]
    [InlineData("2023/07")]
    [InlineData("23Q1")]
    [InlineData("FY23")]
    [InlineData("0000")]
    [InlineData("10000")]
    [InlineData("FY2023-07")]
    [InlineData("Q2 2023")]
    public void An_unknown_frequency_or_malformed_period_names_the_file_and_place(string period)
    {
        var csv = Fails(false, $"entity,metric,period,value\nA,x,2023Q1,1\nA,x,{period},2\n", "freq.csv");
        Assert.Equal(("line 3, column \"period\"", $"\"{period}\" is not a period: expected 2023, FY2023, 2023H1, 2023Q2, 2023-07 or 2023-07-05"), (csv.Location, csv.Reason));
        var json = Fails(true, $$$"""{"entities": [{"id": "A", "series": [{"metric": "x", "values": {"2023Q1": 1, "{{{period}}}": 2}}]}]}""", "freq.json");
        Assert.Equal($"$.entities[0].series[0].values[\"{period}\"]", json.Location);
    }

    // ---------- all or nothing ----------

    [Fact]
    public void A_bad_last_row_fails_the_whole_file()
    {
        var rows = Enumerable.Range(0, 2_000).Select(i => $"A,x,{Period.OfMonth(1900, 1) + i},{i}");
        string csv = "entity,metric,period,value\n" + string.Join("\n", rows) + "\nA,x,2023Q1,bad\n";
        var ex = Fails(false, csv, "big.csv");
        Assert.Equal("line 2002, column \"value\"", ex.Location);

        string path = Write("big.csv", csv);
        Assert.Throws<DataFileException>(() => Dataset.Load(path));
        var (code, _, err) = CliTests.Finq("eval", "--data", path, "x[1900-01]");
        Assert.Equal(2, code);
        Assert.Contains(path, err);
        Assert.Contains("line 2002", err);
    }
}
