using System.Diagnostics.Metrics;
using System.Text;
using Crucible.Server.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Bench.Metrics;

/// <summary>The server's own writer: a MeterListener keeping cells per tag set, rendered to text for /metrics.</summary>
internal sealed class HandWrittenSide : Side
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly PrometheusMetrics _metrics;
    private readonly Traffic _traffic;

    public HandWrittenSide()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _metrics = new PrometheusMetrics(factory);
        _traffic = new Traffic(factory);
    }

    public override string Name => "hand-written `PrometheusMetrics` (today)";

    public override string Slug => "handwritten";

    public override void Seed() => _traffic.Seed();

    public override void Request(int i, string deployment) => _traffic.Request(i, deployment);

    // What /metrics does: TypedResults.Text(metrics.Render(), ...) writes the string as UTF-8.
    public override ReadOnlyMemory<byte> RenderBytes() => Encoding.UTF8.GetBytes(_metrics.Render());

    public override void Dispose()
    {
        _metrics.Dispose();
        _services.Dispose();
    }
}
