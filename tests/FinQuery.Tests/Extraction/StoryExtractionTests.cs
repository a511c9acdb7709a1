namespace FinQuery.Tests.Extraction;

/// <summary>
/// Stories written for these tests, in both languages, about Tesla's 2022Q3 and Snowflake's fiscal 2024 (year
/// ending in January), checked against a small dataset with their real figures and fiscal calendars, plus a
/// company whose year ends in September; and short stories that pin each period and kind of figure.
/// </summary>
public class StoryExtractionTests
{
    internal static readonly string Stories = Path.Combine(AppContext.BaseDirectory, "Extraction", "Stories");
    internal static readonly Dataset StoryData = Dataset.Load(Path.Combine(Stories, "stories-data.json"));
    internal static readonly Dataset Meta = Dataset.Load(Path.Combine(AppContext.BaseDirectory, "samples", "meta-q2-2023", "meta.json"));

    internal static List<string> Lines(string text, Dataset data, string? entity = null, string? lang = null) =>
        ClaimExtractor.Extract(text, data, entity, lang).Claims.Select(c => c.Query ?? "? " + c.Why).ToList();

    private static List<string> StoryLines(string file) => Lines(File.ReadAllText(Path.Combine(Stories, file)), StoryData);

    // The same story in both languages drafts the same claims.
    private static readonly string[] TeslaClaims =
    [
        "TSLA.revenue[2022Q3] ~= 21.454B",
        "yoy(TSLA.revenue, 2022Q3) ~= 56%",
        "TSLA.net_income[2022Q3] ~= 3.29B",
        "TSLA.net_income[2021Q3] ~= 1.618B",
        "TSLA.eps_diluted[2022Q3] ~= 0.95",
        "qoq(TSLA.revenue, 2022Q3) ~= 27%",
        "? a plain number, but revenue is an amount in USD",
    ];

    [Theory]
    [InlineData("tesla-2022q3-en.txt")]
    [InlineData("tesla-2022q3-fr.txt")]
    public void Tesla_2022Q3_in_both_languages(string file) => Assert.Equal(TeslaClaims, StoryLines(file));

    [Theory]
    [InlineData("en", "Tesla reported revenue of $21.454 billion for the third quarter of 2022. Net income more than doubled to $3.29 billion, or 95 cents a share, compared with $1.618 billion in the same quarter last year.")]
    [InlineData("fr", "Tesla a publié un chiffre d'affaires de 21,454 milliards de dollars au troisième trimestre 2022. Le bénéfice net a plus que doublé, à 3,29 milliards de dollars, soit 95 cents par action, contre 1,618 milliard de dollars à la même période l'an dernier.")]
    public void Earnings_per_share_in_cents_as_wire_stories_write_it(string lang, string story) =>
        Assert.Equal(
        [
            "TSLA.revenue[2022Q3] ~= 21.454B",
            "TSLA.net_income[2022Q3] ~= 3.29B",
            "TSLA.eps_diluted[2022Q3] ~= 0.95",
            "TSLA.net_income[2021Q3] ~= 1.618B",
        ], Lines(story, StoryData, lang: lang));

    [Fact]
    public void Snowflake_fiscal_2024_ends_in_January()
    {
        Assert.Equal(
        [
            // "revenue growth of 36%" with no basis: a change in a results story is year over year.
            "yoy(SNOW.revenue, FY2024) ~= 36%",
            "SNOW.revenue[FY2024] ~= 2.806B",
            "yoy(SNOW.revenue, FY2024) ~= 36%",
            "-SNOW.net_income[FY2024] ~= 836.1M",
            "-SNOW.net_income[FY2023] ~= 796.7M",
            "SNOW.revenue[FY2024Q1] ~= 623.6M",
        ], StoryLines("snowflake-fy2024-en.txt"));
        Assert.Equal(
        [
            "SNOW.revenue[FY2024] ~= 2.806B",
            "yoy(SNOW.revenue, FY2024) ~= 36%",
            "-SNOW.net_income[FY2024] ~= 836.1M",
            "-SNOW.net_income[FY2023] ~= 796.7M",
        ], StoryLines("snowflake-fy2024-fr.txt"));
    }

    [Fact]
    public void A_September_year_has_its_fiscal_fourth_quarter_in_July_to_September_and_its_June_quarter_in_April_to_June()
    {
        Assert.Equal(
        [
            "ACME.revenue[FY2023Q4] ~= 89.5B",
            "yoy(ACME.revenue, FY2023Q4) ~= -1%",
            "ACME.revenue[FY2023Q3] ~= 81.8B",
        ], StoryLines("acme-fiscal-q4-en.txt"));
        var acme = StoryData.FindEntity("ACME")!.Calendar;
        Assert.Equal(new DateOnly(2023, 7, 1), acme.StartDate(Period.Parse("2023Q4")));
        Assert.Equal(new DateOnly(2023, 6, 30), acme.EndDate(Period.Parse("2023Q3")));
    }

