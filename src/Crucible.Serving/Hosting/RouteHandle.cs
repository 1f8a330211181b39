using Crucible.Core.Serving;
using Crucible.Serving.Batching;
using Crucible.Serving.Inference;

namespace Crucible.Serving.Hosting;

/// <summary>A deployment's route on this replica: the reference, the version it resolved to, the loaded model and its batcher.</summary>
public sealed class RouteHandle : IAsyncDisposable
{
    internal RouteHandle(ModelReference target, int weight, ModelLease lease, DynamicBatcher? batcher)
    {
        Target = target;
        Weight = weight;
        Lease = lease;
        Batcher = batcher;
    }

    public ModelReference Target { get; }

    public int Weight { get; }

    public ServedModel Model => Lease.Model;

    public string Version => Lease.Model.Version;

    internal ModelLease Lease { get; }

    internal DynamicBatcher? Batcher { get; }

    /// <summary>A request routed here is being parsed: lets the batcher know more rows are coming (no-op without one).</summary>
    public void Announce() => Batcher?.Announce();

    /// <summary>The announced request is done (answered or refused).</summary>
    public void Depart() => Batcher?.Depart();

    /// <summary>Runs through the batcher when the deployment batches, else directly on the calling thread.</summary>
    public ValueTask<IReadOnlyList<InferenceOutput>> RunAsync(IReadOnlyList<InferenceInput> inputs, IReadOnlyList<string> outputs, CancellationToken cancellationToken) =>
        Batcher is { } batcher ? batcher.RunAsync(inputs, outputs, cancellationToken) : new(Model.Run(inputs, outputs));

    public async ValueTask DisposeAsync()
    {
        if (Batcher is not null)
        {
            await Batcher.DisposeAsync().ConfigureAwait(false);
        }

        Lease.Dispose();
    }
}
