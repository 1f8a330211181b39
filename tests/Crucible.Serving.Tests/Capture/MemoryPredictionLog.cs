using Crucible.Core.Serving;
using Crucible.Core.Tracking;

namespace Crucible.Serving.Tests.Capture;

/// <summary>A prediction log in a list, for the capture writer's tests; it can hold appends at a gate or fail them.</summary>
internal sealed class MemoryPredictionLog : IPredictionLogStore
{
    private readonly Lock _lock = new();
    private readonly List<PredictionRecord> _records = [];

    /// <summary>When set, every append waits for one release.</summary>
    public SemaphoreSlim? Gate { get; init; }

    /// <summary>Released once per append that has started.</summary>
    public SemaphoreSlim Entered { get; } = new(0);

    /// <summary>Appends left to fail.</summary>
    public int FailNext { get; set; }

    /// <summary>Released once per append that has stored its records.</summary>
    public SemaphoreSlim Appended { get; } = new(0);

    public int Appends { get; private set; }

    public IReadOnlyList<PredictionRecord> Records
    {
        get
        {
            lock (_lock)
            {
                return _records.ToArray();
            }
        }
    }

    public async Task AppendPredictionsAsync(IReadOnlyList<PredictionRecord> records, CancellationToken cancellationToken)
    {
        Entered.Release();
        if (Gate is not null)
        {
            await Gate.WaitAsync(cancellationToken);
        }

        lock (_lock)
        {
            Appends++;
            if (FailNext > 0)
            {
                FailNext--;
                throw new InvalidOperationException("the database is down");
            }

            _records.AddRange(records);
        }

        Appended.Release();
    }

    public Task<Page<PredictionRecord>> QueryPredictionsAsync(PredictionQuery query, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<PredictionRecord?> GetPredictionAsync(string deployment, string requestId, CancellationToken cancellationToken) =>
        Task.FromResult(Records.FirstOrDefault(r => r.Deployment == deployment && r.RequestId == requestId));
}
