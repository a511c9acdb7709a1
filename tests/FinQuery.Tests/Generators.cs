using FsCheck;
using FsCheck.Fluent;

namespace FinQuery.Tests;

/// <summary>Two periods of the same frequency.</summary>
public sealed record SamePair(Period A, Period B);

/// <summary>Three periods, each of any frequency.</summary>
public sealed record PeriodTriple(Period A, Period B, Period C);

/// <summary>Three month periods.</summary>
public sealed record MonthTriple(Period A, Period B, Period C);

/// <summary>A year, half, quarter or month (a frequency with a fixed count per year).</summary>
public sealed record YearlyPeriod(Period Period);

/// <summary>A step of −1000 to 1000 periods.</summary>
public sealed record Shift(int Count);

/// <summary>Quarterly integer values over consecutive fiscal years, some years also reported (as their true sums).</summary>
public sealed record QuarterlyData(int FirstYear, int FiscalYearEndMonth, long[] Quarters, bool[] YearReported, int[] DroppedQuarter, int RangeStart, int RangeEnd)
{
    public int Years => Quarters.Length / 4;

    public override string ToString() =>
        $"FY end {FiscalYearEndMonth}, from {FirstYear}: [{string.Join(", ", Quarters)}], years reported [{string.Join(", ", YearReported)}], "
        + $"dropped [{string.Join(", ", DroppedQuarter)}], range quarters {RangeStart}..{RangeEnd}";
}

/// <summary>A fiscal year's four quarters (integers), its total, and the one quarter that is not reported.</summary>
public sealed record MissingQuarter(int Year, int FiscalYearEndMonth, long[] Quarters, int Missing);

/// <summary>The three months of a fiscal quarter, with integer values.</summary>
public sealed record QuarterMonths(int Year, int Quarter, int FiscalYearEndMonth, long[] Values);

/// <summary>A random data set to write to a data file and load back.</summary>
public sealed record DatasetSpec(EntitySpec[] Entities, bool CrLf)
{
    public override string ToString() => string.Join("; ", Entities.Select(e => e.ToString())) + (CrLf ? " (CRLF)" : "");
}

public sealed record EntitySpec(string Id, string Name, int FiscalYearEndMonth, SeriesSpec[] Series)
{
    public override string ToString() => $"{Id} \"{Name}\" FY{FiscalYearEndMonth} [{string.Join(", ", Series.Select(s => s.ToString()))}]";
}

public sealed record SeriesSpec(string Metric, Variant Variant, string Unit, double Scale, Aggregation Aggregation, KeyValuePair<Period, double>[] Values)
{
    public override string ToString() =>
        $"{Metric}/{Variant}/{Unit}/x{Scale}/{Aggregation} {{{string.Join(", ", Values.Select(v => $"{v.Key}: {v.Value}"))}}}";
}

/// <summary>FsCheck generators for FinQuery values; periods fall in the years 1900 to 2100.</summary>
public static class Generators
{
    private static readonly int MinDay = new DateOnly(1900, 1, 1).DayNumber;
    private static readonly int MaxDay = new DateOnly(2100, 12, 31).DayNumber;

    public static Gen<int> Years => Gen.Choose(1900, 2100);

    public static Gen<Frequency> Frequencies =>
        Gen.Elements(Frequency.Day, Frequency.Month, Frequency.Quarter, Frequency.Half, Frequency.Year);

    public static Gen<Period> PeriodOf(Frequency frequency) => frequency switch
    {
        Frequency.Year => Years.Select(Period.OfYear),
        Frequency.Half => from y in Years from h in Gen.Choose(1, 2) select Period.OfHalf(y, h),
        Frequency.Quarter => from y in Years from q in Gen.Choose(1, 4) select Period.OfQuarter(y, q),
        Frequency.Month => from y in Years from m in Gen.Choose(1, 12) select Period.OfMonth(y, m),
        _ => Gen.Choose(MinDay, MaxDay).Select(d => Period.OfDate(DateOnly.FromDayNumber(d))),
    };

    public static Gen<Period> AnyPeriod => Frequencies.SelectMany(PeriodOf);

    public static Gen<int> YearEndMonths => Gen.Choose(1, 12);

    public static Arbitrary<Period> PeriodArbitrary() => AnyPeriod.ToArbitrary();

    public static Arbitrary<FiscalCalendar> CalendarArbitrary() =>
        YearEndMonths.Select(m => new FiscalCalendar(m)).ToArbitrary();

    public static Arbitrary<Frequency> FrequencyArbitrary() => Frequencies.ToArbitrary();

