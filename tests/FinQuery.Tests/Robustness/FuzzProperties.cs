using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FinQuery.Tests.Robustness;

/// <summary>
/// Fuzzing the parser, binder and evaluator (issue 6): random strings, token soups and random well-formed
/// expressions over random datasets. Whatever the text, only <see cref="FinQueryException"/> escapes
/// (with a position inside the text), nothing hangs or overflows the stack, and every result is a finite
/// number, a series of finite numbers, or NA with a reason. See <see cref="Guard"/> for what each case checks.
/// </summary>
public class FuzzProperties
{
    /// <summary>A dataset holding every name the token soups use: A.rev/stock/eps, B.rev/stock, consensus of rev.</summary>
    internal static readonly Dataset Fixed = new DataSpec(6, 12,
    [
        new("A", "rev", Variant.Actual, "USD", Aggregation.Sum, [("2021", 400), ("2022Q1", 100), ("2022Q2", 0), ("2022Q3", -50), ("2022Q4", 120), ("2023Q1", 130), ("2023Q2", 145)]),
        new("A", "rev", Variant.Consensus, "USD", Aggregation.Sum, [("2023Q1", 125), ("2023Q2", 150)]),
        new("A", "stock", Variant.Actual, "count", Aggregation.Last, [("2022-12-30", 10), ("2022-12-31", 11), ("2023-01-01", 12), ("2023-03-31", 0)]),
        new("A", "eps", Variant.Actual, "USD/share", Aggregation.None, [("2022", 1.5), ("2023", -0.5)]),
        new("B", "rev", Variant.Actual, "USD", Aggregation.Sum, [("2023-01", 1e300), ("2023-02", 1e300), ("2023-03", -1e300)]),
        new("B", "stock", Variant.Actual, "count", Aggregation.Last, [("0001Q1", 1), ("9999Q4", 2)]),
    ]).Build();

    [Property(MaxTest = 500, Arbitrary = [typeof(FuzzArbitraries)])]
    public void Random_text_raises_nothing_but_FinQueryException(QueryText text) =>
        Guard.Check(text.Text, Fixed, other: Fixed.FindEntity("B"));

    [Property(MaxTest = 400, Arbitrary = [typeof(FuzzArbitraries)])]
    public void Well_formed_queries_over_random_data_give_finite_numbers_or_NA(FuzzCase c)
    {
        var data = c.Data.Build();
        Guard.Check(c.Query, data, other: data.FindEntity("B"));
    }

    [Property(MaxTest = 150, Arbitrary = [typeof(FuzzArbitraries)])]
    public void Tight_limits_end_in_FinQueryException_never_in_a_crash(FuzzCase c)
    {
        // Tiny limits make the limit checks fire at every place they can: all must fail cleanly, with a position.
        var tight = new QueryOptions { MaxDepth = 3, MaxLets = 1, MaxLag = 2, MaxWork = 7, MaxLength = 120 };
        var data = c.Data.Build();
        Guard.Check(c.Query, data, tight, other: data.FindEntity("B"));
    }

    private static readonly string[] Cultures = ["de-DE", "fr-FR", "tr-TR", "ar-SA"];

    [Property(MaxTest = 150, Arbitrary = [typeof(FuzzArbitraries)])]
    public void Outcomes_and_messages_do_not_depend_on_the_culture(FuzzCase c, QueryText soup, byte culture)
    {
        var data = c.Data.Build();
        var name = Cultures[culture % Cultures.Length];
        foreach (var text in new[] { c.Query, soup.Text })
        {
            var invariant = Guard.Within(Guard.Show(text), () => InCulture(CultureInfo.InvariantCulture, () => Guard.CheckInline(text, data)));
            var local = Guard.Within(Guard.Show(text), () => InCulture(CultureInfo.GetCultureInfo(name), () => Guard.CheckInline(text, data)));
            Assert.Equal(invariant, local);
        }
    }

    internal static T InCulture<T>(CultureInfo culture, Func<T> work)
    {
        var (saved, savedUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            return work();
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
            CultureInfo.CurrentUICulture = savedUi;
        }
    }

    /// <summary>The generators are only worth something if many cases get past the parser and the binder.</summary>
    [Fact]
    public void The_generators_reach_evaluation_and_every_kind_of_result()
    {
        // A fixed seed: this test measures what the generators reach, so it must not depend on the draw.
        var cases = FuzzGen.Case.Sample(400, new Rnd(20261201), 12);
        var stages = new Dictionary<Guard.Stage, int>();
        var kinds = new HashSet<string>();
        foreach (var c in cases)
        {
            var data = c.Data.Build();
            var outcome = Guard.Within(c.Query, () => Guard.CheckInline(c.Query, data));
            stages[outcome.Stage] = stages.GetValueOrDefault(outcome.Stage) + 1;
            if (outcome.Stage == Guard.Stage.Evaluated) kinds.Add(outcome.Text.Split(' ')[0]);
        }
        int evaluated = stages.GetValueOrDefault(Guard.Stage.Evaluated);
        Assert.True(evaluated >= cases.Length / 3, $"only {evaluated} of {cases.Length} cases evaluated: {string.Join(", ", stages)}");
        string[] expected = ["Number", "Percent", "Series", "NA", "Bool", "Period"];
        Assert.True(kinds.IsSupersetOf(expected), $"results of kinds {string.Join(", ", kinds)} only; stages {string.Join(", ", stages)}");

        var soups = FuzzGen.TokenSoup.Sample(1000, new Rnd(20261202), 20);
        int parsed = soups.Count(s => Query.TryParse(s, out _, out _));
        Assert.True(parsed >= 30, $"only {parsed} of {soups.Length} token soups parsed");
    }
}
