using System.Globalization;
using System.Text;
using FinQuery.Data;
using FinQuery.Tests.Robustness;
using FsCheck;
using FsCheck.Xunit;

namespace FinQuery.Tests.Data;

/// <summary>
/// The loaders' fast paths (<see cref="JsonFastReader"/>, <see cref="CsvFastReader"/>) load valid files, and load
/// exactly what the validating readers load: the same entities, series, values, derivations and publications.
/// On damaged files they either agree or give up, and then the validating reader's error is the one reported.
/// </summary>
public class FastLoadingTests
{
    /// <summary>Everything a dataset holds, as text.</summary>
    internal static string Describe(Dataset data)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"default {data.DefaultEntity?.Id}; keys {string.Join(",", data.MetricKeys)}\n");
        foreach (var e in data.Entities)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{e.Id} \"{e.Name}\" FY{e.Calendar.YearEndMonth}\n");
            foreach (var s in e.Series)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {s.Metric}/{s.Variant}/{s.Unit}/{s.Aggregation} finest {s.FinestReported} days {s.MinDay}..{s.MaxDay}\n");
                for (int f = 4; f >= 0; f--)
                {
                    foreach (var (p, v) in s.ValuesAt((Frequency)f))
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"    {p}={v:R} {s.DescribeDerivation(p)}");
                        foreach (var o in s.PublishedAt(p))
                            sb.Append(CultureInfo.InvariantCulture, $" [{o.Value:R} {o.FiledDay} {o.Origin?.Source}]");
                        sb.Append('\n');
                    }
                }
            }
        }
        return sb.ToString();
    }

    private static Dataset? Validating(bool json, string text)
    {
        try
        {
            return json ? JsonDatasetReader.ParseValidating(text, "x") : CsvDatasetReader.ParseValidating(text, "x");
        }
        catch (DataFileException)
        {
            return null;
        }
    }

    private static Dataset? Fast(bool json, string text)
    {
        return Utf8(text) is { } utf8 ? (json ? JsonFastReader.TryRead(utf8) : CsvFastReader.TryRead(utf8, 0)) : null;
    }

    /// <summary>The text after any byte-order mark as UTF-8; null when it cannot be (a lone surrogate), as the loaders see it.</summary>
    private static byte[]? Utf8(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        try
        {
            return new UTF8Encoding(false, true).GetBytes(text);
        }
        catch (EncoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>The fast path agrees with the validating reader, or gives up; when <paramref name="mustLoad"/>, it loads.</summary>
    internal static void AssertAgree(bool json, string text, bool mustLoad)
    {
        var expected = Validating(json, text);
        var actual = Fast(json, text);
        if (mustLoad)
        {
            Assert.NotNull(expected);
            Assert.NotNull(actual);
        }
        if (expected is null) Assert.Null(actual);
        if (actual is not null) Assert.Equal(Describe(expected!), Describe(actual));
        if (!json) AssertBlocksAgree(text, actual);
    }

    /// <summary>A stream that gives at most a few bytes per read, as a pipe or a slow network share may.</summary>
    private sealed class TrickleStream(byte[] bytes, int most) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, most));
    }

    /// <summary>
    /// The CSV fast path reads files in blocks: cut anywhere (blocks of one byte and up, reads of a few bytes, with or
    /// without a byte-order mark), it loads what it loads from the whole text, or gives up where that gives up.
    /// </summary>
    private static void AssertBlocksAgree(string text, Dataset? whole)
    {
        if (Utf8(text) is not { } utf8) return;
        byte[] withMark = [0xEF, 0xBB, 0xBF, .. utf8];
        foreach (var (bytes, blockSize, most) in new[] { (utf8, 1, int.MaxValue), (withMark, 2, 1), (utf8, 7, 3), (withMark, 64, int.MaxValue), (utf8, CsvFastReader.BlockSize, 5) })
        {
            var inBlocks = CsvFastReader.TryRead(new TrickleStream(bytes, most), blockSize);
            Assert.True((whole is null) == (inBlocks is null), $"blocks of {blockSize}, reads of at most {most}: {(whole is null ? "loaded" : "gave up")} where the whole text {(whole is null ? "gave up" : "loaded")}");
            if (whole is not null) Assert.Equal(Describe(whole), Describe(inBlocks!));
        }
    }

    private static string Sample(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "samples", "meta-q2-2023", name));

    [Fact]
    public void Valid_files_take_the_fast_path_and_load_the_same()
    {
        AssertAgree(true, DataFileRobustnessTests.ValidJson, mustLoad: true);
        AssertAgree(false, DataFileRobustnessTests.ValidCsv, mustLoad: true);
        AssertAgree(true, VintageTests.Json, mustLoad: true);
        AssertAgree(false, VintageTests.Csv, mustLoad: true);
        AssertAgree(true, Sample("meta.json"), mustLoad: true);
        AssertAgree(false, Sample("meta-facts.csv"), mustLoad: true);
        AssertAgree(false, "entity,metric,period,value\r\n\r\nA,x,2022,1\r\n,,,\r\n   \r\nA,x,2023,2\r", mustLoad: true);
        AssertAgree(false, "entity,metric,period,value,unit,source\nA,x,2022,1,\"USD\",\"a, b\"\n\"A\",\"x\",\"2023\",\"2\",USD,\"she said \"\"hi\"\"\nacross lines\"\nA,x,2024,3,USD,\"\"\n", mustLoad: true);
        AssertAgree(false, "Entity , METRIC,period,value,Name,fiscalyearendmonth\nacme,X,2023Q1, 1e3 ,Acme Corp.,6\nACME,x,2023Q2,-2.5,,\nB,y,2023-07-05,3,Bee,\n", mustLoad: true);
        AssertAgree(true, """
            // comments and trailing commas
            {"entities": [{"id": "A", "fiscalYearEndMonth": null, "name": "Ä \u00e9", "x": [1, {"y": 2}],
              "series": [{"values": {"2023Q1": 1, "2023Q2": 2,}, "metric": "m", "scale": 1e3, "aggregation": "SUM", "variant": "Consensus"},
                         {"metric": "m", "values": {}, "aggregation": "sum", "filed": "2024-01-31", "variant": "consensus"}],},],
             "defaultEntity": "a"}
            """, mustLoad: true);
    }

    [Fact]
    public void Records_cut_32_bytes_at_a_time_split_as_byte_by_byte()
    {
        string wide = string.Join(",", Enumerable.Range(0, 40).Select(i => $"extra{i}"));
        string longSource = new('s', 70);
        foreach (string newline in new[] { "\n", "\r\n", "\r" })
        {
            string Lines(params string[] lines) => string.Join(newline, lines) + newline;
            // The last record without a line end too: in a block reused from the pool, old bytes follow it.
            void AssertAgree(bool json, string text, bool mustLoad)
            {
                FastLoadingTests.AssertAgree(json, text, mustLoad);
                FastLoadingTests.AssertAgree(json, text[..^newline.Length], mustLoad);
            }
            // Rows longer than one and two vectors, commas on both sides of a 32-byte edge, a line end on it.
            AssertAgree(false, Lines("entity,metric,period,value,unit,source", $"ACME_CORPORATION_HOLDINGS,revenue_from_operations,2023Q1,12345.5,USD,{longSource}",
                "A,x,2023Q2,1,USD,abcdefghijklmnopqrstuvwxy", "A,x,2023Q3,2,USD,abcdefghijklmnopqrstuvwx", "A,x,2023Q4,3,USD,"), mustLoad: true);
            // Forty columns the reader does not know.
            AssertAgree(false, Lines("entity,metric,period,value," + wide, "A,x,2023Q1,1," + wide, "A,x,2023Q2,2," + wide), mustLoad: true);
            // A quote inside a field that does not start with one, and a quoted field after 32 plain bytes.
            AssertAgree(false, Lines("entity,metric,period,value,unit,source", "A,x,2023Q1,1,USD,a 5\" screen", "A,x,2023Q2,2,USD,\"quoted, late\""), mustLoad: false);
            AssertAgree(false, Lines("entity,metric,period,value,unit,source", "A,x,2023Q2,2,USD,0123456789012345678901234\"quoted\""), mustLoad: false);
        }
    }

    [Fact]
    public void Loading_a_file_and_its_text_agree()
    {
        string dir = Directory.CreateTempSubdirectory("finq-fast-").FullName;
        try
        {
            foreach (var (name, text) in new[] { ("v.json", VintageTests.Json), ("v.csv", VintageTests.Csv) })
            {
                string path = Path.Combine(dir, name);
                foreach (var encoding in new Encoding[] { new UTF8Encoding(false), new UTF8Encoding(true), new UnicodeEncoding(false, true) })
                {
                    File.WriteAllText(path, text, encoding);
                    var fromText = name.EndsWith(".json", StringComparison.Ordinal) ? Dataset.ParseJson(text) : Dataset.ParseCsv(text);
                    Assert.Equal(Describe(fromText), Describe(Dataset.Load(path)));
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A file of several blocks: CRLF line ends, quoted sources with commas, quotes and line breaks, a restatement per series.</summary>
    private static string LargeCsv(int entities)
    {
        var sb = new StringBuilder("entity,metric,period,value,unit,aggregation,filed,source\r\n");
        for (int e = 0; e < entities; e++)
            foreach (string metric in new[] { "revenue", "cost" })
            {
                for (int q = 0; q < 40; q++)
                    sb.Append(CultureInfo.InvariantCulture, $"E{e},{metric},{2010 + q / 4}Q{q % 4 + 1},{e * 1000 + q * 7.25},USD,sum,2024-01-{q % 28 + 1:00},\"10-Q, \"\"item {q}\"\"\r\nline two\"\r\n");
                sb.Append(CultureInfo.InvariantCulture, $"E{e},{metric},2010Q2,{e + 0.5},USD,sum,2025-03-01,restated\r\n");
            }
        return sb.ToString();
    }

    [Fact]
    public void A_file_of_many_blocks_loads_from_a_path_and_from_streams_as_its_text_does()
    {
        string text = LargeCsv(entities: 300);
        Assert.True(Encoding.UTF8.GetByteCount(text) > 4 * CsvFastReader.BlockSize);
        string expected = Describe(CsvDatasetReader.ParseValidating(text, "x"));
        string path = Path.Combine(Directory.CreateTempSubdirectory("finq-blocks-").FullName, "large.csv");
        try
        {
            File.WriteAllText(path, text, new UTF8Encoding(true));
            Assert.Equal(expected, Describe(Dataset.LoadCsv(path)));
            using (var seekable = File.OpenRead(path)) Assert.Equal(expected, Describe(Dataset.LoadCsv(seekable)));
            using (var pipe = new OneWayStream(File.ReadAllBytes(path))) Assert.Equal(expected, Describe(Dataset.LoadCsv(pipe)));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void A_bad_row_in_a_later_block_is_reported_as_the_text_reports_it()
    {
        string text = LargeCsv(entities: 120) + "E5,revenue,2031Q1,12x,USD,sum,,\r\n" + LargeCsv(entities: 1)[56..];
        var fromText = Assert.Throws<DataFileException>(() => Dataset.ParseCsv(text, "bad.csv"));
        string path = Path.Combine(Directory.CreateTempSubdirectory("finq-blocks-").FullName, "bad.csv");
        try
        {
            File.WriteAllText(path, text);
            var fromFile = Assert.Throws<DataFileException>(() => Dataset.LoadCsv(path));
            Assert.Equal(fromText.Message.Replace("bad.csv", path, StringComparison.Ordinal), fromFile.Message);
            Assert.True(fromFile.Message.Contains("line 19442, column \"value\"", StringComparison.Ordinal), fromFile.Message);
            using var stream = File.OpenRead(path);
            Assert.Equal(fromText.Message, Assert.Throws<DataFileException>(() => Dataset.LoadCsv(stream, "bad.csv")).Message);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    /// <summary>A stream that cannot seek, such as standard input.</summary>
    private sealed class OneWayStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(DamagedFileArbitraries)])]
    public void On_a_damaged_file_the_fast_path_agrees_or_gives_up(DamagedFile f) => AssertAgree(f.Json, f.Text, mustLoad: false);

    [Property(MaxTest = 100, Arbitrary = [typeof(Generators)])]
    public void Random_datasets_take_the_fast_path(DatasetSpec spec, int seed)
    {
        AssertAgree(true, RoundTripProperties.ToJson(spec), mustLoad: true);
        AssertAgree(false, RoundTripProperties.ToCsv(spec, seed), mustLoad: true);
    }

    [Theory]
    [MemberData(nameof(ErrorCaseTests.JsonCases), MemberType = typeof(ErrorCaseTests))]
    public void Every_bad_JSON_case_gives_up_on_the_fast_path(string name, string json, string expected)
    {
        _ = (name, expected);
        Assert.Null(Fast(true, json));
    }

    [Theory]
    [MemberData(nameof(ErrorCaseTests.CsvCases), MemberType = typeof(ErrorCaseTests))]
    public void Every_bad_CSV_case_gives_up_on_the_fast_path(string name, string csv, string expected)
    {
        _ = (name, expected);
        Assert.Null(Fast(false, csv));
    }
}
