using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FinQuery.Tests.Data;

/// <summary>One publication: a period, an integer value, and a published day (null: known from the beginning).</summary>
public sealed record Publication(Period Period, long Value, DateOnly? Filed)
{
    public override string ToString() => $"{Period}={Value}@{Filed?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-"}";
}

/// <summary>Publications of one flow metric over two fiscal years (quarters and years), no period twice on one day.</summary>
public sealed record VintageSpec(int FiscalYearEndMonth, Publication[] Publications)
{
    public override string ToString() => $"FY end {FiscalYearEndMonth}: {string.Join(" ", Publications.Select(p => p.ToString()))}";
}

public static class VintageArbitraries
{
    private static readonly Period[] Pool =
        [.. Enumerable.Range(0, 8).Select(i => Period.OfQuarter(2022 + i / 4, i % 4 + 1)), Period.OfYear(2022), Period.OfYear(2023)];

    public static readonly DateOnly FirstDay = new(2022, 1, 1);

    private static Gen<Publication> Publication(bool allFiled) =>
        from p in Gen.Elements(Pool)
        from v in Gen.Choose(-50, 500)
        from filed in Gen.Choose(allFiled ? 0 : -1, 9)
        select new Publication(p, v, filed < 0 ? null : FirstDay.AddDays(filed * 40));

    public static Arbitrary<VintageSpec> Spec() => Arb.From(
        from allFiled in Gen.Elements(true, false)
        from fy in Gen.Elements(3, 6, 12)
        from n in Gen.Choose(0, 16)
        from pubs in Gen.ArrayOf(Publication(allFiled), n)
        select new VintageSpec(fy, pubs.DistinctBy(p => (p.Period, p.Filed)).ToArray()));
}

/// <summary>
/// Laws of vintage views over random restatements: a view after the last filing is the latest data; before the
/// first filing (everything filed) it has no values; each view equals data built from what was published by then;
/// first-reported values are the values as of each period's first filing; the JSON and CSV readers agree.
/// </summary>
[Properties(Arbitrary = [typeof(VintageArbitraries)], MaxTest = 100)]
public class VintageProperties
{
    private static Dataset Build(VintageSpec spec, IEnumerable<Publication> pubs)
    {
        var b = new DatasetBuilder().AddEntity("A", fiscalYearEndMonth: spec.FiscalYearEndMonth);
        foreach (var p in pubs)
            b.AddObservation("A", "x", Variant.Actual, "USD", Aggregation.Sum, p.Period, p.Value, p.Filed, null);
        // An entity with no series and an empty consensus keep the catalog honest.
        return b.AddEntity("B").AddSeries("B", "y", "", Aggregation.None, []).Build();
    }

    private static Dataset Build(VintageSpec spec) => Build(spec, spec.Publications);

    /// <summary>Every value at every frequency, with how it was derived, as text.</summary>
    private static string Show(Dataset data)
    {
        var sb = new StringBuilder();
        foreach (var e in data.Entities)
        {
            foreach (var s in e.Series)
            {
                for (int f = 0; f < 5; f++)
                    foreach (var (p, v) in s.ValuesAt((Frequency)f))
                        sb.Append(CultureInfo.InvariantCulture, $"{e.Id}.{s.Metric} {p}={v} {s.DescribeDerivation(p)}; ");
            }
        }
        return sb.ToString();
    }

    [Property]
    public void AsOf_after_the_last_filing_is_the_latest_data(VintageSpec spec, PositiveInt later)
    {
        var data = Build(spec);
        var last = spec.Publications.Select(p => p.Filed).Max() ?? VintageArbitraries.FirstDay;
        Assert.Equal(Show(data), Show(data.AsOf(last)));
        Assert.Equal(Show(data), Show(data.AsOf(last.AddDays(later.Get))));
    }

