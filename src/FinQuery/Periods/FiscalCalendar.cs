namespace FinQuery;

/// <summary>
/// Maps an entity's fiscal years, halves and quarters onto calendar months. A fiscal year is
/// labelled by the calendar year it ends in: with a June year end, FY2023 runs 2022-07..2023-06
/// and FY2023Q1 is 2022-07..2022-09. December, the default, equals the calendar.
/// </summary>
public readonly struct FiscalCalendar : IEquatable<FiscalCalendar>
{
    // Stored as 12 − end month so that default(FiscalCalendar) is the calendar year.
    private readonly byte _shift;

    /// <summary>A calendar whose fiscal year ends in <paramref name="yearEndMonth"/> (1–12).</summary>
    public FiscalCalendar(int yearEndMonth)
    {
        if (yearEndMonth is < 1 or > 12)
            throw new ArgumentOutOfRangeException(nameof(yearEndMonth), yearEndMonth, "A fiscal year end month is 1 to 12.");
        _shift = (byte)(12 - yearEndMonth);
    }

    /// <summary>The calendar year: fiscal years end in December.</summary>
    public static FiscalCalendar Calendar => default;

    /// <summary>The month (1–12) in which fiscal years end.</summary>
    public int YearEndMonth => 12 - _shift;

    /// <summary>
    /// The first month of a period as a month ordinal (<c>year × 12 + month − 1</c>). For fiscal year 1
    /// of a non-December calendar this can fall in year 0; dates clamp to 0001-01-01.
    /// </summary>
    internal int StartMonth(Period p) => p.Frequency switch
    {
        Frequency.Year => 12 * p.Ordinal - _shift,
        Frequency.Half => 6 * p.Ordinal - _shift,
        Frequency.Quarter => 3 * p.Ordinal - _shift,
        Frequency.Month => p.Ordinal,
        _ => MonthOfDay(p.Ordinal),
    };

    /// <summary>The last month of a period as a month ordinal.</summary>
    internal int EndMonth(Period p) => p.Frequency switch
    {
        Frequency.Year => 12 * p.Ordinal - _shift + 11,
        Frequency.Half => 6 * p.Ordinal - _shift + 5,
        Frequency.Quarter => 3 * p.Ordinal - _shift + 2,
        Frequency.Month => p.Ordinal,
        _ => MonthOfDay(p.Ordinal),
    };

    private static int MonthOfDay(int dayNumber)
    {
        var d = DateOnly.FromDayNumber(dayNumber);
        return d.Year * 12 + d.Month - 1;
    }

    private static int FirstDayOfMonth(int monthOrdinal) =>
        monthOrdinal < 12 ? DateOnly.MinValue.DayNumber : new DateOnly(monthOrdinal / 12, monthOrdinal % 12 + 1, 1).DayNumber;

    private static int LastDayOfMonth(int monthOrdinal)
    {
        if (monthOrdinal < 12) return DateOnly.MinValue.DayNumber;
        int y = monthOrdinal / 12, m = monthOrdinal % 12 + 1;
        return new DateOnly(y, m, DateTime.DaysInMonth(y, m)).DayNumber;
    }

    /// <summary>The day number (see <see cref="DateOnly.DayNumber"/>) of a period's first day.</summary>
    internal int StartDay(Period p) => p.Frequency == Frequency.Day ? p.Ordinal : FirstDayOfMonth(StartMonth(p));

    /// <summary>The day number of a period's last day.</summary>
    internal int EndDay(Period p) => p.Frequency == Frequency.Day ? p.Ordinal : LastDayOfMonth(EndMonth(p));

    /// <summary>The first day of a period.</summary>
    public DateOnly StartDate(Period period) => DateOnly.FromDayNumber(StartDay(period));

    /// <summary>The last day of a period.</summary>
    public DateOnly EndDate(Period period) => DateOnly.FromDayNumber(EndDay(period));

    /// <summary>The period of frequency <paramref name="frequency"/> that contains the first day of <paramref name="period"/>.</summary>
    public Period Containing(Period period, Frequency frequency)
    {
        if (frequency == period.Frequency) return period;
        if (frequency == Frequency.Day) return Period.OfDate(StartDate(period));
        int m = StartMonth(period);
        int ordinal = frequency switch
        {
            Frequency.Month => m,
            Frequency.Quarter => (m + _shift) / 3,
            Frequency.Half => (m + _shift) / 6,
            _ => (m + _shift) / 12,
        };
        return Period.FromOrdinal(frequency, Math.Clamp(ordinal, Period.OrdinalBounds(frequency).Min, Period.OrdinalBounds(frequency).Max));
    }

    /// <summary>Whether <paramref name="inner"/> lies wholly inside <paramref name="outer"/>.</summary>
    public bool Contains(Period outer, Period inner) =>
        StartDay(outer) <= StartDay(inner) && EndDay(inner) <= EndDay(outer);

    /// <summary>
    /// The ordinals of the periods of frequency <paramref name="finer"/> that make up <paramref name="period"/>,
    /// or false when <paramref name="finer"/> is not finer or the parts do not tile the period
    /// (a half has no whole number of... every fiscal period tiles into finer fiscal or calendar periods).
    /// </summary>
    internal bool TryParts(Period period, Frequency finer, out int first, out int last)
    {
        first = last = 0;
        if (finer >= period.Frequency) return false;
        switch (finer)
        {
            case Frequency.Day:
                first = StartDay(period);
                last = EndDay(period);
                return true;
            case Frequency.Month:
                first = StartMonth(period);
                last = EndMonth(period);
                return first >= 12;
            case Frequency.Quarter:
                int per = period.Frequency == Frequency.Year ? 4 : 2;
                first = period.Ordinal * per;
                last = first + per - 1;
                return true;
            case Frequency.Half:
                first = period.Ordinal * 2;
                last = first + 1;
                return true;
        }
        return false;
    }

    /// <summary>Whole days from the start of <paramref name="from"/> to the start of <paramref name="to"/> (negative when earlier).</summary>
    public int DaysBetween(Period from, Period to) => StartDay(to) - StartDay(from);

    /// <summary>Whole calendar months from the start of <paramref name="from"/> to the start of <paramref name="to"/>.</summary>
    public int MonthsBetween(Period from, Period to)
    {
        var a = StartDate(from);
        var b = StartDate(to);
        int months = (b.Year - a.Year) * 12 + b.Month - a.Month;
        if (months > 0 && b.Day < a.Day) months--;
        else if (months < 0 && b.Day > a.Day) months++;
        return months;
    }

    /// <summary>Whole years from the start of <paramref name="from"/> to the start of <paramref name="to"/>.</summary>
    public int YearsBetween(Period from, Period to) => MonthsBetween(from, to) / 12;

    /// <inheritdoc />
    public bool Equals(FiscalCalendar other) => _shift == other._shift;
    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FiscalCalendar other && Equals(other);
    /// <inheritdoc />
    public override int GetHashCode() => _shift;
    /// <summary>Equality.</summary>
    public static bool operator ==(FiscalCalendar left, FiscalCalendar right) => left.Equals(right);
    /// <summary>Inequality.</summary>
    public static bool operator !=(FiscalCalendar left, FiscalCalendar right) => !left.Equals(right);
    /// <summary>For example <c>fiscal year ending in month 6</c>.</summary>
    public override string ToString() => $"fiscal year ending in month {YearEndMonth}";
}
