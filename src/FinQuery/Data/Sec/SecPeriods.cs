namespace FinQuery.Data.Sec;

/// <summary>What a fact's dates say it covers.</summary>
internal enum FactSpan : byte
{
    /// <summary>A duration in none of the bands, or one that does not line up with the fiscal calendar.</summary>
    Skipped,
    /// <summary>A point in time: the month of its nearest month end.</summary>
    Instant,
    Quarter,
    Half,
    /// <summary>Nine months from the start of the fiscal year (a third-quarter 10-Q's year to date).</summary>
    NineMonths,
    Year,
}

/// <summary>
/// Fiscal periods from a fact's dates alone (never its <c>fy</c>/<c>fp</c>, which describe the filing):
/// the end maps to the nearest month end, the length picks the band (84–98 days a quarter, 175–189 a
/// half, 266–280 nine months, 357–371 a year, both ends counted), and the period must end where the
/// entity's fiscal quarters, halves or years end. 52/53-week years fit because their ends lie within a
/// few days of a month end.
/// </summary>
internal static class SecPeriods
{
    /// <summary>The month (as <c>year × 12 + month − 1</c>) whose last day is nearest to the date; a tie goes to the date's own month.</summary>
    public static int NearestMonthEnd(DateOnly date)
    {
        int month = date.Year * 12 + date.Month - 1;
        int toEnd = DateTime.DaysInMonth(date.Year, date.Month) - date.Day;
        return date.Day < toEnd ? month - 1 : month;
    }

    public static int NearestMonthEnd(int dayNumber) => NearestMonthEnd(DateOnly.FromDayNumber(dayNumber));

    /// <summary>The band of a duration of <paramref name="days"/> days (both ends counted).</summary>
    public static FactSpan Band(int days) => days switch
    {
        >= 84 and <= 98 => FactSpan.Quarter,
        >= 175 and <= 189 => FactSpan.Half,
        >= 266 and <= 280 => FactSpan.NineMonths,
        >= 357 and <= 371 => FactSpan.Year,
        _ => FactSpan.Skipped,
    };

    /// <summary>
    /// The period a fact covers on <paramref name="calendar"/>: a month for an instant, a fiscal quarter, half
    /// or year for a duration in its band that ends where such a period ends; for nine months, the fiscal
    /// third quarter they end with. <see cref="FactSpan.Skipped"/> otherwise.
    /// </summary>
    public static (FactSpan Span, Period Period) Map(int startDay, int endDay, FiscalCalendar calendar)
    {
        int month = NearestMonthEnd(endDay);
        if (month < 12 || month >= 10000 * 12) return (FactSpan.Skipped, default);
        var monthPeriod = Period.FromOrdinal(Frequency.Month, month);
        if (startDay < 0) return (FactSpan.Instant, monthPeriod);
        var span = Band(endDay - startDay + 1);
        var frequency = span switch
        {
            FactSpan.Quarter or FactSpan.NineMonths => Frequency.Quarter,
            FactSpan.Half => Frequency.Half,
            FactSpan.Year => Frequency.Year,
            _ => Frequency.Day,
        };
        if (frequency == Frequency.Day) return (FactSpan.Skipped, default);
        var period = calendar.Containing(monthPeriod, frequency);
        if (calendar.EndMonth(period) != month) return (FactSpan.Skipped, default);
        if (span == FactSpan.NineMonths && period.Index != 3) return (FactSpan.Skipped, default);
        return (span, period);
    }

    /// <summary>
    /// The month (1–12) in which the fiscal year ends: the month of the nearest month end of most year-long facts
    /// from annual reports (10-K, 20-F, 40-F and their amendments), else of most year-long facts, else December.
    /// A tie goes to the month of the latest such fact.
    /// </summary>
    public static int DetectYearEndMonth(CompanyFacts company)
    {
        Span<int> annual = stackalloc int[12];
        Span<int> any = stackalloc int[12];
        Span<int> latestAnnual = stackalloc int[12];
        Span<int> latestAny = stackalloc int[12];
        foreach (var concept in company.Concepts)
        {
            foreach (var unit in concept.Units)
            {
                foreach (ref readonly var f in unit.Facts)
                {
                    if (f.IsInstant || Band(f.Days) != FactSpan.Year) continue;
                    int m = NearestMonthEnd(f.EndDay) % 12;
                    any[m]++;
                    latestAny[m] = Math.Max(latestAny[m], f.EndDay);
                    if (IsAnnualReport(f.Form))
                    {
                        annual[m]++;
                        latestAnnual[m] = Math.Max(latestAnnual[m], f.EndDay);
                    }
                }
            }
        }
        int best = Best(annual, latestAnnual);
        if (best < 0) best = Best(any, latestAny);
        return best < 0 ? 12 : best + 1;
    }

    private static int Best(ReadOnlySpan<int> counts, ReadOnlySpan<int> latest)
    {
        int best = -1;
        for (int m = 0; m < 12; m++)
        {
            if (counts[m] == 0) continue;
            if (best < 0 || counts[m] > counts[best] || (counts[m] == counts[best] && latest[m] > latest[best])) best = m;
        }
        return best;
    }

    public static bool IsAnnualReport(string form) =>
        form.StartsWith("10-K", StringComparison.OrdinalIgnoreCase)
        || form.StartsWith("20-F", StringComparison.OrdinalIgnoreCase)
        || form.StartsWith("40-F", StringComparison.OrdinalIgnoreCase);
}
