using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FinQuery.Tests.Series;

[Properties(Arbitrary = [typeof(Generators)], MaxTest = 200)]
public class SeriesProperties
{
    [Property]
    public void The_months_of_a_quarter_roll_up_to_it_under_sum_and_last(QuarterMonths q)
    {
        var calendar = new FiscalCalendar(q.FiscalYearEndMonth);
        var quarter = Period.OfQuarter(q.Year, q.Quarter);
        var firstMonth = calendar.Containing(quarter, Frequency.Month);
        var months = q.Values.Select((v, i) => KeyValuePair.Create(firstMonth + i, (double)v)).ToList();
        Assert.All(months, m => Assert.True(calendar.Contains(quarter, m.Key)));

        var sum = SeriesOf(Aggregation.Sum, q.FiscalYearEndMonth, months);
        Assert.True(sum.TryGetValue(quarter, out double total));
        Assert.Equal(q.Values.Sum(), total);
        Assert.Equal($"{calendar.Format(quarter)} = {string.Join(" + ", months.Select(m => m.Key))}", sum.DescribeDerivation(quarter));

        var last = SeriesOf(Aggregation.Last, q.FiscalYearEndMonth, months);
        Assert.True(last.TryGetValue(quarter, out double end));
        Assert.Equal(q.Values[2], end);
    }

    [Property]
    public void A_range_cover_adds_up_to_the_same_total_as_the_quarters(QuarterlyData d)
    {
        var observations = new List<KeyValuePair<Period, double>>();
        for (int y = 0; y < d.Years; y++)
        {
            int year = d.FirstYear + y;
            for (int q = 0; q < 4; q++)
            {
                if (d.YearReported[y] && d.DroppedQuarter[y] == q) continue;
                observations.Add(KeyValuePair.Create(Period.OfQuarter(year, q + 1), (double)d.Quarters[y * 4 + q]));
            }
            if (d.YearReported[y])
                observations.Add(KeyValuePair.Create(Period.OfYear(year), (double)d.Quarters.Skip(y * 4).Take(4).Sum()));
        }
        var series = SeriesOf(Aggregation.Sum, d.FiscalYearEndMonth, observations);
        var first = Period.OfQuarter(d.FirstYear, 1);

        var range = new PeriodRange(first + d.RangeStart, first + d.RangeEnd);
        Assert.True(series.TryResolve(range, out int start, out int end));
        var used = new List<Period>();
        Assert.True(series.TryCoverSum(start, end, Frequency.Quarter, out double sum, out _, used));
        Assert.Equal(d.Quarters.Skip(d.RangeStart).Take(d.RangeEnd - d.RangeStart + 1).Sum(), sum);
        for (int i = 1; i < used.Count; i++)
            Assert.Equal(series.Calendar.EndDate(used[i - 1]).AddDays(1), series.Calendar.StartDate(used[i]));

        var years = new PeriodRange(Period.OfYear(d.FirstYear), Period.OfYear(d.FirstYear + d.Years - 1));
        Assert.True(series.TryResolve(years, out start, out end));
        Assert.True(series.TryCoverSum(start, end, Frequency.Year, out double all, out _, null));
        Assert.Equal(d.Quarters.Sum(), all);
    }

    [Property]
    public void A_derived_part_plus_the_others_equals_the_total(MissingQuarter m)
    {
        var year = Period.OfYear(m.Year);
        long total = m.Quarters.Sum();
        var observations = new List<KeyValuePair<Period, double>> { KeyValuePair.Create(year, (double)total) };
        for (int q = 0; q < 4; q++)
            if (q != m.Missing) observations.Add(KeyValuePair.Create(Period.OfQuarter(m.Year, q + 1), (double)m.Quarters[q]));
        var series = SeriesOf(Aggregation.Sum, m.FiscalYearEndMonth, observations);

        var missing = Period.OfQuarter(m.Year, m.Missing + 1);
        Assert.True(series.TryGetValue(missing, out double derived));
        Assert.False(series.IsReported(missing));
        double others = Enumerable.Range(0, 4).Where(q => q != m.Missing).Sum(q => (double)m.Quarters[q]);
        Assert.Equal((double)total, derived + others);
        Assert.Equal((double)m.Quarters[m.Missing], derived);
        var parts = Enumerable.Range(1, 4).Where(q => q != m.Missing + 1).Select(q => Period.OfQuarter(m.Year, q));
        var cal = new FiscalCalendar(m.FiscalYearEndMonth);
        Assert.Equal($"{cal.Format(missing)} = {cal.Format(year)} − {string.Join(" − ", parts.Select(cal.Format))}", series.DescribeDerivation(missing));
    }

    [Property]
    public void Quarters_roll_up_to_their_fiscal_year_under_sum_and_last(MissingQuarter m)
    {
        var quarters = m.Quarters.Select((v, i) => KeyValuePair.Create(Period.OfQuarter(m.Year, i + 1), (double)v)).ToList();
        var year = Period.OfYear(m.Year);
        Assert.True(SeriesOf(Aggregation.Sum, m.FiscalYearEndMonth, quarters).TryGetValue(year, out double sum));
        Assert.Equal(m.Quarters.Sum(), sum);
        Assert.True(SeriesOf(Aggregation.Last, m.FiscalYearEndMonth, quarters).TryGetValue(year, out double last));
        Assert.Equal(m.Quarters[3], last);
        Assert.False(SeriesOf(Aggregation.None, m.FiscalYearEndMonth, quarters).TryGetValue(year, out _));
    }
}