    [Fact]
    public void Every_claim_drafted_from_the_stories_binds_and_its_left_side_evaluates_to_a_number()
    {
        foreach (var file in Directory.GetFiles(Stories, "*.txt"))
        {
            foreach (var claim in ClaimExtractor.Extract(File.ReadAllText(file), StoryData).Claims.Where(c => c.Recognised))
            {
                var lhs = claim.Query!.Split([" ~= ", " > ", " < "], StringSplitOptions.None)[0];
                var r = Query.Evaluate(lhs, StoryData);
                Assert.False(r.IsNa, $"{Path.GetFileName(file)}: {claim.Query}: {r.Reason}");
            }
        }
    }

    [Theory]
    // Quarters written every way, relative to the story's main period.
    [InlineData("Au deuxième trimestre 2023, le chiffre d'affaires a atteint 32 milliards de dollars.", "revenue[2023Q2] ~= 32B")]
    [InlineData("Le chiffre d'affaires du T2 2023 atteint 32 milliards de dollars.", "revenue[2023Q2] ~= 32B")]
    [InlineData("Revenue was $32 billion in Q2 2023.", "revenue[2023Q2] ~= 32B")]
    [InlineData("Revenue was $32 billion in 2Q23.", "revenue[2023Q2] ~= 32B")]
    [InlineData("Revenue for the second quarter of 2023 was $32 billion.", "revenue[2023Q2] ~= 32B")]
    [InlineData("Second-quarter 2023 revenue was $32 billion.", "revenue[2023Q2] ~= 32B")]
    [InlineData("Revenue in the June quarter of 2023 was $32 billion.", "revenue[2023Q2] ~= 32B")]
    [InlineData("In Q2 2023 revenue was $32 billion; in the first quarter it was $28.6 billion.", "revenue[2023Q2] ~= 32B|revenue[2023Q1] ~= 28.6B")]
    [InlineData("In 2023Q2 revenue was $32 billion, against $28.8 billion a year earlier.", "revenue[2023Q2] ~= 32B|revenue[2022Q2] ~= 28.8B")]
    [InlineData("Au deuxième trimestre 2023, le bénéfice net est de 7,788 milliards de dollars, contre 6,687 milliards un an plus tôt.", "net_income[2023Q2] ~= 7.788B|net_income[2022Q2] ~= 6.687B")]
    [InlineData("Au deuxième trimestre 2023, le bénéfice net est de 7,788 milliards de dollars, contre 6,687 milliards l'an dernier.", "net_income[2023Q2] ~= 7.788B|net_income[2022Q2] ~= 6.687B")]
    // Kinds of figure: change, consensus, loss, cumulative since a year, bounds.
    [InlineData("In Q2 2023 revenue rose 11% year over year.", "yoy(revenue, 2023Q2) ~= 11%")]
    [InlineData("In Q2 2023 headcount fell 14% from a year earlier to 71,469.", "yoy(headcount, 2023Q2) ~= -14%|headcount[2023Q2] ~= 71469")]
    [InlineData("Au deuxième trimestre 2023, les effectifs ont diminué de 14 % en glissement annuel.", "yoy(headcount, 2023Q2) ~= -14%")]
    [InlineData("Q2 2023 revenue of $32 billion beat the $31.06 billion analysts expected.", "revenue[2023Q2] ~= 32B|consensus(revenue, 2023Q2) ~= 31.06B")]
    [InlineData("Reality Labs lost $3.73 billion in Q2 2023.", "-reality_labs_operating_income[2023Q2] ~= 3.73B")]
    [InlineData("Reality Labs a perdu 31,6 milliards de dollars depuis 2021, dont 3,73 milliards au deuxième trimestre 2023.",
        "-sum(reality_labs_operating_income, 2021..2023Q2) ~= 31.6B|-reality_labs_operating_income[2023Q2] ~= 3.73B")]
    [InlineData("Reality Labs has lost about $31.6 billion since 2021; in Q2 2023 alone it lost $3.73 billion.",
        "-sum(reality_labs_operating_income, 2021..2023Q2) ~= 31.6B|-reality_labs_operating_income[2023Q2] ~= 3.73B")]
    [InlineData("Reality Labs lost more than $10 billion in 2022.", "-reality_labs_operating_income[2022] > 10B")]
    [InlineData("Horizon Worlds had fewer than 200,000 users at the end of 2022.", "horizon_worlds_users[2022] < 200000")]
    [InlineData("In Q2 2023 revenue rose by $3.2 billion year over year.", "change(revenue, 2022Q2, 2023Q2) ~= 3.2B")]
    // What it cannot place is said, never guessed.
    [InlineData("Revenue was $32 billion.", "? no period recognised, and the story names no main period")]
    [InlineData("In Q2 2023, Threads had 100 million users within five days.", "? THREADS has no revenue|X")]
    [InlineData("In Q2 2023 the company sold 500 million yuan of ads.", "? no metric recognised")]
    [InlineData("In Q2 2023 revenue was 32 billion yuan.", "? the figure is in CNY but revenue is in USD")]
    public void Periods_and_kinds_of_figure(string story, string expected)
    {
        var lines = Lines(story, Meta);
        if (expected.EndsWith("|X", StringComparison.Ordinal))
        {
            // Only that it is not a claim.
            Assert.All(lines, l => Assert.StartsWith("? ", l));
            return;
        }
        Assert.Equal(expected.Split('|'), lines);
    }

