using FinQuery.Evaluation;

namespace FinQuery.Sql;

/// <summary>
/// Metric lookups: which series a metric node reads (checked against the bound data: one aggregation for all
/// entities, reported in years, halves and quarters), whether the entity has it, and its points.
/// </summary>
internal sealed class MetricReader(Compilation c)
{
    private readonly Dictionary<MetricNode, int> _bindings = new(ReferenceEqualityComparer.Instance);

    private readonly HashSet<MetricNode> _checkedCoarse = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// The binding of a metric node in the metric tables, for reading its fiscal quarters, halves and years: refused
    /// where an entity reports it in months or days (the SQL does not derive quarters from them).
    /// </summary>
    public int Binding(MetricNode m)
    {
        int b = FineBinding(m);
        if (_checkedCoarse.Add(m))
        {
            foreach (var s in SeriesOf(m))
                if (s.FinestReported < Frequency.Quarter)
                    throw SqlOps.NotSupported($"{m.Text} of {s.Entity.Id} has monthly or daily values (the SQL reads its months and days as reported, and derives fiscal quarters, halves and years only from quarters, halves and years)", m.Span);
        }
        return b;
    }

    /// <summary>The series of the node of each entity that has it.</summary>
    private IEnumerable<MetricSeries> SeriesOf(MetricNode m)
    {
        var entities = m.FixedEntity is { } e ? [e] : c.Readers;
        foreach (var entity in entities)
            if ((uint)m.Slot < (uint)entity.Slots.Length && entity.Slots[m.Slot] is { } s) yield return s;
    }

    /// <summary>The binding of a metric node for any reading, months and days as reported included; checked once.</summary>
    public int FineBinding(MetricNode m)
    {
        if (_bindings.TryGetValue(m, out int b)) return b;
        var (metric, variant) = c.Data.MetricKeys[m.Slot];
        var entities = m.FixedEntity is { } e ? [e] : c.Readers;
        Aggregation? aggregation = null;
        foreach (var entity in entities)
        {
            if ((uint)m.Slot >= (uint)entity.Slots.Length || entity.Slots[m.Slot] is not { } s) continue;
            if (aggregation is { } a && a != s.Aggregation)
                throw SqlOps.NotSupported($"{m.Text} aggregates differently across entities ({a} and {s.Aggregation})", m.Span);
            aggregation = s.Aggregation;
        }
        b = c.Tables.Bind(metric, variant, aggregation ?? m.Aggregation, m.FixedEntity?.Id);
        _bindings[m] = b;
        return b;
    }

    /// <summary>The aggregation of the series the node reads (the same for every entity that has it).</summary>
    public Aggregation AggregationOf(MetricNode m)
    {
        var entities = m.FixedEntity is { } e ? [e] : c.Readers;
        foreach (var entity in entities)
            if ((uint)m.Slot < (uint)entity.Slots.Length && entity.Slots[m.Slot] is { } s) return s.Aggregation;
        return m.Aggregation;
    }

    /// <summary>NA "META has no revenue" where the entity lacks the series, else NULL.</summary>
    public string NoSeries(MetricNode m)
    {
        int b = FineBinding(m);
        return $"CASE WHEN {c.Tables.Has(b)} IS NULL THEN {NaOfNoSeries(m)} END";
    }

    /// <summary>The NA of the node's shape (its series is missing), as a value that is never a number.</summary>
    public Sx Shape(MetricNode m) => c.Layers.Define("CAST(NULL AS DOUBLE)", NoSeries(m));

    /// <summary>The metric's value at a period, reported or derived.</summary>
    public Sx At(MetricNode m, Period p)
    {
        if (p.IsCalendar) return AtCalendar(m, p);
        string missing = c.Ops.Missing(cal => $"no {m.Text} for {cal.Format(p)}");
        if (p.Frequency < Frequency.Quarter) return AtFine(m, p, missing);
        int b = Binding(m);
        string has = c.Tables.Has(b);
        string col = c.Tables.Point(b, p, reportedOnly: false);
        string v = m.IsBool ? $"CASE WHEN {col} IS NULL THEN NULL WHEN {col} <> 0 THEN {SqlOps.One} ELSE {SqlOps.Zero} END" : col;
        // A figure that does not add up: a reported year or half says why its quarters are not derived from it.
        var why = new System.Text.StringBuilder();
        if (AggregationOf(m) == Aggregation.None && p.Frequency is Frequency.Quarter or Frequency.Half)
        {
            for (var f = p.Frequency + 1; f <= Frequency.Year; f++)
            {
                var whole = Compilation.Holding(Compilation.Quarters(p).First, f);
                why.Append(" WHEN ").Append(c.Tables.Point(b, whole, reportedOnly: true)).Append(" IS NOT NULL THEN ")
                   .Append(c.Ops.Missing(cal => $"no {m.Text} for {cal.Format(p)}: {cal.Format(whole)} is reported, but {m.Text} does not add up (a per-share figure or ratio), so its {Period.Describe(p.Frequency)}s are not derived from it"));
            }
        }
        string missingWhy = why.Length == 0 ? missing : $"CASE{why} ELSE {missing} END";
        return c.Layers.Define($"CASE WHEN {has} IS NOT NULL THEN {v} END",
            $"CASE WHEN {has} IS NULL THEN {NaOfNoSeries(m)} WHEN {col} IS NULL THEN {missingWhy} END");
    }

