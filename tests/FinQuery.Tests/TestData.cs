namespace FinQuery.Tests;

/// <summary>Small builders shared by the tests.</summary>
internal static class TestData
{
    public static Period P(string text) => Period.Parse(text);

    /// <summary>A series <c>ACME.x</c> (unit USD) with these reported values, built through <see cref="DatasetBuilder"/>.</summary>
    public static MetricSeries SeriesOf(Aggregation aggregation, params (string Period, double Value)[] values) =>
        SeriesOf(aggregation, 12, values);

    public static MetricSeries SeriesOf(Aggregation aggregation, int fiscalYearEndMonth, params (string Period, double Value)[] values) =>
        SeriesOf(aggregation, fiscalYearEndMonth, values.Select(v => KeyValuePair.Create(P(v.Period), v.Value)));

    public static MetricSeries SeriesOf(Aggregation aggregation, int fiscalYearEndMonth, IEnumerable<KeyValuePair<Period, double>> values) =>
        new DatasetBuilder()
            .AddEntity("ACME", fiscalYearEndMonth: fiscalYearEndMonth)
            .AddSeries("ACME", "x", "USD", aggregation, values)
            .Build()
            .Entities[0].Series[0];

    public static double Value(MetricSeries series, string period) =>
        series.TryGetValue(P(period), out double v) ? v : throw new Xunit.Sdk.XunitException($"no value for {period}");

    public static bool Has(MetricSeries series, string period) => series.TryGetValue(P(period), out _);

    /// <summary>Resolves a range and covers it with values, as <c>sum(x, range)</c> does.</summary>
    public static CoverResult Cover(MetricSeries series, string range)
    {
        Assert.True(PeriodRange.TryParse(range, out var r), $"'{range}' is not a range");
        if (!series.TryResolve(r, out int start, out int end)) return new CoverResult(false, true, 0, default, []);
        var used = new List<Period>();
        bool ok = series.TryCoverSum(start, end, r.Frequency ?? Frequency.Day, out double sum, out var gap, used);
        return new CoverResult(ok, false, sum, gap, used);
    }

    internal sealed record CoverResult(bool Covered, bool Empty, double Sum, Period Gap, List<Period> Used)
    {
        public string UsedText => string.Join(" ", Used);
    }
}
