using System.Globalization;
using FinQuery.Extraction;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FinQuery.Tests.Extraction;

/// <summary>The figure reader on journalists' numbers in French and English.</summary>
public class FigureReaderTests
{
    private static readonly Lexicon Fr = Lexicon.ForLanguage("fr");
    private static readonly Lexicon En = Lexicon.ForLanguage("en");

    internal static List<Figure> Read(string lang, string text) => FigureReader.Read(text, lang == "fr" ? Fr : En);

    [Theory]
    [InlineData("fr", "s'élèvera à 32 milliards de dollars, soit", "32 milliards de dollars", 32e9, "USD", "32B", 1e9)]
    [InlineData("fr", "les attentes de 31,06 milliards de dollars ;", "31,06 milliards de dollars", 31.06e9, "USD", "31.06B", 1e7)]
    [InlineData("fr", "est de 7,788 milliards de dollars US, et", "7,788 milliards de dollars US", 7.788e9, "USD", "7.788B", 1e6)]
    [InlineData("fr", "contre 6,687 milliards de dollars américains à", "6,687 milliards de dollars américains", 6.687e9, "USD", "6.687B", 1e6)]
    [InlineData("fr", "sera américain. 2,98 $, soit", "2,98 $", 2.98, "USD", "2.98", 0.01)]
    [InlineData("fr", "devrait être de 2,91 $ US ;", "2,91 $ US", 2.91, "USD", "2.91", 0.01)]
    [InlineData("fr", "pour atteindre 71 469.", "71 469", 71469, "", "71469", 1)]
    [InlineData("fr", "pour atteindre 71\u00A0469.", "71\u00A0469", 71469, "", "71469", 1)]
    [InlineData("fr", "pour atteindre 71\u202F469.", "71\u202F469", 71469, "", "71469", 1)]
    [InlineData("fr", "une augmentation de 11 % d'une", "11 %", 0.11, "%", "11%", 0.01)]
    [InlineData("fr", "une augmentation de 11\u00A0% d'une", "11\u00A0%", 0.11, "%", "11%", 0.01)]
    [InlineData("fr", "une augmentation de 40% des", "40%", 0.40, "%", "40%", 0.01)]
    [InlineData("fr", "plus de 150 000 demandes", "150 000", 150000, "", "150000", 1)]
    [InlineData("fr", "plus de 100 millions d'utilisateurs", "100 millions", 100e6, "", "100M", 1e6)]
    [InlineData("fr", "offre de 500 millions de yuans a été", "500 millions de yuans", 500e6, "CNY", "500M", 1e6)]
    [InlineData("fr", "un résultat de 1 234,5 millions d'euros.", "1 234,5 millions d'euros", 1234.5e6, "EUR", "1234.5M", 1e5)]
    [InlineData("fr", "une dette de 1,2 billion de dollars", "1,2 billion de dollars", 1.2e12, "USD", "1.2T", 1e11)]
    [InlineData("fr", "un chiffre de 1,234 employés", "1,234", 1.234, "", "1.234", 0.001)]
    [InlineData("fr", "soit 3,5 Md€ cette année", "3,5 Md€", 3.5e9, "EUR", "3.5B", 1e8)]
    [InlineData("en", "revenue of $89.5 billion, up", "$89.5 billion", 89.5e9, "USD", "89.5B", 1e8)]
    [InlineData("en", "revenue of $21.454B in the", "$21.454B", 21.454e9, "USD", "21.454B", 1e6)]
    [InlineData("en", "rose 1.4% from", "1.4%", 0.014, "%", "1.4%", 0.001)]
    [InlineData("en", "more than 150,000 requests", "150,000", 150000, "", "150000", 1)]
    [InlineData("en", "a profit of US$1.2bn for", "US$1.2bn", 1.2e9, "USD", "1.2B", 1e8)]
    [InlineData("en", "a loss of USD 3.5 million in", "USD 3.5 million", 3.5e6, "USD", "3.5M", 1e5)]
    [InlineData("en", "sales of €3 billion a", "€3 billion", 3e9, "EUR", "3B", 1e9)]
    [InlineData("en", "a total of 1,234 stores", "1,234", 1234, "", "1234", 1)]
    [InlineData("en", "a total of 1,234,567 users", "1,234,567", 1234567, "", "1234567", 1)]
    [InlineData("en", "earnings of $0.95 a share", "$0.95", 0.95, "USD", "0.95", 0.01)]
    [InlineData("en", "margins fell -3.5% in", "-3.5%", -0.035, "%", "-3.5%", 0.001)]
    [InlineData("en", "margins fell \u22123.5% in", "\u22123.5%", -0.035, "%", "-3.5%", 0.001)]
    [InlineData("en", "up 56 percent from", "56 percent", 0.56, "%", "56%", 0.01)]
    [InlineData("en", "revenue of 21.454 billion dollars", "21.454 billion dollars", 21.454e9, "USD", "21.454B", 1e6)]
    [InlineData("en", "net income, or 95 cents a share", "95 cents", 0.95, "USD", "0.95", 0.01)]
    [InlineData("en", "a loss of 1 cent a share", "1 cent", 0.01, "USD", "0.01", 0.01)]
    [InlineData("en", "a dividend of 12.5 cents", "12.5 cents", 0.125, "USD", "0.125", 0.001)]
    [InlineData("en", "earnings of 80¢ a share", "80¢", 0.80, "USD", "0.80", 0.01)]
    [InlineData("en", "a dividend of 30 pence", "30 pence", 0.30, "GBP", "0.30", 0.01)]
    [InlineData("fr", "soit 95 cents par action", "95 cents", 0.95, "USD", "0.95", 0.01)]
    [InlineData("fr", "un dividende de 50 centimes d'euro", "50 centimes d'euro", 0.50, "EUR", "0.50", 0.01)]
    public void Reads_a_journalists_figure(string lang, string text, string figureText, double value, string unit, string literal, double precision)
    {
        var f = Assert.Single(Read(lang, text));
        Assert.Equal(figureText, f.Text);
        Assert.Equal(value, f.Value, Math.Abs(value) * 1e-12 + 1e-15);
        Assert.Equal(unit, f.Unit);
        Assert.Equal(literal, f.Literal(negate: false));
        Assert.Equal(precision, f.Precision, Math.Abs(precision) * 1e-9);
    }