    /// <summary>
    /// A calendar quarter, half or year (<c>CY2023Q2</c>): for each fiscal calendar the rows have, the fiscal period
    /// that stands for it (the quarter with two of its three months in it; a half or year when those quarters make
    /// one), else its quarters summed for <c>sum</c>, the last for <c>last</c>, and NA not meaningful for <c>none</c>;
    /// NA is the first missing fiscal part's, as in memory.
    /// </summary>
    private Sx AtCalendar(MetricNode m, Period p)
    {
        IReadOnlyList<FiscalCalendar> calendars = m.FixedEntity is { } e ? [e.Calendar] : c.Ops.RowCalendars;
        return c.Ops.PerCalendar(calendars, cal => AtCalendar(m, p, cal));
    }

    private Sx AtCalendar(MetricNode m, Period p, FiscalCalendar cal)
    {
        if (cal.TryStandIn(p, out var fiscal)) return At(m, fiscal);
        var aggregation = AggregationOf(m);
        if (aggregation == Aggregation.None)
        {
            string notAdditive = $"{m.Text} is not additive (a per-share figure or ratio): no fiscal {Period.Describe(p.Frequency)} of ";
            string tail = $" matches {p}, and it is not built from quarters";
            string reason = m.FixedEntity is { } e
                ? c.Ops.NotMeaningful(notAdditive + e.Id + tail)
                : $"{c.Ops.NotMeaningful(notAdditive)} || entity || {c.Literals.String(tail)}";
            return c.Layers.Define("CAST(NULL AS DOUBLE)", $"CASE WHEN {c.Tables.Has(Binding(m))} IS NULL THEN {NaOfNoSeries(m)} ELSE {reason} END");
        }
        var (first, last) = cal.StandInQuarters(p);
        if (aggregation == Aggregation.Last) return At(m, Period.FromOrdinal(Frequency.Quarter, last));
        var parts = Enumerable.Range(first, last - first + 1).Select(o => At(m, Period.FromOrdinal(Frequency.Quarter, o))).ToArray();
        var sum = c.Layers.Define(string.Join(" + ", parts.Select(x => x.V)), $"COALESCE({string.Join(", ", parts.Select(x => x.Na))})", parts);
        // Quarters too large to add up give no calendar value, as in memory: NA missing, never an infinite one.
        string beyond = $"ABS({sum.V}) > {SqlLiterals.Number(double.MaxValue)}";
        return c.Layers.Define($"CASE WHEN {beyond} THEN NULL ELSE {sum.V} END",
            $"COALESCE({sum.Na}, CASE WHEN {beyond} THEN {c.Ops.Missing($"no {m.Text} for {p}")} END)", sum);
    }

    /// <summary>
    /// A month or a day. The evaluator derives none of a <c>none</c> series, a day of a <c>last</c> series never (there
    /// is nothing finer), and a month of a <c>last</c> series from its last day when the month is not reported; a
    /// <c>sum</c> series may derive one from a reported total less its other parts, which the SQL does not.
    /// </summary>
    private Sx AtFine(MetricNode m, Period p, string missing)
    {
        int b = FineBinding(m);
        string has = c.Tables.Has(b);
        var aggregation = AggregationOf(m);
        bool fine = SeriesOf(m).Any(s => s.FinestReported < Frequency.Quarter);
        // A series reported in quarters or coarser has no months or days at all.
        if (!fine) return c.Layers.Define("CAST(NULL AS DOUBLE)", $"COALESCE({NoSeries(m)}, {missing})");
        if (aggregation == Aggregation.Sum)
            throw SqlOps.NotSupported($"a month or day of {m.Text}, a flow reported in months or days (the SQL does not derive one from a total less its other parts)", m.Span);
        string col = c.Tables.Reported(b, p);
        if (aggregation == Aggregation.Last && p.Frequency == Frequency.Month)
            col = $"COALESCE({col}, {c.Tables.Reported(b, Period.OfDate(FiscalCalendar.Calendar.EndDate(p)))})";
        string v = m.IsBool ? $"CASE WHEN {col} IS NULL THEN NULL WHEN {col} <> 0 THEN {SqlOps.One} ELSE {SqlOps.Zero} END" : col;
        return c.Layers.Define($"CASE WHEN {has} IS NOT NULL THEN {v} END",
            $"CASE WHEN {has} IS NULL THEN {NaOfNoSeries(m)} WHEN {col} IS NULL THEN {missing} END");
    }

    /// <summary>The reason of <see cref="NoSeries"/> alone (for a CASE that already tested the series).</summary>
    public string NaOfNoSeries(MetricNode m) => m.FixedEntity is { } e
        ? c.Ops.Missing($"{e.Id} has no {m.Text}")
        : $"{c.Ops.Missing("")} || entity || {c.Literals.String($" has no {m.Text}")}";
}
