namespace Crucible.Bench.Metrics;

/// <summary>The sides compared, each on its own meter factory so no listener sees another side's instruments.</summary>
internal sealed class SideSet : IDisposable
{
    public SideSet() => All = [new HandWrittenSide(), new MeterAdapterSide(), new PrometheusNetDirectSide()];

    public IReadOnlyList<Side> All { get; }

    public void Seed()
    {
        foreach (var side in All)
        {
            side.Seed();
        }
    }

    public void Dispose()
    {
        foreach (var side in All)
        {
            side.Dispose();
        }
    }
}