    public static Arbitrary<SamePair> SamePairArbitrary() =>
        (from f in Frequencies from a in PeriodOf(f) from b in PeriodOf(f) select new SamePair(a, b)).ToArbitrary();

    public static Arbitrary<PeriodTriple> TripleArbitrary() =>
        (from a in AnyPeriod from b in AnyPeriod from c in AnyPeriod select new PeriodTriple(a, b, c)).ToArbitrary();

    public static Arbitrary<MonthTriple> MonthTripleArbitrary() =>
        (from a in PeriodOf(Frequency.Month) from b in PeriodOf(Frequency.Month) from c in PeriodOf(Frequency.Month)
         select new MonthTriple(a, b, c)).ToArbitrary();

    public static Arbitrary<YearlyPeriod> YearlyArbitrary() =>
        Gen.Elements(Frequency.Month, Frequency.Quarter, Frequency.Half, Frequency.Year)
            .SelectMany(PeriodOf).Select(p => new YearlyPeriod(p)).ToArbitrary();

    public static Arbitrary<Shift> ShiftArbitrary() => Gen.Choose(-1000, 1000).Select(n => new Shift(n)).ToArbitrary();

    public static Arbitrary<QuarterlyData> QuarterlyArbitrary() =>
        (from first in Years
         from fy in YearEndMonths
         from years in Gen.Choose(1, 6)
         from quarters in Gen.ArrayOf(Gen.Choose(-1000, 100_000).Select(v => (long)v), years * 4)
         from reported in Gen.ArrayOf(Gen.Elements(true, false), years)
         from dropped in Gen.ArrayOf(Gen.Choose(-1, 3), years)
         from a in Gen.Choose(0, years * 4 - 1)
         from b in Gen.Choose(a, years * 4 - 1)
         select new QuarterlyData(Math.Min(first, 2094), fy, quarters, reported, dropped, a, b)).ToArbitrary();

    public static Arbitrary<MissingQuarter> MissingQuarterArbitrary() =>
        (from y in Years
         from fy in YearEndMonths
         from q in Gen.ArrayOf(Gen.Choose(-1_000_000, 1_000_000).Select(v => (long)v), 4)
         from m in Gen.Choose(0, 3)
         select new MissingQuarter(y, fy, q, m)).ToArbitrary();

    public static Arbitrary<QuarterMonths> QuarterMonthsArbitrary() =>
        (from y in Years
         from q in Gen.Choose(1, 4)
         from fy in YearEndMonths
         from values in Gen.ArrayOf(Gen.Choose(-1_000_000, 1_000_000).Select(v => (long)v), 3)
         select new QuarterMonths(y, q, fy, values)).ToArbitrary();

    private static readonly string[] Names =
        ["Meta Platforms, Inc.", "Say \"hi\" Corp.", "Ünïcödé AG", "Line\nbreak Ltd", "  padded  ", "Plain"];

    private static readonly string[] Units = ["USD", "USD/share", "count", "", "EUR, millions", "\"q\""];

    private static Gen<SeriesSpec> SeriesGen(string metric) =>
        from variant in Gen.Elements(Variant.Actual, Variant.Consensus)
        from unit in Gen.Elements(Units)
        from scale in Gen.Elements(1.0, 1e3, 1e6, 1e9, 0.01, -1.0)
        from aggregation in Gen.Elements(Aggregation.None, Aggregation.Sum, Aggregation.Last)
        from periods in Gen.ArrayOf(AnyPeriod, 6)
        from count in Gen.Choose(1, 6)
        from values in Gen.ArrayOf(Gen.Choose(-10_000_000, 10_000_000).Select(v => v / 100.0), 6)
        select new SeriesSpec(metric, variant, unit, scale, aggregation,
            periods.Take(count).Distinct().Select((p, i) => KeyValuePair.Create(p, values[i])).ToArray());

    public static Arbitrary<DatasetSpec> DatasetArbitrary() =>
        (from entityCount in Gen.Choose(1, 3)
         from entities in Gen.ArrayOf(
             from name in Gen.Elements(Names)
             from fy in YearEndMonths
             from seriesCount in Gen.Choose(1, 3)
             from series in Gen.ArrayOf(Gen.Choose(0, 999).SelectMany(n => SeriesGen($"m{n}")), seriesCount)
             select (name, fy, series), entityCount)
         from crlf in Gen.Elements(true, false)
         select new DatasetSpec(
             entities.Select((e, i) => new EntitySpec($"E{i}", e.name, e.fy,
                 e.series.DistinctBy(s => (s.Metric, s.Variant)).ToArray())).ToArray(),
             crlf)).ToArbitrary();
}