    [Theory]
    [InlineData("fr", "au deuxième trimestre 2023, le")]
    [InlineData("fr", "Aux premières heures du 19 juillet de cette année")]
    [InlineData("fr", "Par rapport à Llama 1, la nouvelle version de Llama 2")]
    [InlineData("fr", "le modèle GPT-4 et le MetaQ2 de T2 2023")]
    [InlineData("fr", "5 ans et deux mois, en 4 heures")]
    [InlineData("en", "in the 2Q23 report and Q2 filing")]
    [InlineData("en", "tweets of 60 characters in 2008")]
    [InlineData("en", "the 3rd quarter and the 1st half")]
    public void Years_dates_codes_and_small_counts_are_not_figures(string lang, string text) => Assert.Empty(Read(lang, text));

    [Fact]
    public void The_language_decides_a_lone_comma_before_three_digits()
    {
        Assert.Equal(1234, Assert.Single(Read("en", "about 1,234 people")).Value);
        Assert.Equal(1.234, Assert.Single(Read("fr", "environ 1,234 personnes")).Value, 1e-12);
        // A point before a scale word is a decimal in French too; a comma stays a thousands separator in English.
        Assert.Equal(7.788e9, Assert.Single(Read("fr", "7.788 milliards")).Value, 1);
        Assert.Equal(1234e6, Assert.Single(Read("en", "$1,234 million")).Value, 1);
        // Other than three digits after it, it is a decimal in both.
        Assert.Equal(2.98, Assert.Single(Read("en", "2,98 $")).Value, 1e-12);
        Assert.Equal(2.98, Assert.Single(Read("fr", "2,98 $")).Value, 1e-12);
    }

    [Fact]
    public void Several_figures_in_one_sentence_are_read_in_order()
    {
        var figures = Read("fr", "5 millions d'utilisateurs enregistrés en 4 heures ; 10 millions en 7 heures ; 30 millions en 24 heures");
        Assert.Equal(["5 millions", "10 millions", "30 millions"], figures.Select(f => f.Text));
    }

    [Theory]
    // A currency symbol glued to digits belongs to them, not to a year or count before it.
    [InlineData("en", "a record since 2021 of $21.5 billion", "$21.5 billion")]
    [InlineData("fr", "le plus haut depuis 2021 de $21,5 milliards", "$21,5 milliards")]
    public void A_currency_symbol_glued_to_digits_is_the_next_figures(string lang, string text, string figure) =>
        Assert.Equal(figure, Assert.Single(Read(lang, text)).Text);

    /// <summary>A number written in one journalist style of one language.</summary>
    public sealed record Written(string Lang, string Text, decimal Mantissa, int Decimals, double Scale, string Unit);

    private static readonly (string Text, double Scale)[] FrScales = [("", 1), (" milliards", 1e9), (" milliard", 1e9), (" millions", 1e6), (" Md", 1e9), (" M", 1e6)];
    private static readonly (string Text, double Scale)[] EnScales = [("", 1), (" billion", 1e9), ("bn", 1e9), ("B", 1e9), (" million", 1e6), ("M", 1e6), (" trillion", 1e12)];

