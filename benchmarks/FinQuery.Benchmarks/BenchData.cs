using System.Globalization;
using System.Text;

namespace FinQuery.Benchmarks;

/// <summary>
/// Deterministic synthetic data shared by the benchmarks. Every scenario builds its FinQuery dataset
/// and the hand-written baseline's structures from the same numbers.
/// </summary>
internal static class BenchData
{
    /// <summary>The last quarter of every generated series.</summary>
    public static readonly Period LastQuarter = Period.OfQuarter(2023, 4);

    /// <summary>A positive, growing, seasonal value for quarter <paramref name="i"/> of entity <paramref name="entity"/>.</summary>
    public static double Value(int entity, int metric, int i)
    {
        // Cheap deterministic noise; always positive so growth is meaningful.
        uint h = (uint)(entity * 7919 + metric * 104729 + i * 1299709);
        h ^= h >> 13;
        h *= 0x5bd1e995;
        h ^= h >> 15;
        double noise = (h % 1000) / 1000.0;
        return Math.Round((1000 + entity % 97 * 10 + i * 5) * (1 + (i & 3) * 0.05) * (0.95 + noise * 0.1), 2);
    }

    /// <summary><paramref name="count"/> quarters ending at 2023Q4.</summary>
    public static KeyValuePair<Period, double>[] Quarters(int entity, int metric, int count)
    {
        var first = LastQuarter.Minus(count - 1);
        var result = new KeyValuePair<Period, double>[count];
        for (int i = 0; i < count; i++) result[i] = new(first.Plus(i), Value(entity, metric, i));
        return result;
    }

    /// <summary>One entity <c>ACME</c> with <c>revenue</c> (USD, sum) over <paramref name="quarters"/> quarters ending 2023Q4.</summary>
    public static Dataset SingleEntity(int quarters, out KeyValuePair<Period, double>[] revenue)
    {
        revenue = Quarters(0, 0, quarters);
        return new DatasetBuilder()
            .AddEntity("ACME")
            .AddSeries("ACME", "revenue", "USD", Aggregation.Sum, revenue)
            .Build();
    }

    public static readonly string[] Metrics = ["revenue", "net_income", "headcount"];

    /// <summary>The id of entity <paramref name="e"/>: E00000, E00001, …</summary>
    public static string EntityId(int e) => "E" + e.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>A JSON dataset (the format of docs/data-files.md) of <paramref name="entities"/> × <paramref name="quarters"/> quarters × 3 metrics.</summary>
    public static string Json(int entities, int quarters)
    {
        var first = LastQuarter.Minus(quarters - 1);
        var periods = new string[quarters];
        for (int i = 0; i < quarters; i++) periods[i] = first.Plus(i).ToString();
        var sb = new StringBuilder(entities * quarters * Metrics.Length * 22);
        sb.Append("{\"entities\":[\n");
        for (int e = 0; e < entities; e++)
        {
            if (e > 0) sb.Append(",\n");
            sb.Append("{\"id\":\"").Append(EntityId(e)).Append("\",\"series\":[");
            for (int m = 0; m < Metrics.Length; m++)
            {
                if (m > 0) sb.Append(',');
                sb.Append("{\"metric\":\"").Append(Metrics[m]).Append("\",\"unit\":\"")
                  .Append(m == 2 ? "count" : "USD").Append("\",\"aggregation\":\"").Append(m == 2 ? "last" : "sum")
                  .Append("\",\"values\":{");
                for (int i = 0; i < quarters; i++)
                {
                    if (i > 0) sb.Append(',');
                    sb.Append('"').Append(periods[i]).Append("\":").Append(Value(e, m, i).ToString("R", CultureInfo.InvariantCulture));
                }
                sb.Append("}}");
            }
            sb.Append("]}");
        }
        sb.Append("\n]}\n");
        return sb.ToString();
    }

    /// <summary>The same data as <see cref="Json"/> in long-form CSV.</summary>
    public static string Csv(int entities, int quarters)
    {
        var first = LastQuarter.Minus(quarters - 1);
        var periods = new string[quarters];
        for (int i = 0; i < quarters; i++) periods[i] = first.Plus(i).ToString();
        var sb = new StringBuilder(entities * quarters * Metrics.Length * 40);
        sb.Append("entity,metric,period,value,unit,aggregation\n");
        for (int e = 0; e < entities; e++)
        {
            string id = EntityId(e);
            for (int m = 0; m < Metrics.Length; m++)
            {
                string tail = m == 2 ? ",count,last\n" : ",USD,sum\n";
                for (int i = 0; i < quarters; i++)
                {
                    sb.Append(id).Append(',').Append(Metrics[m]).Append(',').Append(periods[i]).Append(',')
                      .Append(Value(e, m, i).ToString("R", CultureInfo.InvariantCulture)).Append(tail);
                }
            }
        }
        return sb.ToString();
    }
}
