using System.Globalization;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FinQuery.Tests.Data;

[Properties(Arbitrary = [typeof(Generators)], MaxTest = 150)]
public class RoundTripProperties
{
    internal static string Number(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private static string Lower<T>(T value) where T : Enum => value.ToString().ToLowerInvariant();

    internal static string ToJson(DatasetSpec spec)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("defaultEntity", spec.Entities[^1].Id);
            w.WriteStartArray("entities");
            foreach (var e in spec.Entities)
            {
                w.WriteStartObject();
                w.WriteString("id", e.Id);
                w.WriteString("name", e.Name);
                w.WriteNumber("fiscalYearEndMonth", e.FiscalYearEndMonth);
                w.WriteStartArray("series");
                foreach (var s in e.Series)
                {
                    w.WriteStartObject();
                    w.WriteString("metric", s.Metric);
                    w.WriteString("variant", Lower(s.Variant));
                    w.WriteString("unit", s.Unit);
                    w.WriteNumber("scale", s.Scale);
                    w.WriteString("aggregation", Lower(s.Aggregation));
                    w.WriteStartObject("values");
                    foreach (var (p, v) in s.Values) w.WriteNumber(p.ToString(), v);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A CSV cell: quoted when it holds a comma, a quote, a line break or spaces at its ends.</summary>
    internal static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 || field != field.Trim()
            ? "\"" + field.Replace("\"", "\"\"") + "\""
            : field;

    internal static string ToCsv(DatasetSpec spec, int seed)
    {
        var rows = new List<string>();
        foreach (var e in spec.Entities)
            foreach (var s in e.Series)
                foreach (var (p, v) in s.Values)
                    rows.Add(string.Join(",",
                        Quote(e.Id), Quote(s.Metric), Lower(s.Variant), p.ToString(), Number(v), Quote(s.Unit),
                        Number(s.Scale), Lower(s.Aggregation), Quote(e.Name),
                        e.FiscalYearEndMonth.ToString(CultureInfo.InvariantCulture),
                        $"seed {seed}, unquoted, free text"));
        // Rows in any order: series and entities are grouped by key, not by position.
        var random = new Random(seed);
        var shuffled = rows.OrderBy(_ => random.Next()).ToList();
        string newline = spec.CrLf ? "\r\n" : "\n";
        return "entity,metric,variant,period,value,unit,scale,aggregation,name,fiscalYearEndMonth,source" + newline
            + string.Join(newline, shuffled) + newline;
    }

    private static void AssertLoadedAsSpecified(DatasetSpec spec, Dataset data)
    {
        Assert.Equal(spec.Entities.Length, data.Entities.Count);
        foreach (var e in spec.Entities)
        {
            var entity = data.FindEntity(e.Id);
            Assert.NotNull(entity);
            Assert.Equal(e.Name, entity.Name);
            Assert.Equal(e.FiscalYearEndMonth, entity.Calendar.YearEndMonth);
            Assert.Equal(e.Series.Length, entity.Series.Count);
            foreach (var s in e.Series)
            {
                var series = entity.Find(s.Metric, s.Variant);
                Assert.NotNull(series);
                Assert.Equal(s.Unit, series.Unit);
                Assert.Equal(s.Aggregation, series.Aggregation);
                var expected = s.Values.ToDictionary(o => o.Key, o => o.Value * s.Scale);
                var actual = series.Reported.ToDictionary(o => o.Key, o => o.Value);
                Assert.Equal(expected.OrderBy(o => o.Key.ToString()), actual.OrderBy(o => o.Key.ToString()));
            }
        }
    }

    [Property]
    public void Written_as_JSON_and_loaded_back_gives_the_same_data(DatasetSpec spec)
    {
        var data = Dataset.ParseJson(ToJson(spec), "random.json");
        AssertLoadedAsSpecified(spec, data);
        Assert.Equal(spec.Entities[^1].Id, data.DefaultEntity!.Id);
    }

    [Property]
    public void Written_as_CSV_and_loaded_back_gives_the_same_data(DatasetSpec spec, int seed)
    {
        AssertLoadedAsSpecified(spec, Dataset.ParseCsv(ToCsv(spec, seed), "random.csv"));
    }
}
