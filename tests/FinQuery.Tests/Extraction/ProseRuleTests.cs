using FinQuery.Tests.Data.Sec;

namespace FinQuery.Tests.Extraction;

/// <summary>
/// Rules of French and English financial prose, each pinned by sentences written for the test in both languages,
/// over the story data (Tesla 2022Q3, Snowflake fiscal 2024), the Meta sample and the SEC company facts.
/// </summary>
public class ProseRuleTests
{
    private static List<string> Lines(string text, Dataset data) => StoryExtractionTests.Lines(text, data);

    private static Dataset Stories => StoryExtractionTests.StoryData;

    private static Dataset Meta => StoryExtractionTests.Meta;

    // A "since" right after a record word ("the highest since 2021") dates the record: the figure is a level of the
    // period in force, not a sum since that year.
    [Theory]
    [InlineData("In the third quarter of 2022, Tesla's revenue rose to its highest level since 2021 at $21.5 billion.")]
    [InlineData("Tesla's revenue hit a record since 2021 of $21.5 billion in the third quarter of 2022.")]
    [InlineData("Le chiffre d'affaires de Tesla a atteint son plus haut niveau depuis 2021 avec 21,5 milliards de dollars au troisième trimestre 2022.")]
    [InlineData("Au troisième trimestre 2022, le chiffre d'affaires de Tesla, au plus haut depuis 2021 à 21,5 milliards de dollars, a surpris.")]
    public void A_since_after_a_record_word_dates_the_record_not_the_figure(string story) =>
        Assert.Equal(["TSLA.revenue[2022Q3] ~= 21.5B"], Lines(story, Stories));

    [Theory]
    // Without a record word, "since" is still the start of a sum.
    [InlineData("In Q2 2023, Reality Labs has lost $31.6 billion since 2021.", "-sum(reality_labs_operating_income, 2021..2023Q2) ~= 31.6B")]
    [InlineData("Au deuxième trimestre 2023, Reality Labs a perdu 31,6 milliards de dollars depuis 2021.", "-sum(reality_labs_operating_income, 2021..2023Q2) ~= 31.6B")]
    // A record "since" that names no period no longer hides the period in force: the expected EPS of the quarter.
    [InlineData("Au deuxième trimestre 2023, le bénéfice par action, le plus élevé depuis des années, devrait être de 2,91 $.", "consensus(eps_diluted, 2023Q2) ~= 2.91")]
    [InlineData("In Q2 2023, earnings per share, the best since the pandemic, were expected at $2.91.", "consensus(eps_diluted, 2023Q2) ~= 2.91")]
    // A "since" with a record word far before it is not the record's.
    [InlineData("The record quarter came after Reality Labs lost $31.6 billion since 2021, in Q2 2023.", "-sum(reality_labs_operating_income, 2021..2023Q2) ~= 31.6B")]
    public void Since_with_and_without_a_record_word(string story, string expected) => Assert.Equal([expected], Lines(story, Meta));

    // "for two consecutive years" with the two years stated in the sentence: each of them, so a bound becomes the
    // smallest (or largest) of the years; a loss negates the metric.
    [Theory]
    [InlineData("Tesla's net income topped $500 million for two consecutive years: $721 million in 2020 and $5.52 billion in 2021.",
        "min(TSLA.net_income, 2020..2021) > 500M|TSLA.net_income[2020] ~= 721M|TSLA.net_income[2021] ~= 5.52B")]
    [InlineData("Le bénéfice net de Tesla a dépassé 500 millions de dollars deux années de suite, avec 721 millions de dollars en 2020 et 5,52 milliards de dollars en 2021.",
        "min(TSLA.net_income, 2020..2021) > 500M|TSLA.net_income[2020] ~= 721M|TSLA.net_income[2021] ~= 5.52B")]
    [InlineData("Tesla's net income stayed under $6 billion for two years in a row, at $721 million in 2020 and $5.52 billion in 2021.",
        "max(TSLA.net_income, 2020..2021) < 6B|TSLA.net_income[2020] ~= 721M|TSLA.net_income[2021] ~= 5.52B")]
    public void Two_consecutive_years_stated_in_the_sentence_are_each_of_them(string story, string expected)
    {
        var tesla = SecTestData.Data;
        var result = ClaimExtractor.Extract(story, tesla, "TSLA");
        Assert.Equal(expected.Split('|'), result.Claims.Select(c => c.Query ?? "? " + c.Why));
        foreach (var claim in result.Claims)
            Assert.Equal(ClaimVerdict.Holds, Query.Parse(claim.Query!).Bind(tesla).Check().Verdict);
    }

    [Theory]
    [InlineData("Reality Labs lost more than $10 billion for two consecutive years, $13.717 billion in 2022 and $10.193 billion in 2021.")]
    [InlineData("Reality Labs a perdu plus de 10 milliards de dollars pendant deux années consécutives : 13,717 milliards de dollars en 2022 et 10,193 milliards de dollars en 2021.")]
    [InlineData("Reality Labs a perdu plus de 10 milliards de dollars deux années d'affilée, de 2021 à 2022.")]
    public void A_loss_over_a_bound_for_consecutive_years_is_the_smallest_loss(string story) =>
        Assert.Equal("-max(reality_labs_operating_income, 2021..2022) > 10B", Lines(story, Meta)[0]);

    [Theory]
    // No years stated, the wrong number of them, years that do not follow each other, no bound: said, not guessed.
    [InlineData("Q2 2023: Reality Labs lost over $10 billion for two consecutive years.", "? 'two consecutive years': the sentence does not state which years")]
    [InlineData("Reality Labs a perdu plus de 10 milliards de dollars pendant trois années consécutives, en 2021 et en 2022.",
        "? 'trois années consécutives': the sentence states 2 years (2021, 2022), not 3")]
    [InlineData("Reality Labs lost over $10 billion for two straight years, in 2020 and in 2022.",
        "? 'two straight years': the years the sentence states (2020, 2022) do not follow each other")]
    [InlineData("Reality Labs lost about $12 billion for two consecutive years, in 2021 and 2022.",
        "? a figure for each of 2 periods is drafted only as a bound (more than, less than)")]
    public void Consecutive_years_the_sentence_does_not_pin_down_are_said_not_guessed(string story, string expected) =>
        Assert.Equal(expected, Lines(story, Meta)[0]);
}
