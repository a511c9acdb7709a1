using FinQuery.Evaluation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FinQuery.Tests.Evaluation;

/// <summary>
/// <see cref="QueryResult"/> keeps its value in parts (16 bytes, so that a screen's buffer is small): every kind of
/// value comes back out of it exactly as it went in.
/// </summary>
public class QueryResultProperties
{
    [Property(MaxTest = 300)]
    public Property A_period_comes_back_as_it_went_in_fiscal_or_calendar() =>
        Prop.ForAll(Generators.AnyPeriod.ToArbitrary(), Gen.Elements(false, true).ToArbitrary(), (period, calendar) =>
        {
            var p = calendar ? period.AsCalendar() : period;
            var r = new QueryResult(FinQuery.Evaluation.Value.Of(p), QType.Period, null);
            return r.Kind == ResultKind.Period && r.Period is { } back && back.Equals(p) && back.IsCalendar == p.IsCalendar
                && back.Frequency == p.Frequency && back.Ordinal == p.Ordinal && !r.IsNa && double.IsNaN(r.Number);
        });

    [Property(MaxTest = 300)]
    public Property A_number_comes_back_bit_for_bit(double x)
    {
        var r = new QueryResult(FinQuery.Evaluation.Value.Number(x), QType.Number("USD"), null);
        return (BitConverter.DoubleToInt64Bits(r.Number) == BitConverter.DoubleToInt64Bits(x) && r.Unit == "USD" && r.Period is null && r.Bool is null)
            .ToProperty();
    }

    [Fact]
    public void Booleans_NA_and_calendars_come_back()
    {
        Assert.Equal(true, new QueryResult(FinQuery.Evaluation.Value.Bool(true), QType.Bool, null).Bool);
        Assert.Equal(false, new QueryResult(FinQuery.Evaluation.Value.Bool(false), QType.Bool, null).Bool);
        var na = new QueryResult(FinQuery.Evaluation.Value.NotMeaningful("revenue for 2022Q2 is negative"), QType.Percent, null, calendar: new FiscalCalendar(1));
        Assert.Equal((ResultKind.NA, NaKind.NotMeaningful, "revenue for 2022Q2 is negative", "%"), (na.Kind, na.NaKind, na.Reason, na.Unit));
        Assert.Equal(new FiscalCalendar(1), na.Calendar);
        Assert.Equal(16, System.Runtime.CompilerServices.Unsafe.SizeOf<QueryResult>());
    }
}
