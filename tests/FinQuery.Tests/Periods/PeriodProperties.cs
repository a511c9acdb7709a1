using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FinQuery.Tests.Periods;

[Properties(Arbitrary = [typeof(Generators)], MaxTest = 300)]
public class PeriodProperties
{
    [Property]
    public bool Parsing_the_text_gives_the_period_back(Period p) => Period.Parse(p.ToString()) == p;

    [Property]
    public bool Parsing_ignores_case_and_the_FY_prefix(Period p)
    {
        string text = p.ToString().ToLowerInvariant();
        bool fiscal = p.Frequency is Frequency.Year or Frequency.Half or Frequency.Quarter;
        return Period.Parse(text) == p && (!fiscal || Period.Parse("fy" + text) == p);
    }

    [Property]
    public bool Stepping_forward_then_back_returns(Period p, Shift n) => (p + n.Count) - n.Count == p;

    [Property]
    public bool The_difference_of_periods_inverts_stepping(Period p, Shift n) => (p + n.Count) - p == n.Count;

    [Property]
    public bool Ordering_agrees_with_start_and_end_dates(SamePair pair, FiscalCalendar calendar)
    {
        int byPeriod = Math.Sign(pair.A.CompareTo(pair.B));
        return byPeriod == Math.Sign(calendar.StartDate(pair.A).CompareTo(calendar.StartDate(pair.B)))
            && byPeriod == Math.Sign(calendar.EndDate(pair.A).CompareTo(calendar.EndDate(pair.B)));
    }

    [Property]
    public void A_fiscal_years_quarters_and_halves_partition_it(Period p, FiscalCalendar calendar)
    {
        var year = Period.OfYear(p.Year);
        foreach (var (frequency, count) in new[] { (Frequency.Quarter, 4), (Frequency.Half, 2) })
        {
            var first = frequency == Frequency.Quarter ? Period.OfQuarter(p.Year, 1) : Period.OfHalf(p.Year, 1);
            Assert.Equal(calendar.StartDate(year), calendar.StartDate(first));
            for (int i = 1; i < count; i++)
                Assert.Equal(calendar.EndDate(first + (i - 1)).AddDays(1), calendar.StartDate(first + i));
            Assert.Equal(calendar.EndDate(year), calendar.EndDate(first + (count - 1)));
        }
        Assert.Equal(12, calendar.MonthsBetween(year, year + 1));
        Assert.Equal(calendar.StartDate(year).AddYears(1), calendar.StartDate(year + 1));
    }

    [Property]
    public bool The_containing_period_contains(Period p, Frequency frequency, FiscalCalendar calendar)
    {
        if (frequency < p.Frequency) return true;
        var outer = calendar.Containing(p, frequency);
        return outer.Frequency == frequency && calendar.Contains(outer, p);
    }

    [Property]
    public bool Days_between_add_up(PeriodTriple t, FiscalCalendar calendar) =>
        calendar.DaysBetween(t.A, t.B) + calendar.DaysBetween(t.B, t.C) == calendar.DaysBetween(t.A, t.C);

    [Property]
    public bool Months_between_months_add_up(MonthTriple t, FiscalCalendar calendar) =>
        calendar.MonthsBetween(t.A, t.B) + calendar.MonthsBetween(t.B, t.C) == calendar.MonthsBetween(t.A, t.C)
        && calendar.MonthsBetween(t.A, t.B) == t.B - t.A;

    [Property]
    public bool A_year_earlier_then_a_years_periods_later_returns(YearlyPeriod y)
    {
        var p = y.Period;
        return p.TryYearEarlier(out var earlier)
            && earlier.Frequency == p.Frequency
            && earlier.Index == p.Index
            && earlier.Year == p.Year - 1
            && earlier.Plus(Period.PeriodsPerYear(p.Frequency)) == p;
    }
}
