namespace FinQuery.Sql;

/// <summary>
/// The long facts table the SQL reads: one row per published value. <c>period</c> is the entity's fiscal label
/// (<c>2023</c>, <c>2023H1</c>, <c>2023Q2</c>, <c>2023-07</c>, <c>2023-07-05</c>); <c>period_start</c> and
/// <c>period_end</c> are its first and last day on the entity's fiscal calendar; <c>value</c> is scaled to units;
/// <c>filed</c> is the day it was published (NULL when known from the beginning): the latest publication of a period
/// is its value.
/// </summary>
public static class FactsTable
{
    /// <summary>The table's name in the generated SQL.</summary>
    public const string Name = "facts";

    /// <summary>The optional column of an entity's fiscal year end month (1-12; December when absent or NULL).</summary>
    internal const string FiscalYearEndMonth = "fiscal_year_end_month";

    /// <summary>The DDL of the facts table (standard SQL; Spark SQL writes STRING for VARCHAR).</summary>
    public static string Ddl { get; } =
        """
        CREATE TABLE facts (
          entity       VARCHAR NOT NULL,  -- META; bare metric names in a query refer to each entity in turn
          metric       VARCHAR NOT NULL,  -- revenue (compared case-insensitively)
          variant      VARCHAR NOT NULL,  -- actual | consensus
          period       VARCHAR NOT NULL,  -- fiscal label: 2023, 2023H1, 2023Q2, 2023-07, 2023-07-05
          period_start DATE    NOT NULL,  -- first day of the period on the entity's fiscal calendar
          period_end   DATE    NOT NULL,  -- last day of the period
          value        DOUBLE  NOT NULL,  -- scaled to units (31999000000, not 31999 with a scale of 1e6)
          unit         VARCHAR NOT NULL,  -- USD, USD/share, count
          filed        DATE,              -- day published; NULL when known from the beginning
          -- Optional, written by finq export and read back when a Parquet file is the data:
          aggregation  VARCHAR,           -- sum | last | none (how finer values make up coarser ones)
          fiscal_year_end_month INTEGER,  -- 1-12, default 12
          entity_name  VARCHAR
        )
        """;

    /// <summary>The rows of a dataset's facts: every publication of every reported period (one per day, the last of that day).</summary>
    internal static IEnumerable<FactRow> Rows(Dataset data)
    {
        foreach (var entity in data.Entities)
        {
            foreach (var series in entity.Series)
            {
                string variant = series.Variant == Variant.Consensus ? "consensus" : "actual";
                foreach (var (period, _) in series.Reported)
                {
                    var published = series.PublishedAt(period).ToArray();
                    for (int i = 0; i < published.Length; i++)
                    {
                        // Two publications of one day: the later one (by accession number) is that day's value.
                        if (i + 1 < published.Length && published[i + 1].Filed == published[i].Filed) continue;
                        yield return new FactRow(entity.Id, series.Metric, variant, period.ToString(),
                            entity.Calendar.StartDate(period), entity.Calendar.EndDate(period),
                            published[i].Value, series.Unit, published[i].FiledDay,
                            series.Aggregation.ToString().ToLowerInvariant(), entity.Calendar.YearEndMonth, entity.Name);
                    }
                }
            }
        }
    }
}

/// <summary>One row of the facts table.</summary>
internal readonly record struct FactRow(string Entity, string Metric, string Variant, string Period,
    DateOnly PeriodStart, DateOnly PeriodEnd, double Value, string Unit, DateOnly? Filed,
    string Aggregation, int FiscalYearEndMonth, string EntityName);
