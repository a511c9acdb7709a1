namespace FinQuery;

/// <summary>
/// Maps an entity's fiscal years, halves and quarters onto calendar months. A fiscal year is
/// labelled by the calendar year it ends in: with a June year end, FY2023 runs 2022-07..2023-06
/// and FY2023Q1 is 2022-07..2022-09. December, the default, equals the calendar.
/// Calendar periods (<c>CY2023Q2</c>, <see cref="Period.IsCalendar"/>) are the same months in every calendar;
/// each stands for the fiscal quarter that has at least two of its three months in it.
/// </summary>
public readonly struct FiscalCalendar : IEquatable<FiscalCalendar>
{
    // Stored as 12 − end month so that default(FiscalCalendar) is the calendar year.
    private readonly byte _shift;
    // The calendar of calendarized series (calendar(x)): December months, periods labelled CY.
    private readonly bool _calendarized;

    private FiscalCalendar(byte shift, bool calendarized)
    {
        _shift = shift;
        _calendarized = calendarized;
    }

    /// <summary>The calendar of a series on calendar periods (<c>calendar(x)</c>): its quarters are <c>CY</c> quarters.</summary>
    internal static FiscalCalendar Calendarized => new(0, true);

    /// <summary>How many calendars there are: twelve year-end months, and the calendarized one.</summary>
    internal const int Count = 13;

    /// <summary>This calendar's place among the <see cref="Count"/> (0–11 by year-end month, 12 calendarized).</summary>
    internal int Index => _calendarized ? 12 : _shift;

    /// <summary>Whether this is the calendar of a series on calendar periods (see <see cref="Calendarized"/>).</summary>
    internal bool IsCalendarized => _calendarized;

    /// <summary>Whether the two calendars put the same months in each quarter (December and calendarized do).</summary>
    internal bool SameMonths(FiscalCalendar other) => _shift == other._shift;

    /// <summary>The period at an ordinal of a frequency, labelled as this calendar labels it (<c>CY</c> when calendarized).</summary>
    internal Period PeriodAt(Frequency frequency, int ordinal)
    {
        var p = Period.FromOrdinal(frequency, ordinal);
        return _calendarized ? p.AsCalendar() : p;
    }

    /// <summary>
    /// The text of a period for an entity on this calendar: <c>FY2024Q2</c> for a fiscal year, half or quarter
    /// when the year does not end in December, <c>CY2023Q2</c> for a calendar one, otherwise the period's own
    /// text (<c>2023Q2</c>, <c>2023-07</c>).
    /// </summary>
    public string Format(Period period) =>
        _shift != 0 && !period.IsCalendar && period.Frequency >= Frequency.Quarter ? "FY" + period.ToString() : period.ToString();

    /// <summary>How many quarters a fiscal quarter's ordinal is ahead of the calendar quarter it stands for.</summary>
    private int QuarterOffset => (_shift + 1) / 3;

    /// <summary>
    /// The fiscal period that is exactly a calendar period, or the period itself when it is not a calendar one:
    /// a calendar quarter is the fiscal quarter with at least two of its three months in it (NVIDIA's FY2024Q2,
    /// May–July 2023, for CY2023Q2); a calendar half or year is a fiscal half or year only when those quarters
    /// make one (always for a December year); otherwise false.
    /// </summary>
    internal bool TryStandIn(Period period, out Period fiscal)
    {
        fiscal = period;
        if (!period.IsCalendar) return true;
        int k = QuarterOffset;
        var f = period.Frequency;
        int per = f == Frequency.Quarter ? 1 : f == Frequency.Half ? 2 : 4;
        if (k % per != 0) return false;
        return Period.TryFromOrdinal(f, (long)period.Ordinal + k / per, out fiscal);
    }

    /// <summary>
    /// The days of a range of calendar quarters (<c>CY2022Q3..CY2023Q2</c>, as days) moved to the fiscal quarters that
    /// stand for them; an end that is not a calendar quarter's (an open end at the data's edge, a month) stays.
    /// </summary>
    internal void StandInDays(ref int startDay, ref int endDay)
    {
        int k = QuarterOffset;
        if (_shift == 0 || startDay > endDay) return;
        var cq = Calendarized;
        var a = cq.Containing(Period.OfDate(DateOnly.FromDayNumber(startDay)), Frequency.Quarter);
        if (cq.StartDay(a) == startDay && Period.TryFromOrdinal(Frequency.Quarter, (long)a.Ordinal + k, out var fa)) startDay = StartDay(fa);
        var b = cq.Containing(Period.OfDate(DateOnly.FromDayNumber(endDay)), Frequency.Quarter);
        if (cq.EndDay(b) == endDay && Period.TryFromOrdinal(Frequency.Quarter, (long)b.Ordinal + k, out var fb)) endDay = EndDay(fb);
    }

    /// <summary>The ordinals of the fiscal quarters that stand for the calendar quarters of a calendar period.</summary>
    internal (int First, int Last) StandInQuarters(Period calendarPeriod)
    {
        int per = calendarPeriod.Frequency switch { Frequency.Quarter => 1, Frequency.Half => 2, _ => 4 };
        int first = calendarPeriod.Ordinal * per + QuarterOffset;
        return (first, first + per - 1);
    }

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
        Frequency.Year => 12 * p.Ordinal - Shift(p),
        Frequency.Half => 6 * p.Ordinal - Shift(p),
        Frequency.Quarter => 3 * p.Ordinal - Shift(p),
        Frequency.Month => p.Ordinal,
        _ => MonthOfDay(p.Ordinal),
    };

    /// <summary>The last month of a period as a month ordinal.</summary>
    internal int EndMonth(Period p) => p.Frequency switch
    {
        Frequency.Year => 12 * p.Ordinal - Shift(p) + 11,
        Frequency.Half => 6 * p.Ordinal - Shift(p) + 5,
        Frequency.Quarter => 3 * p.Ordinal - Shift(p) + 2,
        Frequency.Month => p.Ordinal,
        _ => MonthOfDay(p.Ordinal),
    };

    // Calendar periods are the same months whatever the fiscal year.
    private int Shift(Period p) => p.IsCalendar ? 0 : _shift;

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

    /// <summary>The period of frequency <paramref name="frequency"/> (of this calendar) that contains the first day of <paramref name="period"/>.</summary>
    public Period Containing(Period period, Frequency frequency)
    {
        if (frequency == period.Frequency && period.IsCalendar == _calendarized) return period;
        if (frequency == Frequency.Day) return Period.OfDate(StartDate(period));
        int m = StartMonth(period);
        int ordinal = frequency switch
        {
            Frequency.Month => m,
            Frequency.Quarter => (m + _shift) / 3,
            Frequency.Half => (m + _shift) / 6,
            _ => (m + _shift) / 12,
        };
        return PeriodAt(frequency, Math.Clamp(ordinal, Period.OrdinalBounds(frequency).Min, Period.OrdinalBounds(frequency).Max));
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
        if (period.IsCalendar != _calendarized && finer >= Frequency.Quarter) return false;
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
    public bool Equals(FiscalCalendar other) => _shift == other._shift && _calendarized == other._calendarized;
    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FiscalCalendar other && Equals(other);
    /// <inheritdoc />
    public override int GetHashCode() => _shift | (_calendarized ? 16 : 0);
    /// <summary>Equality.</summary>
    public static bool operator ==(FiscalCalendar left, FiscalCalendar right) => left.Equals(right);
    /// <summary>Inequality.</summary>
    public static bool operator !=(FiscalCalendar left, FiscalCalendar right) => !left.Equals(right);
    /// <summary>For example <c>fiscal year ending in month 6</c>.</summary>
    public override string ToString() => _calendarized ? "calendar periods" : $"fiscal year ending in month {YearEndMonth}";
}
