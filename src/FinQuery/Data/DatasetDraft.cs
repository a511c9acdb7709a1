using System.Globalization;
using FinQuery.Series;

namespace FinQuery.Data;

/// <summary>
/// A dataset read from a file and validated, with the location of every part, before it is built.
/// The file readers fill it; <see cref="Build"/> turns it into a <see cref="Dataset"/> and reports
/// anything the data model still rejects at the location of the part that caused it.
/// </summary>
internal sealed class DatasetDraft(string file)
{
    public string File { get; } = file;

    public List<EntityDraft> Entities { get; } = [];

    public string? DefaultEntity { get; set; }

    public string DefaultEntityLocation { get; set; } = "$";

    public Dataset Build()
    {
        var entities = new List<Entity>(Entities.Count);
        foreach (var e in Entities)
        {
            var calendar = new FiscalCalendar(e.FiscalYearEndMonth);
            var series = new List<MetricSeries>(e.Series.Count);
            foreach (var s in e.Series)
            {
                try
                {
                    series.Add(new MetricSeries(s.Metric, s.Variant, s.Unit, s.Aggregation, calendar, s.Values.ToArray()));
                }
                catch (ArgumentException ex)
                {
                    throw new DataFileException(File, s.Location, Reword(ex.Message), ex);
                }
            }
            try
            {
                entities.Add(new Entity(e.Id, e.Name, calendar, series));
            }
            catch (ArgumentException ex)
            {
                throw new DataFileException(File, e.Location, Reword(ex.Message), ex);
            }
        }
        try
        {
            return new Dataset(entities, DefaultEntity);
        }
        catch (ArgumentException ex)
        {
            throw new DataFileException(File, DefaultEntityLocation, Reword(ex.Message), ex);
        }
    }

    /// <summary>Model messages are sentences; file errors continue after a colon.</summary>
    private static string Reword(string message)
    {
        message = message.TrimEnd('.');
        return message.Length > 1 && char.IsUpper(message[0]) && char.IsLower(message[1])
            ? char.ToLowerInvariant(message[0]) + message[1..]
            : message;
    }

    /// <summary><c>META.revenue</c>, or <c>META.revenue (consensus)</c>.</summary>
    public static string SeriesName(string entity, string metric, Variant variant) =>
        variant == Variant.Actual ? $"{entity}.{metric}" : $"{entity}.{metric} (consensus)";

    public const string IdentifierRule = "use letters, digits and underscores, starting with a letter or underscore";

    public const string PeriodForms = "expected 2023, FY2023, 2023H1, 2023Q2, 2023-07 or 2023-07-05";

    /// <summary>Data are reported in the entity's fiscal periods: a calendar period stands for one, it is not one.</summary>
    public static string CalendarPeriodError(string text) =>
        $"{Quote(text)} is a calendar period: data give the entity's fiscal periods (2023Q2, FY2024Q2) and queries ask for calendar ones";

    public static bool TryParseVariant(string text, out Variant variant)
    {
        if (text.Equals("actual", StringComparison.OrdinalIgnoreCase)) { variant = Variant.Actual; return true; }
        if (text.Equals("consensus", StringComparison.OrdinalIgnoreCase)) { variant = Variant.Consensus; return true; }
        variant = default;
        return false;
    }

    public static bool TryParseAggregation(string text, out Aggregation aggregation)
    {
        if (text.Equals("sum", StringComparison.OrdinalIgnoreCase)) { aggregation = Aggregation.Sum; return true; }
        if (text.Equals("last", StringComparison.OrdinalIgnoreCase)) { aggregation = Aggregation.Last; return true; }
        if (text.Equals("none", StringComparison.OrdinalIgnoreCase)) { aggregation = Aggregation.None; return true; }
        aggregation = default;
        return false;
    }

    public const string DateForms = "expected a day such as 2023-07-26";

    /// <summary>An ISO day, <c>2023-07-26</c>, as a day number.</summary>
    public static bool TryParseDay(ReadOnlySpan<char> text, out int day)
    {
        if (text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            day = d.DayNumber;
            return true;
        }
        day = 0;
        return false;
    }

    /// <summary><c>2023-07-26</c>.</summary>
    public static string FormatDay(int day) => DateOnly.FromDayNumber(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public const string VariantForms = "expected \"actual\" or \"consensus\"";

    public const string AggregationForms = "expected \"sum\", \"last\" or \"none\"";

    /// <summary>Quotes text for a message, shortening it when long.</summary>
    public static string Quote(string text)
    {
        if (text.Length > 40) text = text[..37] + "...";
        return "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }
}

internal sealed class EntityDraft(string id, string location)
{
    public string Id { get; } = id;
    public string Location { get; } = location;
    public string Name { get; set; } = id;
    public int FiscalYearEndMonth { get; set; } = 12;
    public List<SeriesDraft> Series { get; } = [];
}

internal sealed class SeriesDraft(string metric, Variant variant, string location)
{
    public string Metric { get; } = metric;
    public Variant Variant { get; } = variant;
    public string Location { get; } = location;
    public string Unit { get; set; } = "";
    public Aggregation Aggregation { get; set; } = Aggregation.None;
    /// <summary>The observations of every part of the file that adds to this series (JSON: several series objects with different <c>filed</c> days).</summary>
    public List<Observation> Values { get; } = [];
}
