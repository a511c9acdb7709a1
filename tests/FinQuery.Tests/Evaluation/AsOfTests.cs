using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FinQuery.Tests.Evaluation;

/// <summary>
/// <c>asof(d, e)</c>, <c>first_reported(x)</c> and <c>--asof</c>: what was known when. The data is an EPS restated
/// after a split (NVIDIA's quarter ended July 2023 was filed as $2.48 and restated as $0.25 after the ten-for-one
/// split of June 2024) and a revenue whose year total was restated, so a derived fourth quarter changes with it.
/// </summary>
public class AsOfTests
{
    internal const string Json = """
    {
      "entities": [
        {
          "id": "NV", "fiscalYearEndMonth": 1,
          "series": [
            { "metric": "eps", "unit": "USD/share", "aggregation": "none", "filed": "2022-08-31", "values": { "FY2023Q2": 0.26 } },
            { "metric": "eps", "unit": "USD/share", "aggregation": "none", "filed": "2023-08-28", "values": { "FY2024Q2": 2.48 } },
            { "metric": "eps", "unit": "USD/share", "aggregation": "none", "filed": "2024-08-28", "values": { "FY2024Q2": 0.25, "FY2023Q2": 0.03 } },
            { "metric": "revenue", "unit": "USD", "aggregation": "sum", "filed": "2023-05-01", "values": { "FY2023Q1": 10, "FY2023Q2": 20, "FY2023Q3": 30 } },
            { "metric": "revenue", "unit": "USD", "aggregation": "sum", "filed": "2023-09-01", "values": { "FY2023": 100 } },
            { "metric": "revenue", "unit": "USD", "aggregation": "sum", "filed": "2024-03-01", "values": { "FY2023": 110 } }
          ]
        }
      ]
    }
    """;

    private static readonly Dataset Data = Dataset.ParseJson(Json, "vintages.json");

    private static string Show(string q) => Query.Parse(q).Bind(Data).Evaluate().Display;

    [Fact]
    public void Latest_values_are_the_default()
    {
        Assert.Equal("0.25 USD/share", Show("eps[FY2024Q2]"));
        Assert.Equal("+733.3%", Show("yoy(eps, FY2024Q2)")); // 0.25 / 0.03 − 1 on restated figures
    }

    [Fact]
    public void Asof_sees_what_was_published_by_that_day()
    {
        Assert.Equal("2.48 USD/share", Show("asof(2023-09-01, eps[FY2024Q2])"));
        Assert.Equal("+853.8%", Show("asof(2023-09-01, yoy(eps, FY2024Q2))")); // the release said up 854%
        Assert.Equal("2.48 USD/share", Show("asof(2023-09-01, eps)[FY2024Q2]"));
    }

    [Fact]
    public void Derived_values_are_derived_again_on_the_vintage()
    {
        Assert.Equal("50 USD", Show("revenue[FY2023Q4]"));                     // 110 − 10 − 20 − 30
        Assert.Equal("40 USD", Show("asof(2023-12-31, revenue[FY2023Q4])"));   // 100 − 10 − 20 − 30
        Assert.Equal("40 USD", Show("asof(2023-12-31, revenue)[FY2023Q4]"));
        Assert.Equal("100 USD", Show("asof(2023-12-31, sum(revenue * 1, FY2023))"));
    }

    [Fact]
    public void An_asof_before_any_data_is_NA_with_a_reason()
    {
        var r = Query.Parse("asof(2020-01-01, eps[FY2024Q2])").Bind(Data).Evaluate();
        Assert.Equal(NaKind.Missing, r.NaKind);
        // A fiscal period of a non-December entity is written with its FY prefix.
        Assert.Equal("no eps for FY2024Q2 as of 2020-01-01", r.Reason);
    }

    [Fact]
    public void First_reported_is_each_periods_earliest_value()
    {
        Assert.Equal("2.48 USD/share", Show("first_reported(eps)[FY2024Q2]"));
        Assert.Equal("0.26 USD/share", Show("first_reported(eps)[FY2023Q2]"));
        Assert.Equal("+853.8%", Show("yoy(first_reported(eps), FY2024Q2)"));
    }

    [Fact]
    public void A_day_that_is_not_a_day_is_a_bind_error()
    {
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse("asof(2023Q2, eps[FY2024Q2])").Bind(Data));
        Assert.Equal("asof needs a day (like 2023-07-26) as argument 1, found the quarter 2023Q2", ex.Message);
        Assert.Throws<FinQueryException>(() => Query.Parse("asof(2023-02-30, eps)").Bind(Data));
    }

    [Fact]
    public void A_let_outside_and_inside_an_asof_has_a_value_per_vintage()
    {
        Assert.Equal("-2.23 USD/share", Show("let e = eps[FY2024Q2]; e - asof(2023-09-01, e)"));
    }

    [Property(MaxTest = 100)]
    public void Asof_after_the_last_filing_is_the_latest_and_before_the_first_is_NA(PositiveInt days)
    {
        var after = new DateOnly(2024, 8, 28).AddDays(days.Get % 5000);
        var before = new DateOnly(2022, 8, 30).AddDays(-(days.Get % 5000));
        foreach (var q in new[] { "eps[FY2024Q2]", "eps[FY2023Q2]", "revenue[FY2023Q4]", "yoy(eps, FY2024Q2)", "sum(revenue, FY2023)" })
        {
            Assert.Equal(Show(q), Show($"asof({after:yyyy-MM-dd}, {q})"));
            Assert.True(Query.Parse($"asof({before:yyyy-MM-dd}, {q})").Bind(Data).Evaluate().IsNa, q);
        }
    }

    [Fact]
    public void The_command_line_evaluates_as_of_a_day()
    {
        var path = Path.Combine(Path.GetTempPath(), $"finq-asof-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, Json);
        try
        {
            var stdout = new StringWriter();
            int code = FinQuery.Cli.Program.Run(["eval", "--data", path, "--asof", "2023-09-01", "eps[FY2024Q2]"], stdout, new StringWriter(), TextReader.Null);
            Assert.Equal(0, code);
            Assert.Contains("2.48 USD/share", stdout.ToString(), StringComparison.Ordinal);
            var stderr = new StringWriter();
            Assert.Equal(2, FinQuery.Cli.Program.Run(["eval", "--data", path, "--asof", "2023-13-01", "eps[FY2024Q2]"], new StringWriter(), stderr, TextReader.Null));
            Assert.Contains("--asof needs a day written YYYY-MM-DD", stderr.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