    [Theory]
    [InlineData("Revenue was $32 billion in Q2'23.", "revenue[2023Q2]")]
    [InlineData("Revenue for the quarter ended June 30, 2023 was $32 billion.", "revenue[2023Q2]")]
    [InlineData("Le chiffre d'affaires du trimestre clos fin juin 2023 atteint 32 milliards de dollars.", "revenue[2023Q2]")]
    [InlineData("Au quatrième trimestre de l'exercice 2022, le chiffre d'affaires atteint 32,2 milliards de dollars.", "revenue[2022Q4]")]
    [InlineData("Revenue in FY2022Q4 was $32.2 billion.", "revenue[2022Q4]")]
    [InlineData("Revenue in Q4 FY22 was $32.2 billion.", "revenue[2022Q4]")]
    [InlineData("Le chiffre d'affaires de l'exercice 2022 atteint 116,6 milliards de dollars.", "revenue[2022]")]
    [InlineData("Revenue in fiscal 2022 was $116.6 billion.", "revenue[2022]")]
    [InlineData("Revenue in FY22 was $116.6 billion.", "revenue[2022]")]
    [InlineData("Reality Labs lost $23.9 billion between 2021 and 2022.", "-sum(reality_labs_operating_income, 2021..2022)")]
    [InlineData("Reality Labs a perdu 23,9 milliards de dollars de 2021 à 2022.", "-sum(reality_labs_operating_income, 2021..2022)")]
    [InlineData("In Q2 2023 the Reality Labs loss widened 33% year over year.", "yoy(-reality_labs_operating_income, 2023Q2)")]
    public void More_ways_to_write_a_period(string story, string expectedLeftSide)
    {
        var line = Assert.Single(Lines(story, Meta));
        Assert.StartsWith(expectedLeftSide + " ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quarter_without_a_year_is_the_latest_one_up_to_the_main_period()
    {
        Assert.Equal(["revenue[2023Q1] ~= 28.6B", "revenue[2022Q4] ~= 32.2B"],
            Lines("Q1 2023 revenue was $28.6 billion. In the fourth quarter, revenue was $32.2 billion. Q1 2023 was slow.", Meta));
    }

    [Fact]
    public void A_vague_or_unplaceable_time_is_said_not_guessed()
    {
        var lines = Lines("Au deuxième trimestre 2023, Threads a atteint 30 millions d'utilisateurs enregistrés en 24 heures.", Meta);
        Assert.Equal(["? the period 'heures' is not one I can place"], lines);
        lines = Lines("Q2 2023: Reality Labs lost over $10 billion for two consecutive years.", Meta);
        Assert.Equal(["? 'two consecutive years': the sentence does not state which years"], lines);
        lines = Lines("Q2 2023: Reality Labs has lost $31.6 billion since its launch.", Meta);
        Assert.Equal(["? the period 'since' is not one I can place"], lines);
    }

    [Fact]
    public void Entities_named_in_the_story_get_their_own_metrics()
    {
        var data = new DatasetBuilder()
            .AddEntity("META", "Meta Platforms, Inc.").AddEntity("THREADS", "Threads (Meta)")
            .SetDefaultEntity("META")
            .AddSeries("META", "revenue", "USD", Aggregation.Sum, [KeyValuePair.Create(Period.Parse("2023Q3"), 34.1e9)])
            .AddSeries("THREADS", "registered_users", "count", Aggregation.Last, [KeyValuePair.Create(Period.Parse("2023Q3"), 100e6)])
            .Build();
        Assert.Equal(["revenue[2023Q3] ~= 34.1B", "THREADS.registered_users[2023Q3] > 100M"],
            Lines("In Q3 2023 Meta's revenue was $34.1 billion, and Threads passed 100 million registered users.", data));
    }
}
