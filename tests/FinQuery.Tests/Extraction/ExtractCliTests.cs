using System.Text.Json;

namespace FinQuery.Tests.Extraction;

/// <summary><c>finq extract</c>: text and JSON output, language detection, lexicon files and bad input.</summary>
public sealed class ExtractCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("finq-extract-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static readonly string Seed = Path.Combine(SeedExtractionTests.Sample, "article-fr.txt");

    [Fact]
    public void Text_output_quotes_each_sentence_then_a_claim_or_a_question_line_per_figure()
    {
        var (code, output, _) = CliTests.Finq("extract", Seed);
        Assert.Equal(0, code);
        var lines = output.Split('\n');
        int claim = Array.IndexOf(lines, "revenue 2023Q2: revenue[2023Q2] ~= 32B");
        Assert.True(claim > 0);
        Assert.StartsWith("# Le rapport financier montre qu'au deuxième trimestre 2023", lines[claim - 1], StringComparison.Ordinal);
        Assert.Contains("# ? 340 milliards de dollars (340B USD): no metric recognised", lines);
        Assert.Contains("# 36 figures: 20 drafted as claims, 16 not recognised (# ?). Read them before you run finq check.", lines);
    }

    [Fact]
    public void Json_output_has_the_sentence_the_figure_and_the_query_or_why()
    {
        var (code, output, _) = CliTests.Finq("extract", "--json", Seed);
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var items = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(SeedExtractionTests.Expected.Length, items.Count);
        var first = items[0];
        Assert.Contains("chiffre d'affaires", first.GetProperty("sentence").GetString());
        Assert.Equal("32 milliards de dollars", first.GetProperty("figure").GetProperty("text").GetString()!.Replace('\u00A0', ' '));
        Assert.Equal(32e9, first.GetProperty("figure").GetProperty("value").GetDouble());
        Assert.Equal("USD", first.GetProperty("figure").GetProperty("unit").GetString());
        Assert.Equal("revenue[2023Q2] ~= 32B", first.GetProperty("query").GetString());
        Assert.True(first.GetProperty("recognised").GetBoolean());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("why").ValueKind);
        var unknown = items.First(i => !i.GetProperty("recognised").GetBoolean());
        Assert.Equal(JsonValueKind.Null, unknown.GetProperty("query").ValueKind);
        Assert.False(string.IsNullOrEmpty(unknown.GetProperty("why").GetString()));
    }

    [Fact]
    public void The_language_is_detected_or_given()
    {
        var en = Write("en.txt", "In Q2 2023 Meta's revenue was $32 billion, up 11% year over year, and the company beat the $31.06 billion that analysts expected.");
        var (code, output, _) = CliTests.Finq("extract", en);
        Assert.Equal(0, code);
        Assert.Contains("(en, entity META, main period 2023Q2)", output);
        Assert.Contains("yoy(revenue, 2023Q2) ~= 11%", output);
        (code, output, _) = CliTests.Finq("extract", "--lang", "fr", Seed);
        Assert.Equal(0, code);
        Assert.Contains("(fr, entity META", output);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("   \n\n  ", "the text is empty")]
    [InlineData("Im zweiten Quartal 2023 stieg der Umsatz von Meta auf 32 Milliarden Dollar, und der Gewinn je Aktie lag bei 2,98 Dollar. Die Zahl der Mitarbeiter sank um 14 Prozent.", "does not read as English or French")]
    public void Bad_stories_are_usage_errors_with_a_clear_message(string text, string message)
    {
        var (code, output, err) = CliTests.Finq("extract", Write("story.txt", text));
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(message, err);
    }

    [Fact]
    public void Binary_huge_missing_and_folder_inputs_are_usage_errors()
    {
        var binary = Path.Combine(_dir, "story.bin");
        File.WriteAllBytes(binary, [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0xFF, 0xFE, 0x00, 0x41]);
        var (code, _, err) = CliTests.Finq("extract", binary);
        Assert.Equal(2, code);
        Assert.Contains("looks binary", err);

        var huge = Write("huge.txt", new string('a', 1_000_001));
        (code, _, err) = CliTests.Finq("extract", huge);
        Assert.Equal(2, code);
        Assert.Contains("stories up to 1,000,000 bytes are read", err);

        (code, _, err) = CliTests.Finq("extract", Path.Combine(_dir, "missing.txt"));
        Assert.Equal(2, code);
        Assert.Contains("no such file", err);

        (code, _, err) = CliTests.Finq("extract", _dir);
        Assert.Equal(2, code);
        Assert.Contains("is a folder", err);

        (code, _, err) = CliTests.Finq("extract", "--lang", "de", Seed);
        Assert.Equal(2, code);
        Assert.Contains("unknown language 'de'", err);

        (code, var json, _) = CliTests.Finq("extract", "--json", Path.Combine(_dir, "missing.txt"));
        Assert.Equal(2, code);
        Assert.Equal("error", JsonDocument.Parse(json).RootElement[0].GetProperty("type").GetString());
    }

    [Fact]
    public void The_library_refuses_text_that_is_not_a_story()
    {
        Assert.Throws<ExtractionException>(() => ClaimExtractor.Extract("", StoryExtractionTests.Meta));
        Assert.Throws<ExtractionException>(() => ClaimExtractor.Extract("a\0b revenue", StoryExtractionTests.Meta));
        Assert.Throws<ExtractionException>(() => ClaimExtractor.Extract(new string('x', 1_000_001), StoryExtractionTests.Meta));
        Assert.Throws<ArgumentException>(() => ClaimExtractor.Extract("Revenue was $3B in 2023.", StoryExtractionTests.Meta, entity: "NOPE"));
        Assert.Throws<ArgumentException>(() => ClaimExtractor.Extract("Revenue was $3B in 2023.", StoryExtractionTests.Meta, language: "de"));
    }

    [Fact]
    public void A_lexicon_file_adds_words_to_the_shipped_one()
    {
        var story = Write("story.txt", "Au deuxième trimestre 2023, les pertes du métavers ont atteint 3,73 milliards de dollars, et le chiffre d'affaires 32 milliards de dollars.");
        var (_, before, _) = CliTests.Finq("extract", story);
        Assert.Contains("# ? 3,73 milliards de dollars", before);
        var lexicon = Write("meta.json", """
            { "language": "fr",
              "metrics": [ { "words": ["métavers", "metaverse"], "metric": "reality_labs_operating_income" } ] }
            """);
        var (code, after, err) = CliTests.Finq("extract", "--lexicon", lexicon, story);
        Assert.True(code == 0, err);
        Assert.Contains("-reality_labs_operating_income[2023Q2] ~= 3.73B", after);
        Assert.Contains("revenue[2023Q2] ~= 32B", after); // the shipped words still work
    }

    [Theory]
    [InlineData("{ \"language\": \"fr\", \"metrics\": [ { \"words\": [] , \"metric\": \"x\" } ] }", "$.metrics[0].words")]
    [InlineData("{ \"language\": \"fr\", \"cues\": { \"sometimes\": [\"parfois\"] } }", "$.cues.sometimes: unknown kind of cue")]
    [InlineData("{ \"metrics\": [] }", "missing \"language\"")]
    [InlineData("{ \"language\": \"fr\", \"numbers\": { \"decimal\": \";\" } }", "$.numbers.decimal")]
    [InlineData("{ \"language\": \"fr\",\n  \"metrics\": [ }", "line 2")]
    public void A_bad_lexicon_file_names_the_place(string json, string message)
    {
        var (code, _, err) = CliTests.Finq("extract", "--lexicon", Write("bad.json", json), Seed);
        Assert.Equal(2, code);
        Assert.Contains("bad lexicon: ", err);
        Assert.Contains("bad.json", err);
        Assert.Contains(message, err);
    }

    [Fact]
    public void A_consensus_the_data_lacks_is_a_question_line()
    {
        var story = Write("story.txt", "Au deuxième trimestre 2023, les analystes attendaient des effectifs de 70 000.");
        var (code, output, _) = CliTests.Finq("extract", story);
        Assert.Equal(0, code);
        Assert.Contains("# ? 70 000 (70000): the data has no consensus for headcount", output);
    }
}
