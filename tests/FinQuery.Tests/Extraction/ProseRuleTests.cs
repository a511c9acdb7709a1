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

    /// <summary>The claims drafted from a story about Tesla against its SEC company facts, each checked: all must hold.</summary>
    private static List<string> Tesla(string story)
    {
        var data = SecTestData.Data;
        var result = ClaimExtractor.Extract(story, data, "TSLA");
        foreach (var claim in result.Claims.Where(c => c.Recognised))
            Assert.True(Query.Parse(claim.Query!).Bind(data).Check().Verdict == ClaimVerdict.Holds, claim.Query);
        return result.Claims.Select(c => c.Query ?? "? " + c.Why).ToList();
    }

    // The nearest metric words that fit the figure name it: billions are not per share. A figure restated in the next
    // clause ("or $0.48 per share") shares its period, and a time in a clause of its own at the end is the last figure's.
    [Theory]
    [InlineData("In the third quarter of 2022, net income more than doubled to $3.29 billion, or $0.95 per share, from $1.62 billion, or $0.48 per share, a year earlier.")]
    [InlineData("Au troisième trimestre 2022, le bénéfice net a plus que doublé à 3,29 milliards de dollars, ou 0,95 dollar par action, contre 1,62 milliard de dollars, ou 0,48 dollar par action, un an plus tôt.")]
    public void A_figure_takes_the_nearest_metric_it_fits_and_a_restated_figure_shares_its_period(string story) =>
        Assert.Equal(["TSLA.net_income[2022Q3] ~= 3.29B", "TSLA.eps_diluted[2022Q3] ~= 0.95", "TSLA.net_income[2021Q3] ~= 1.62B", "TSLA.eps_diluted[2021Q3] ~= 0.48"],
            Tesla(story));

    // A story that opens on a quarter without its year ("third-quarter revenue") is about that quarter of its main year.
    [Theory]
    [InlineData("Tesla on Wednesday reported third-quarter revenue of $21.45 billion. Revenue for the first nine months of 2022 reached $57.1 billion.")]
    [InlineData("Tesla a publié mercredi un chiffre d'affaires de 21,45 milliards de dollars pour le troisième trimestre. Sur les neuf premiers mois de 2022, le chiffre d'affaires a atteint 57,1 milliards de dollars.")]
    public void A_lede_quarter_without_a_year_is_that_quarter_of_the_main_year_and_the_first_months_are_a_sum(string story) =>
        Assert.Equal(["TSLA.revenue[2022Q3] ~= 21.45B", "sum(TSLA.revenue, 2022Q1..2022Q3) ~= 57.1B"], Tesla(story));

    [Theory]
    [InlineData("In the third quarter of 2022, Tesla said it had $19.5 billion of cash at the end of September.")]
    [InlineData("Au troisième trimestre 2022, Tesla disposait de 19,5 milliards de dollars de trésorerie fin septembre.")]
    public void The_end_of_a_month_is_that_month(string story) => Assert.Equal(["TSLA.cash[2022-09] ~= 19.5B"], Tesla(story));

    [Fact]
    public void A_month_end_that_closes_a_period_it_describes_is_not_the_figures_period()
    {
        var lines = Lines("Pour l'exercice 2024, clos fin janvier, Snowflake a publié un chiffre d'affaires de 2,806 milliards de dollars.", Stories);
        Assert.Equal(["SNOW.revenue[FY2024] ~= 2.806B"], lines);
    }

    // A margin is the metric over revenue; a change of it in percent is the metric's own change, in points it is not drafted.
    [Theory]
    [InlineData("In the third quarter of 2022, Tesla's gross margin was 25.1%.", "TSLA.gross_profit[2022Q3] / TSLA.revenue[2022Q3] ~= 25.1%")]
    [InlineData("Au troisième trimestre 2022, la marge brute de Tesla s'est établie à 25,1 %.", "TSLA.gross_profit[2022Q3] / TSLA.revenue[2022Q3] ~= 25.1%")]
    [InlineData("In the third quarter of 2022, Tesla's operating margin was 17.2%.", "TSLA.operating_income[2022Q3] / TSLA.revenue[2022Q3] ~= 17.2%")]
    [InlineData("Au troisième trimestre 2022, la marge brute de Tesla a progressé de 47 % sur un an.", "yoy(TSLA.gross_profit, 2022Q3) ~= 47%")]
    [InlineData("Au troisième trimestre 2022, la marge brute de Tesla s'est établie à 5,38 milliards de dollars.", "TSLA.gross_profit[2022Q3] ~= 5.38B")]
    [InlineData("In the third quarter of 2022, Tesla's gross margin fell 2 percentage points.", "? a change of a margin in points is not a kind of figure I draft")]
    public void A_margin_is_a_share_of_revenue(string story, string expected) => Assert.Equal([expected], Tesla(story));

    // A change with no basis ("grew 56%", "en hausse de 56 %") is year over year, as results stories write it.
    [Theory]
    [InlineData("Tesla's revenue grew 56% to $21.45 billion in the third quarter of 2022.", "yoy(TSLA.revenue, 2022Q3) ~= 56%|TSLA.revenue[2022Q3] ~= 21.45B")]
    [InlineData("Au troisième trimestre 2022, le chiffre d'affaires de Tesla a progressé de 56 % à 21,45 milliards de dollars.", "yoy(TSLA.revenue, 2022Q3) ~= 56%|TSLA.revenue[2022Q3] ~= 21.45B")]
    [InlineData("In 2021, Tesla's revenue was $53.8 billion, up 71% from $31.5 billion in 2020.", "TSLA.revenue[2021] ~= 53.8B|yoy(TSLA.revenue, 2021) ~= 71%|TSLA.revenue[2020] ~= 31.5B")]
    [InlineData("En 2021, le chiffre d'affaires de Tesla a atteint 53,8 milliards de dollars, en hausse de 71 % par rapport aux 31,5 milliards de dollars de 2020.", "TSLA.revenue[2021] ~= 53.8B|yoy(TSLA.revenue, 2021) ~= 71%|TSLA.revenue[2020] ~= 31.5B")]
    // Without a change word a percent of a money metric has no kind.
    [InlineData("In the third quarter of 2022, revenue was 56% of Tesla's target.", "? the basis of the change is not stated (year over year, quarter over quarter)")]
    public void A_change_without_a_basis_is_year_over_year(string story, string expected) => Assert.Equal(expected.Split('|'), Tesla(story));

    // "in line with the previous quarter": the previous quarter is what the figure is compared with, not its period.
    [Theory]
    [InlineData("In the third quarter of 2022, capital expenditures of $1.8 billion were in line with the previous quarter.")]
    [InlineData("Au troisième trimestre 2022, les dépenses d'investissement, à 1,8 milliard de dollars, sont restées en ligne avec le trimestre précédent.")]
    public void A_period_compared_with_is_not_the_figures(string story) => Assert.Equal(["TSLA.capex[2022Q3] ~= 1.8B"], Tesla(story));

    // A sentence that ends on a quarter without its year used to run past its last word.
    [Theory]
    [InlineData("Tesla's 2022 was strong. Revenue was $21.45 billion in the third quarter")]
    [InlineData("L'année 2022 de Tesla a été forte. Le chiffre d'affaires a atteint 21,45 milliards de dollars au troisième trimestre")]
    public void A_sentence_ending_on_a_quarter_without_a_year_is_read(string story) =>
        Assert.Equal(["TSLA.revenue[2022Q3] ~= 21.45B"], Tesla(story));

    /// <summary>The claims drafted from a story about Snowflake (its year ends in January) against its SEC company facts.</summary>
    private static List<string> Snowflake(string story)
    {
        var data = SecTestData.Data;
        var result = ClaimExtractor.Extract(story, data, "SNOW");
        foreach (var claim in result.Claims.Where(c => c.Recognised))
            Assert.True(Query.Parse(claim.Query!).Bind(data).Check().Verdict == ClaimVerdict.Holds, claim.Query);
        return result.Claims.Select(c => c.Query ?? "? " + c.Why).ToList();
    }

    // A day or month after a closing word describes the period before it, and "the quarter" of a story about a year is
    // its last quarter.
    [Theory]
    [InlineData("For fiscal 2024, which ended January 31, 2024, Snowflake's revenue rose 36% to $2.81 billion. Its net loss was $169.4 million in the quarter.")]
    [InlineData("Sur l'exercice 2024, clos le 31 janvier 2024, le chiffre d'affaires de Snowflake a progressé de 36 % à 2,81 milliards de dollars. La perte nette s'est établie à 169,4 millions de dollars sur le trimestre.")]
    public void A_closing_date_describes_the_period_and_the_quarter_is_the_last_of_the_year(string story) =>
        Assert.Equal(["yoy(SNOW.revenue, FY2024) ~= 36%", "SNOW.revenue[FY2024] ~= 2.81B", "-SNOW.net_income[FY2024Q4] ~= 169.4M"], Snowflake(story));

    [Theory]
    [InlineData("Revenue for the quarter ended June 30, 2023 was $32 billion; net income in the quarter was $7.788 billion.")]
    [InlineData("Le chiffre d'affaires du trimestre clos fin juin 2023 atteint 32 milliards de dollars ; le bénéfice net du trimestre est de 7,788 milliards de dollars.")]
    public void The_quarter_of_a_story_about_a_quarter_is_that_quarter(string story) =>
        Assert.Equal(["revenue[2023Q2] ~= 32B", "net_income[2023Q2] ~= 7.788B"], Lines(story, Meta));
}
