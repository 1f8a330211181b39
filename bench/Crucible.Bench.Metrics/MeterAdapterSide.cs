using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Crucible.Bench.Metrics;

/// <summary>
/// prometheus-net's own bridge from System.Diagnostics.Metrics (MeterAdapter) into a registry of this host's, limited
/// to the server's meters of this factory and given the server's bucket bounds: adoption without changing the instruments.
/// </summary>
internal sealed class MeterAdapterSide : Side
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly IDisposable _adapter;
    private readonly Traffic _traffic;
    private readonly MemoryStream _body = new();

    public MeterAdapterSide()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = _registry,
            MetricFactory = Prometheus.Metrics.WithCustomRegistry(_registry), // without it, 8.2.1 writes to the default registry
            InstrumentFilterPredicate = i => ReferenceEquals(i.Meter.Scope, factory) && i.Meter.Name is "Microsoft.AspNetCore.Hosting" or "Crucible",
            ResolveHistogramBuckets = i => Buckets.For(i.Unit),
        });
        _traffic = new Traffic(factory);
    }

    public override string Name => "prometheus-net `MeterAdapter`";

    public override string Slug => "meteradapter";

    public override void Seed() => _traffic.Seed();

    public override void Request(int i, string deployment) => _traffic.Request(i, deployment);

    public override ReadOnlyMemory<byte> RenderBytes()
    {
        _body.SetLength(0);
        _registry.CollectAndExportAsTextAsync(_body).GetAwaiter().GetResult();
        return _body.GetBuffer().AsMemory(0, (int)_body.Length);
    }

    public override void Dispose()
    {
        _adapter.Dispose();
        _services.Dispose();
    }
}
