using Crucible.Onnx.Runtime;

namespace Crucible.Serving.Hosting;

/// <summary>
/// Loads each model version once and shares it: deployments take a <see cref="ModelLease"/>, and the session is
/// disposed when the last lease is returned. A failed load is not cached, so the next attempt tries again.
/// </summary>
public sealed class ModelHost : IDisposable
{
    private readonly IModelSource _source;
    private readonly OnnxSessionOptions _sessionOptions;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Model, string Version), Entry> _entries = [];

    public ModelHost(IModelSource source, OnnxSessionOptions? sessionOptions = null)
    {
        _source = source;
        _sessionOptions = sessionOptions ?? OnnxSessionOptions.Default;
    }

    /// <summary>Versions loaded (or loading) now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Takes a lease on a version, loading it on first use; concurrent callers share one load.</summary>
    public async Task<ModelLease> AcquireAsync(string model, string version, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue((model, version), out entry!))
            {
                entry = new Entry(LoadAsync(model, version));
                _entries[(model, version)] = entry;
            }

            entry.Leases++;
        }

        try
        {
            var served = await entry.Loading.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new ModelLease(this, served);
        }
        catch
        {
            Release(model, version, entry);
            throw;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var entry in _entries.Values)
            {
                if (entry.Loading.IsCompletedSuccessfully)
                {
                    entry.Loading.Result.Dispose();
                }
            }

            _entries.Clear();
        }
    }

    internal void Release(ServedModel model) =>
        Release(model.Model, model.Version, null);

    private void Release(string model, string version, Entry? expected)
    {
        ServedModel? dispose = null;
        lock (_gate)
        {
            if (!_entries.TryGetValue((model, version), out var entry) || (expected is not null && !ReferenceEquals(entry, expected)))
            {
                return;
            }

            entry.Leases--;
            if (entry.Leases > 0 && !entry.Loading.IsFaulted)
            {
                return;
            }

            // A faulted load leaves at once so the next acquire tries again; a loaded model leaves with its last lease.
            _entries.Remove((model, version));
            if (entry.Leases <= 0 && entry.Loading.IsCompletedSuccessfully)
            {
                dispose = entry.Loading.Result;
            }
        }

        // In-flight runs keep the native session alive (OnnxSession holds a reference per Run), so this is safe.
        dispose?.Dispose();
    }

    private async Task<ServedModel> LoadAsync(string model, string version)
    {
        await Task.Yield();
        var file = await _source.OpenAsync(model, version, CancellationToken.None).ConfigureAwait(false);
        var session = file.LocalPath is { } path ? OnnxSession.FromFile(path, _sessionOptions) : new OnnxSession(file.Bytes.Span, _sessionOptions);
        return new ServedModel(model, version, session, file.FeatureNames);
    }

    private sealed class Entry(Task<ServedModel> loading)
    {
        public Task<ServedModel> Loading { get; } = loading;

        public int Leases { get; set; }
    }
}

/// <summary>A deployment's hold on a loaded version; dispose it once, when the deployment stops routing to it.</summary>
public sealed class ModelLease : IDisposable
{
    private readonly ModelHost _host;
    private int _released;

    internal ModelLease(ModelHost host, ServedModel model)
    {
        _host = host;
        Model = model;
    }

    public ServedModel Model { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _host.Release(Model);
        }
    }
}