    [Property]
    public void AsOf_before_the_first_filing_has_only_what_was_known_from_the_beginning(VintageSpec spec, PositiveInt earlier)
    {
        var data = Build(spec);
        var first = spec.Publications.Select(p => p.Filed).Min() ?? VintageArbitraries.FirstDay;
        var view = data.AsOf(first.AddDays(-earlier.Get % 1000 - 1));
        var unfiled = spec.Publications.Where(p => p.Filed is null).ToArray();
        Assert.Equal(Show(Build(spec, unfiled)), Show(view));
        if (unfiled.Length == 0)
        {
            Assert.All(view.Entities.SelectMany(e => e.Series), s => Assert.Empty(s.Reported));
            if (spec.Publications.Length > 0) Assert.True(Query.Evaluate("x[2023]", view, "A").IsNa);
        }
    }

    [Property]
    public void AsOf_equals_the_data_built_from_what_was_published_by_then(VintageSpec spec, NonNegativeInt offset)
    {
        var data = Build(spec);
        var day = VintageArbitraries.FirstDay.AddDays(offset.Get % 420 - 10);
        var known = spec.Publications
            .Where(p => p.Filed is null || p.Filed <= day)
            .GroupBy(p => p.Period)
            .Select(g => g.MaxBy(p => p.Filed ?? DateOnly.MinValue)! with { Filed = null });
        var view = data.AsOf(day);
        Assert.Equal(Show(Build(spec, known)), Show(view));
        Assert.Equal(data.MetricKeys, view.MetricKeys);
        Assert.Equal(data.Entities.Select(e => e.Id), view.Entities.Select(e => e.Id));
    }

    [Property]
    public void FirstReported_is_each_period_as_of_its_first_filing(VintageSpec spec)
    {
        var data = Build(spec);
        var first = data.FirstReported();
        var series = first.Entities[0].Find("x");
        foreach (var g in spec.Publications.GroupBy(p => p.Period))
        {
            var earliest = g.MinBy(p => p.Filed ?? DateOnly.MinValue)!;
            var asOf = data.AsOf(earliest.Filed ?? DateOnly.MinValue).Entities[0].Find("x")!;
            Assert.True(asOf.IsReported(g.Key));
            Assert.True(series!.IsReported(g.Key));
            Assert.True(asOf.TryGetValue(g.Key, out double expected));
            Assert.True(series.TryGetValue(g.Key, out double actual));
            Assert.Equal(earliest.Value, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Property(MaxTest = 50)]
    public void The_JSON_and_CSV_readers_load_what_the_builder_builds(VintageSpec spec, NonNegativeInt offset)
    {
        var built = Build(spec);
        var json = Dataset.ParseJson(ToJson(spec));
        var csv = Dataset.ParseCsv(ToCsv(spec));
        var day = VintageArbitraries.FirstDay.AddDays(offset.Get % 420 - 10);
        Assert.Equal(Show(built), Show(json));
        Assert.Equal(Show(built), Show(csv));
        Assert.Equal(Show(built.AsOf(day)), Show(json.AsOf(day)));
        Assert.Equal(Show(built.AsOf(day)), Show(csv.AsOf(day)));
        Assert.Equal(Show(built.FirstReported()), Show(json.FirstReported()));
        Assert.Equal(Show(built.FirstReported()), Show(csv.FirstReported()));
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string ToJson(VintageSpec spec)
    {
        var objects = spec.Publications.GroupBy(p => p.Filed).Select(g =>
            "{\"metric\": \"x\", \"unit\": \"USD\", \"aggregation\": \"sum\", "
            + (g.Key is { } d ? $"\"filed\": \"{Day(d)}\", " : "")
            + "\"values\": {" + string.Join(", ", g.Select(p => $"\"{p.Period}\": {p.Value}")) + "}}");
        return "{\"entities\": [{\"id\": \"A\", \"fiscalYearEndMonth\": " + spec.FiscalYearEndMonth + ", \"series\": ["
            + string.Join(",\n", objects) + "]}, {\"id\": \"B\", \"series\": [{\"metric\": \"y\", \"values\": {}}]}]}";
    }

    private static string ToCsv(VintageSpec spec)
    {
        var sb = new StringBuilder("entity,metric,period,value,unit,aggregation,fiscalYearEndMonth,filed\n");
        foreach (var p in spec.Publications.Reverse())
            sb.Append(CultureInfo.InvariantCulture, $"A,x,{p.Period},{p.Value},USD,sum,{spec.FiscalYearEndMonth},{(p.Filed is { } d ? Day(d) : "")}\n");
        return sb.ToString();
    }
}
