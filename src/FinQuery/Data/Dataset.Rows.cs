namespace FinQuery;

public sealed partial class Dataset
{
    // Series of one metric for every entity, by entity position: what a screen reads, in order, instead of going
    // through each entity's object and slot array (two dependent cache misses per entity of a large universe).
    // Made on first use per metric; a column is never changed once published.
    private MetricSeries?[]?[] _columns = [];
    private FiscalCalendar[] _calendars = [];

    /// <summary>Makes the per-metric column table and the calendar of every entity by position (when the dataset is built).</summary>
    private void AssignRows()
    {
        _columns = new MetricSeries?[]?[_slots.Count];
        _calendars = new FiscalCalendar[Entities.Count];
        for (int i = 0; i < _calendars.Length; i++) _calendars[i] = Entities[i].Calendar;
    }

    /// <summary>The series at a catalog slot of the entity at a position of <see cref="Entities"/>; null when it has none.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal MetricSeries? SeriesAt(int slot, int row)
    {
        var columns = _columns;
        if ((uint)slot >= (uint)columns.Length) return null;
        // A plain read (no element reference, which an array of arrays would type-check): a column is published
        // whole by MakeColumn's interlocked exchange, and a reader that sees it sees its contents.
        var column = columns[slot] ?? MakeColumn(slot);
        return column[row];
    }

    /// <summary>The fiscal calendar of the entity at a position of <see cref="Entities"/>.</summary>
    internal FiscalCalendar CalendarAt(int row) => _calendars[row];

    private MetricSeries?[] MakeColumn(int slot)
    {
        var column = new MetricSeries?[Entities.Count];
        for (int i = 0; i < column.Length; i++)
        {
            var slots = Entities[i].Slots;
            column[i] = (uint)slot < (uint)slots.Length ? slots[slot] : null;
        }
        // Two threads may both make it: the columns are equal, and either may win.
        return Interlocked.CompareExchange(ref _columns[slot], column, null) ?? column;
    }
}
