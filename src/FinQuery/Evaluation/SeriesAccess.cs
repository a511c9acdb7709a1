using FinQuery.Series;

namespace FinQuery.Evaluation;

/// <summary>Uniform access to a metric series or a computed one.</summary>
internal static class SeriesAccess
{
    public static bool TryGet(object series, Period p, ref EvalContext ctx, out double value)
    {
        if (series is MetricSeries m)
        {
            if (m.TryGetValue(p, out value))
            {
                ctx.Trace?.Add((m, p));
                return true;
            }
            return false;
        }
        return ((ComputedSeries)series).TryGet(p, out value);
    }

    public static string Name(object series) => series switch
    {
        MetricSeries { Variant: Variant.Consensus } m => "consensus " + m.Metric,
        MetricSeries m => m.Metric,
        _ => ((ComputedSeries)series).Name,
    };

    public static FiscalCalendar Calendar(object series) =>
        series is MetricSeries m ? m.Calendar : ((ComputedSeries)series).Calendar;

    public static Value Missing(object series, Period p) => Value.Missing($"no {Name(series)} for {p}");

    /// <summary>
    /// The points of a series at its natural frequency: a metric's finest reported frequency (dense,
    /// ordinals null, NaN for holes) or a computed series' own points.
    /// </summary>
    public readonly ref struct Points
    {
        public readonly Frequency Frequency;
        public readonly int[]? Ordinals;
        public readonly double[] Values;
        public readonly int First;
        public readonly int Count;

        public Points(object series)
        {
            if (series is MetricSeries m)
            {
                var t = m.Tables[(int)m.FinestReported];
                Frequency = m.FinestReported;
                Ordinals = null;
                Values = t?.Values ?? [];
                First = t?.First ?? 0;
                Count = Values.Length;
            }
            else
            {
                var c = (ComputedSeries)series;
                Frequency = c.Frequency;
                Ordinals = c.Ordinals;
                Values = c.Values;
                First = 0;
                Count = c.Count;
            }
        }

        public int OrdinalAt(int i) => Ordinals is null ? First + i : Ordinals[i];
        public bool Has(int i) => !double.IsNaN(Values[i]);
    }

    /// <summary>Records a value the result used, for provenance, when a metric's point is read directly.</summary>
    public static void Trace(object series, Frequency f, int ordinal, ref EvalContext ctx)
    {
        if (ctx.Trace is not null && series is MetricSeries m) ctx.Trace.Add((m, Period.FromOrdinal(f, ordinal)));
    }

    public static FrequencyTable? Table(MetricSeries m, Frequency f) => m.Tables[(int)f];
}
