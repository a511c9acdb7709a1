using ScottPlot;
using ScottPlot.TickGenerators;

namespace FinQuery.Charts.Rendering;

/// <summary>
/// ScottPlot's automatic ticks, labelled in the invariant culture, without the ticks below zero of an axis
/// whose bars are all positive: that room only lines its zero up with the other axis' and holds no value.
/// </summary>
internal sealed class ValueTicks(bool hideNegative) : ITickGenerator
{
    private readonly NumericAutomatic _inner = new()
    {
        LabelFormatter = AxisScale.Tick,
        MinimumTickSpacing = 32,
    };

    public Tick[] Ticks { get; private set; } = [];

    public int MaxTickCount
    {
        get => _inner.MaxTickCount;
        set => _inner.MaxTickCount = value;
    }

    public void Regenerate(CoordinateRange range, Edge edge, PixelLength size, Paint paint, LabelStyle labelStyle)
    {
        _inner.Regenerate(range, edge, size, paint, labelStyle);
        Ticks = hideNegative ? _inner.Ticks.Where(t => t.Position >= -1e-9).ToArray() : _inner.Ticks;
    }
}
