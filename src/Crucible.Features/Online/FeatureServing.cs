using Crucible.Features.Definitions;

namespace Crucible.Features.Online;

/// <summary>
/// The server's online store, opened on first use at <see cref="Uri"/>, and the online reads over it. One instance
/// per process; the store's connections are pooled.
/// </summary>
public sealed class FeatureServing(string uri, TimeProvider time) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private OnlineStore? _store;

    public string Uri => uri;

    public async Task<OnlineStore> StoreAsync(CancellationToken cancellationToken)
    {
        if (_store is { } open)
        {
            return open;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _store ??= await OnlineStore.OpenAsync(uri, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<IReadOnlyList<OnlineValue>>> GetAsync(FeatureRepo repo, IReadOnlyList<FeatureRef> features, IReadOnlyList<IReadOnlyDictionary<string, string?>> entities, CancellationToken cancellationToken) =>
        await new OnlineFeatures(repo, await StoreAsync(cancellationToken).ConfigureAwait(false), time).GetAsync(features, entities, cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (_store is { } store)
        {
            await store.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }
}
