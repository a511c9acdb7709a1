namespace FinQuery;

/// <summary>
/// An inclusive range of periods, from the start of <see cref="Start"/> to the end of <see cref="End"/>.
/// The ends may differ in frequency (<c>2021..2023Q2</c>); a missing end is open and runs to the data's edge.
/// </summary>
public readonly struct PeriodRange : IEquatable<PeriodRange>
{
    /// <summary>A range; either end may be open (null).</summary>
    public PeriodRange(Period? start, Period? end)
    {
        Start = start;
        End = end;
    }

    /// <summary>The range holding one period.</summary>
    public static PeriodRange Single(Period period) => new(period, period);

    /// <summary>The first period, or null when the range is open at the start.</summary>
    public Period? Start { get; }

    /// <summary>The last period, or null when the range is open at the end.</summary>
    public Period? End { get; }

    /// <summary>The finer of the two ends' frequencies: the frequency at which <c>avg</c>, <c>min</c>, <c>max</c> and <c>count</c> work.</summary>
    public Frequency? Frequency => (Start, End) switch
    {
        ({ } s, { } e) => s.Frequency <= e.Frequency ? s.Frequency : e.Frequency,
        ({ } s, null) => s.Frequency,
        (null, { } e) => e.Frequency,
        _ => null,
    };

    /// <summary>Whether an end is a calendar period (<c>CY2022..CY2023Q2</c>).</summary>
    internal bool IsCalendar => Start is { IsCalendar: true } || End is { IsCalendar: true };

    /// <summary>The range with calendar ends (<c>2022..2023Q2</c> → <c>CY2022..CY2023Q2</c>), for a series on calendar periods.</summary>
    internal PeriodRange AsCalendar() => new(Start?.AsCalendar(), End?.AsCalendar());

    /// <summary>The range with fiscal ends (<c>CY2022..CY2023Q2</c> → <c>2022..2023Q2</c>).</summary>
    internal PeriodRange AsFiscal() => new(Start?.AsFiscal(), End?.AsFiscal());

    /// <summary>The text, each end written as the calendar writes it (<c>FY2023..FY2024Q2</c>).</summary>
    internal string Format(FiscalCalendar calendar) =>
        Start is { } s && End is { } e && s == e ? calendar.Format(s) : $"{(Start is { } a ? calendar.Format(a) : "")}..{(End is { } b ? calendar.Format(b) : "")}";

    /// <summary><c>2021..2023Q2</c>, <c>..2023Q1</c>, <c>2022Q1..</c>; a single period prints as itself.</summary>
    public override string ToString() =>
        Start is { } s && End is { } e && s == e ? s.ToString() : $"{Start}..{End}";

    /// <summary>Parses <c>A..B</c>, <c>..B</c>, <c>A..</c> or a single period.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out PeriodRange range)
    {
        range = default;
        int dots = text.IndexOf("..");
        if (dots < 0)
        {
            if (!Period.TryParse(text, out var single)) return false;
            range = Single(single);
            return true;
        }
        Period? start = null, end = null;
        if (dots > 0)
        {
            if (!Period.TryParse(text[..dots], out var s)) return false;
            start = s;
        }
        if (dots + 2 < text.Length)
        {
            if (!Period.TryParse(text[(dots + 2)..], out var e)) return false;
            end = e;
        }
        range = new PeriodRange(start, end);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(PeriodRange other) => Start.Equals(other.Start) && End.Equals(other.End);
    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PeriodRange other && Equals(other);
    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Start, End);
    /// <summary>Equality.</summary>
    public static bool operator ==(PeriodRange left, PeriodRange right) => left.Equals(right);
    /// <summary>Inequality.</summary>
    public static bool operator !=(PeriodRange left, PeriodRange right) => !left.Equals(right);
}
