using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;

namespace FinQuery;

/// <summary>
/// A reporting period: a fiscal or calendar year, half or quarter, or a calendar month or day.
/// Fiscal years, halves and quarters (<c>2023Q2</c>, <c>FY2023Q2</c>) are mapped onto calendar months by an
/// entity's <see cref="FiscalCalendar"/>; calendar ones (<c>CY2023Q2</c>, see <see cref="IsCalendar"/>) are
/// the same months for every entity. Periods of one frequency and kind are ordered; comparing periods of
/// different frequencies, or a fiscal with a calendar one, throws, because it almost always indicates a bug.
/// </summary>
/// <remarks>The text form round-trips: <c>Period.Parse(p.ToString()) == p</c>.</remarks>
public readonly struct Period : IEquatable<Period>, IComparable<Period>, IComparable, ISpanFormattable
{
    /// <summary>The smallest year a period may fall in.</summary>
    public const int MinYear = 1;
    /// <summary>The largest year a period may fall in.</summary>
    public const int MaxYear = 9999;

    private readonly int _ordinal;
    private readonly Frequency _frequency;
    private readonly bool _calendar;

    private Period(Frequency frequency, int ordinal, bool calendar = false)
    {
        _frequency = frequency;
        _ordinal = ordinal;
        _calendar = calendar;
    }

    /// <summary>
    /// Whether this is a calendar year, half or quarter (<c>CY2023Q2</c>): the same months for every entity,
    /// whatever its fiscal year. Months and days are always calendar periods and are never marked.
    /// </summary>
    public bool IsCalendar => _calendar;

    /// <summary>The calendar year, half or quarter with this period's label (<c>2023Q2</c> → <c>CY2023Q2</c>); months and days unchanged.</summary>
    public Period AsCalendar() => _frequency >= Frequency.Quarter ? new(_frequency, _ordinal, true) : this;

    /// <summary>The fiscal year, half or quarter with this period's label (<c>CY2023Q2</c> → <c>2023Q2</c>); months and days unchanged.</summary>
    public Period AsFiscal() => new(_frequency, _ordinal);

    /// <summary>The frequency of this period.</summary>
    public Frequency Frequency => _frequency;

    /// <summary>
    /// The position of this period among all periods of its frequency: the year for years,
    /// <c>year × 2 + half − 1</c> for halves, <c>year × 4 + quarter − 1</c> for quarters,
    /// <c>year × 12 + month − 1</c> for months, and the day number (0 = 0001-01-01) for days.
    /// </summary>
    public int Ordinal => _ordinal;

    /// <summary>The (fiscal) year label for years, halves and quarters; the calendar year for months and days.</summary>
    public int Year => _frequency switch
    {
        Frequency.Year => _ordinal,
        Frequency.Half => _ordinal >> 1,
        Frequency.Quarter => _ordinal >> 2,
        Frequency.Month => _ordinal / 12,
        _ => DateOnly.FromDayNumber(_ordinal).Year,
    };

    /// <summary>The half (1–2), quarter (1–4), month (1–12) or day of month (1–31); 1 for a year.</summary>
    public int Index => _frequency switch
    {
        Frequency.Year => 1,
        Frequency.Half => (_ordinal & 1) + 1,
        Frequency.Quarter => (_ordinal & 3) + 1,
        Frequency.Month => _ordinal % 12 + 1,
        _ => DateOnly.FromDayNumber(_ordinal).Day,
    };

    /// <summary>A fiscal year.</summary>
    public static Period OfYear(int year) => new(Frequency.Year, CheckYear(year));

    /// <summary>A fiscal half year (1 or 2).</summary>
    public static Period OfHalf(int year, int half)
    {
        if (half is < 1 or > 2) throw new ArgumentOutOfRangeException(nameof(half), half, "A half is 1 or 2.");
        return new(Frequency.Half, CheckYear(year) * 2 + half - 1);
    }

    /// <summary>A fiscal quarter (1 to 4).</summary>
    public static Period OfQuarter(int year, int quarter)
    {
        if (quarter is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(quarter), quarter, "A quarter is 1 to 4.");
        return new(Frequency.Quarter, CheckYear(year) * 4 + quarter - 1);
    }

    /// <summary>A calendar month (1 to 12).</summary>
    public static Period OfMonth(int year, int month)
    {
        if (month is < 1 or > 12) throw new ArgumentOutOfRangeException(nameof(month), month, "A month is 1 to 12.");
        return new(Frequency.Month, CheckYear(year) * 12 + month - 1);
    }

    /// <summary>A calendar day.</summary>
    public static Period OfDay(int year, int month, int day) => OfDate(new DateOnly(CheckYear(year), month, day));

    /// <summary>The calendar day of a date.</summary>
    public static Period OfDate(DateOnly date) => new(Frequency.Day, date.DayNumber);

    /// <summary>The period of a frequency at an ordinal (see <see cref="Ordinal"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The ordinal falls outside years 1 to 9999.</exception>
    public static Period FromOrdinal(Frequency frequency, int ordinal)
    {
        if (!TryFromOrdinal(frequency, ordinal, out var p))
            throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, "The period falls outside years 1 to 9999.");
        return p;
    }

    /// <summary>The period of a frequency at an ordinal, or false when it falls outside years 1 to 9999.</summary>
    public static bool TryFromOrdinal(Frequency frequency, long ordinal, out Period period)
    {
        var (min, max) = OrdinalBounds(frequency);
        if (ordinal < min || ordinal > max)
        {
            period = default;
            return false;
        }
        period = new Period(frequency, (int)ordinal);
        return true;
    }

    internal static (int Min, int Max) OrdinalBounds(Frequency frequency) => frequency switch
    {
        Frequency.Year => (MinYear, MaxYear),
        Frequency.Half => (MinYear * 2, MaxYear * 2 + 1),
        Frequency.Quarter => (MinYear * 4, MaxYear * 4 + 3),
        Frequency.Month => (MinYear * 12, MaxYear * 12 + 11),
        Frequency.Day => (DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber),
        _ => throw new ArgumentOutOfRangeException(nameof(frequency)),
    };

    private static int CheckYear(int year) =>
        year is >= MinYear and <= MaxYear ? year : throw new ArgumentOutOfRangeException(nameof(year), year, "A year is 1 to 9999.");

    /// <summary>This period moved <paramref name="count"/> periods of its own frequency later (earlier when negative).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The result falls outside years 1 to 9999.</exception>
    public Period Plus(int count) => TryPlus(count, out var result)
        ? result
        : throw new ArgumentOutOfRangeException(nameof(count), count, "The period falls outside years 1 to 9999.");

    /// <summary>This period moved <paramref name="count"/> periods of its own frequency, or false when the result falls outside years 1 to 9999.</summary>
    public bool TryPlus(long count, out Period result)
    {
        if (!TryFromOrdinal(_frequency, _ordinal + count, out result)) return false;
        if (_calendar) result = new(_frequency, result._ordinal, true);
        return true;
    }

    /// <summary>This period moved <paramref name="count"/> periods of its own frequency earlier.</summary>
    public Period Minus(int count) => TryPlus(-(long)count, out var result)
        ? result
        : throw new ArgumentOutOfRangeException(nameof(count), count, "The period falls outside years 1 to 9999.");

    /// <summary>The number of periods from <paramref name="other"/> to this one; both must have the same frequency.</summary>
    public int Minus(Period other)
    {
        RequireSameKind(other);
        return _ordinal - other._ordinal;
    }

    /// <summary>See <see cref="Plus(int)"/>.</summary>
    public static Period operator +(Period period, int count) => period.Plus(count);
    /// <summary>See <see cref="Minus(int)"/>.</summary>
    public static Period operator -(Period period, int count) => period.Minus(count);
    /// <summary>See <see cref="Minus(Period)"/>.</summary>
    public static int operator -(Period left, Period right) => left.Minus(right);

    /// <summary>
    /// The same period one year earlier: the previous fiscal year, half or quarter of the same index,
    /// the same month, or the same day of the previous year (28 February for 29 February).
    /// </summary>
    public bool TryYearEarlier(out Period result)
    {
        switch (_frequency)
        {
            case Frequency.Day:
                var d = DateOnly.FromDayNumber(_ordinal);
                if (d.Year == MinYear) { result = default; return false; }
                result = OfDate(d.AddYears(-1));
                return true;
            default:
                return TryPlus(-PeriodsPerYear(_frequency), out result);
        }
    }

    internal static int PeriodsPerYear(Frequency frequency) => frequency switch
    {
        Frequency.Year => 1,
        Frequency.Half => 2,
        Frequency.Quarter => 4,
        Frequency.Month => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "Days have no fixed count per year."),
    };

    private void RequireSameKind(Period other)
    {
        if (other._frequency != _frequency || other._calendar != _calendar)
            throw new ArgumentException($"Cannot compare {Describe()} {this} with {other.Describe()} {other}.");
    }

    /// <summary><c>quarter</c>, <c>calendar quarter</c>, <c>month</c>…, for messages.</summary>
    internal string Describe() => _calendar ? "calendar " + Describe(_frequency) : Describe(_frequency);

    internal static string Describe(Frequency f) => f switch
    {
        Frequency.Year => "year",
        Frequency.Half => "half year",
        Frequency.Quarter => "quarter",
        Frequency.Month => "month",
        _ => "day",
    };

    /// <inheritdoc />
    public bool Equals(Period other) => _ordinal == other._ordinal && _frequency == other._frequency && _calendar == other._calendar;

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is Period other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (_ordinal * 16) ^ (int)_frequency ^ (_calendar ? 8 : 0);

    /// <summary>Orders periods of the same frequency and kind.</summary>
    /// <exception cref="ArgumentException">The periods have different frequencies, or one is a calendar period and the other fiscal.</exception>
    public int CompareTo(Period other)
    {
        RequireSameKind(other);
        return _ordinal.CompareTo(other._ordinal);
    }

    int IComparable.CompareTo(object? obj) => obj switch
    {
        null => 1,
        Period p => CompareTo(p),
        _ => throw new ArgumentException("Object must be a Period.", nameof(obj)),
    };

    /// <summary>Equality.</summary>
    public static bool operator ==(Period left, Period right) => left.Equals(right);
    /// <summary>Inequality.</summary>
    public static bool operator !=(Period left, Period right) => !left.Equals(right);
    /// <summary>Ordering within one frequency; throws across frequencies.</summary>
    public static bool operator <(Period left, Period right) => left.CompareTo(right) < 0;
    /// <summary>Ordering within one frequency; throws across frequencies.</summary>
    public static bool operator <=(Period left, Period right) => left.CompareTo(right) <= 0;
    /// <summary>Ordering within one frequency; throws across frequencies.</summary>
    public static bool operator >(Period left, Period right) => left.CompareTo(right) > 0;
    /// <summary>Ordering within one frequency; throws across frequencies.</summary>
    public static bool operator >=(Period left, Period right) => left.CompareTo(right) >= 0;

    /// <summary>
    /// The canonical text: <c>2023</c>, <c>2023H1</c>, <c>2023Q2</c>, <c>2023-07</c> or <c>2023-07-05</c>; a calendar
    /// period as <c>CY2023</c>, <c>CY2023H1</c>, <c>CY2023Q2</c>. A fiscal period of an entity whose year does not end
    /// in December is written <c>FY2024Q2</c> by <see cref="FiscalCalendar.Format(Period)"/>, which knows the entity.
    /// </summary>
    public override string ToString()
    {
        Span<char> buffer = stackalloc char[12];
        TryFormat(buffer, out var written, default, null);
        return new string(buffer[..written]);
    }

    /// <summary>The canonical text; format and provider are ignored (the text is culture-invariant).</summary>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>Writes the canonical text into <paramref name="destination"/>.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        var inv = CultureInfo.InvariantCulture;
        if (_calendar)
        {
            if (destination.Length < 2)
            {
                charsWritten = 0;
                return false;
            }
            destination[0] = 'C';
            destination[1] = 'Y';
            bool ok = AsFiscal().TryFormat(destination[2..], out charsWritten, format, provider);
            charsWritten = ok ? charsWritten + 2 : 0;
            return ok;
        }
        switch (_frequency)
        {
            case Frequency.Year:
                return destination.TryWrite(inv, $"{_ordinal:D4}", out charsWritten);
            case Frequency.Half:
                return destination.TryWrite(inv, $"{Year:D4}H{Index}", out charsWritten);
            case Frequency.Quarter:
                return destination.TryWrite(inv, $"{Year:D4}Q{Index}", out charsWritten);
            case Frequency.Month:
                return destination.TryWrite(inv, $"{Year:D4}-{Index:D2}", out charsWritten);
            default:
                var d = DateOnly.FromDayNumber(_ordinal);
                return destination.TryWrite(inv, $"{d.Year:D4}-{d.Month:D2}-{d.Day:D2}", out charsWritten);
        }
    }

    /// <summary>Parses <c>2023</c>, <c>FY2023</c>, <c>2023H1</c>, <c>2023Q2</c>, <c>FY2023Q2</c>, <c>CY2023</c>, <c>CY2023H1</c>, <c>CY2023Q2</c>, <c>2023-07</c> or <c>2023-07-05</c>.</summary>
    /// <exception cref="FormatException">The text is not a period.</exception>
    public static Period Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, out var p))
            throw new FormatException($"'{text}' is not a period: expected 2023, FY2023, 2023H1, 2023Q2, CY2023Q2, 2023-07 or 2023-07-05.");
        return p;
    }

    /// <summary>Parses a period, or returns false. Accepts the forms of <see cref="Parse"/>; letters are case-insensitive.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Period period) => TryParseCore(text, out period);

    /// <summary><see cref="TryParse(ReadOnlySpan{char}, out Period)"/> over UTF-8 (ASCII) bytes, for the data readers.</summary>
    internal static bool TryParseUtf8(ReadOnlySpan<byte> text, out Period period) => TryParseCore(text, out period);

    // One parser for chars and bytes: the JIT makes a copy for each, with the conversions gone.
    private static bool TryParseCore<T>(ReadOnlySpan<T> text, out Period period) where T : unmanaged, IBinaryInteger<T>
    {
        period = default;
        var s = new Ascii<T>(text);
        bool fiscal = false, calendar = false;
        if (s.Length >= 2 && (s[1] | 0x20) == 'y' && (s[0] | 0x20) is 'f' or 'c')
        {
            calendar = (s[0] | 0x20) == 'c';
            fiscal = !calendar;
            s = s[2..];
        }
        if (s.Length < 4 || !TryDigits(s[..4], out var year) || year < MinYear) return false;
        s = s[4..];
        if (s.IsEmpty)
        {
            period = new Period(Frequency.Year, year, calendar);
            return true;
        }
        char c = (char)(s[0] | 0x20);
        if ((c == 'h' || c == 'q') && s.Length == 2 && s[1] is >= '1' and <= '4')
        {
            int n = s[1] - '0';
            if (c == 'h' && n > 2) return false;
            period = c == 'h' ? new Period(Frequency.Half, year * 2 + n - 1, calendar) : new Period(Frequency.Quarter, year * 4 + n - 1, calendar);
            return true;
        }
        if (calendar) return false;
        if (fiscal || s[0] != '-' || s.Length < 3 || !TryDigits(s.Slice(1, 2), out var month) || month is < 1 or > 12) return false;
        s = s[3..];
        if (s.IsEmpty)
        {
            period = new Period(Frequency.Month, year * 12 + month - 1);
            return true;
        }
        if (s.Length != 3 || s[0] != '-' || !TryDigits(s.Slice(1, 2), out var day)) return false;
        if (day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        period = OfDate(new DateOnly(year, month, day));
        return true;
    }

    private static bool TryDigits<T>(Ascii<T> s, out int value) where T : unmanaged, IBinaryInteger<T>
    {
        value = 0;
        for (int i = 0; i < s.Length; i++)
        {
            int ch = s[i];
            if (ch is < '0' or > '9') return false;
            value = value * 10 + (ch - '0');
        }
        return true;
    }

    /// <summary>Characters or bytes read as code units (ints), sliced like a span.</summary>
    private readonly ref struct Ascii<T>(ReadOnlySpan<T> text) where T : unmanaged, IBinaryInteger<T>
    {
        private readonly ReadOnlySpan<T> _text = text;
        public int Length => _text.Length;
        public bool IsEmpty => _text.IsEmpty;
        public int this[int i] => int.CreateTruncating(_text[i]);
        public Ascii<T> this[Range r] => new(_text[r]);
        public Ascii<T> Slice(int start, int length) => new(_text.Slice(start, length));
    }
}