    public static Arbitrary<Written> WrittenNumbers()
    {
        var gen =
            from lang in Gen.Elements("fr", "en")
            from integer in Gen.Choose(0, 9_999_999)
            from decimals in Gen.Choose(0, 3)
            from fraction in Gen.Choose(0, 999)
            from grouping in Gen.Elements(0, 1, 2, 3)
            from scale in Gen.Choose(0, 6)
            from money in Gen.Elements(0, 1, 2, 3, 4)
            from percent in Gen.Elements(false, false, false, true)
            select Make(lang, integer, decimals, fraction % (int)Math.Pow(10, decimals), grouping, scale, money, percent);
        return gen.Where(w => w is not null).Select(w => w!).ToArbitrary();
    }

    private static Written? Make(string lang, int integer, int decimals, int fraction, int grouping, int scaleIndex, int money, bool percent)
    {
        bool fr = lang == "fr";
        var groupSep = fr ? new[] { "", " ", "\u00A0", "\u202F" }[grouping] : new[] { "", ",", ",", "\u00A0" }[grouping];
        var digits = integer.ToString(CultureInfo.InvariantCulture);
        var grouped = groupSep.Length == 0 ? digits : string.Join(groupSep, Enumerable.Range(0, (digits.Length + 2) / 3)
            .Select(k => digits.Substring(Math.Max(0, digits.Length - 3 * (k + 1)), Math.Min(3, digits.Length - 3 * k))).Reverse());
        var number = grouped + (decimals > 0 ? (fr ? "," : ".") + fraction.ToString("D" + decimals, CultureInfo.InvariantCulture) : "");
        var mantissa = decimal.Parse(digits + (decimals > 0 ? "." + fraction.ToString("D" + decimals, CultureInfo.InvariantCulture) : ""), CultureInfo.InvariantCulture);
        string text;
        double scale = 1;
        string unit;
        if (percent)
        {
            text = number + (fr ? new[] { " %", "%", "\u00A0%", " pour cent" }[money % 4] : new[] { "%", " %", " percent", " per cent" }[money % 4]);
            unit = "%";
        }
        else if (money == 4)
        {
            // Cents: a hundredth of the currency, the number read as dollars written to the cent (or finer).
            text = number + (fr ? " cents" : integer == 1 && decimals == 0 ? " cent" : " cents");
            unit = "USD";
            mantissa /= 100;
            decimals += 2;
        }
        else
        {
            var (scaleText, s) = (fr ? FrScales : EnScales)[scaleIndex % (fr ? FrScales.Length : EnScales.Length)];
            scale = s;
            (text, unit) = money switch
            {
                0 => (number + scaleText, ""),
                1 => fr ? (number + scaleText + (s == 1 ? " $" : " de dollars"), "USD") : ("$" + number + scaleText, "USD"),
                2 => fr ? (number + scaleText + " $ US", "USD") : ("US$" + number + scaleText, "USD"),
                _ => fr ? (number + scaleText + (s == 1 ? " dollars américains" : " de dollars américains"), "USD") : (number + scaleText + " dollars", "USD"),
            };
            // A bare whole number under 1,000, or a bare year, is not meant as a figure.
            bool bare = unit == "" && s == 1;
            if (bare && decimals == 0 && (integer < 1000 || (groupSep.Length == 0 && integer is >= 1800 and <= 2199 && digits.Length == 4))) return null;
        }
        return new Written(lang, text, mantissa, decimals, scale, unit);
    }

    [Property(Arbitrary = [typeof(FigureReaderTests)], MaxTest = 500)]
    public void A_number_written_in_any_style_reads_back_with_its_precision(Written w)
    {
        var sentence = w.Lang == "fr" ? $"Le chiffre atteint {w.Text} au total." : $"The figure was {w.Text} in total.";
        var figures = Read(w.Lang, sentence);
        var f = Assert.Single(figures);
        double expected = (double)w.Mantissa * w.Scale / (w.Unit == "%" ? 100 : 1);
        Assert.Equal(w.Text, f.Text);
        Assert.Equal(w.Mantissa, f.Mantissa);
        Assert.Equal(w.Decimals, f.Decimals);
        Assert.Equal(w.Scale, f.Scale);
        Assert.Equal(w.Unit, f.Unit);
        Assert.Equal(expected, f.Value);
        Assert.Equal(Math.Pow(10, -w.Decimals) * w.Scale / (w.Unit == "%" ? 100 : 1), f.Precision);
    }
}
