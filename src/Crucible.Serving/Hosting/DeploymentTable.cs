using System.Collections.Concurrent;
using Crucible.Core.Errors;
using Crucible.Core.Serving;
using Crucible.Serving.Batching;
using Crucible.Serving.Metrics;
using Crucible.Serving.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crucible.Serving.Hosting;

/// <summary>
/// The deployments this replica serves, each as a loaded <see cref="ActiveDeployment"/> snapshot. Reconciling a
/// deployment resolves its aliases, loads what is new (sharing sessions through <see cref="ModelHost"/>), swaps the
/// snapshot in one write and retires the old one; a failed load keeps the old snapshot serving and reports the error.
/// A background loop re-reads the store every <see cref="DeploymentTableOptions.RefreshInterval"/>, so alias moves
/// and other replicas' edits arrive without a restart.
/// </summary>
public sealed partial class DeploymentTable : IAsyncDisposable
{
    private readonly IDeploymentStore _store;
    private readonly IModelSource _source;
    private readonly ModelHost _host;
    private readonly ServingMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly DeploymentTableOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _disposed;

    public DeploymentTable(
        IDeploymentStore store, IModelSource source, ModelHost host, ServingMetrics metrics, TimeProvider time, DeploymentTableOptions? options = null, ILogger? logger = null)
    {
        _store = store;
        _source = source;
        _host = host;
        _metrics = metrics;
        _time = time;
        _options = options ?? new DeploymentTableOptions();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Loads every deployment once and starts the refresh loop.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAllAsync(cancellationToken).ConfigureAwait(false);
        _loop = RefreshLoopAsync(_stop.Token);
    }

    /// <summary>The loaded snapshot of a deployment, or null when it is unknown here or not loaded yet.</summary>
    public ActiveDeployment? Get(string name) => _slots.TryGetValue(name, out var slot) ? slot.Active : null;

    /// <summary>True when the store has the deployment as far as this replica knows (loaded or not).</summary>
    public bool Knows(string name) => _slots.ContainsKey(name);

    /// <summary>Names of the deployments this replica serves.</summary>
    public IReadOnlyList<string> Names => [.. _slots.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The error that keeps a known deployment from serving (or from its latest revision), if any.</summary>
    public string? ErrorOf(string name) => _slots.TryGetValue(name, out var slot) ? slot.Error : null;

    /// <summary>Route by route, how the deployment stands on this replica.</summary>
    public IReadOnlyList<RouteStatus> Describe(Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        _slots.TryGetValue(deployment.Name, out var slot);
        var active = slot?.Active;
        var current = active is not null && active.Definition.Revision == deployment.Revision;
        var failed = slot?.Error is not null && slot.FailedRevision == deployment.Revision;
        var result = new List<RouteStatus>(deployment.Routes.Count + 1);
        for (var i = 0; i < deployment.Routes.Count; i++)
        {
            var route = deployment.Routes[i];
            var loaded = current ? active!.Routes[i].Version : null;
            result.Add(new RouteStatus(route.Target, route.Weight, false, loaded, State(loaded), loaded is null && failed ? slot!.Error : null));
        }

        if (deployment.Shadow is { } shadow)
        {
            var loaded = current ? active!.Shadow?.Version : null;
            result.Add(new RouteStatus(shadow, 0, true, loaded, State(loaded), loaded is null && failed ? slot!.Error : null));
        }

        return result;

        string State(string? loaded) => loaded is not null ? RouteStatus.Ready : failed ? RouteStatus.Failed : RouteStatus.Loading;
    }

    /// <summary>Re-reads one deployment and applies it (or drops it when deleted); waits until it is loaded or failed.</summary>
    public async Task RefreshAsync(string name, CancellationToken cancellationToken)
    {
        if (!Serves(name))
        {
            return;
        }

        Deployment? deployment;
        try
        {
            deployment = await _store.GetDeploymentAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (CrucibleException e) when (e.Code == ErrorCode.ResourceDoesNotExist)
        {
            deployment = null;
        }

        if (deployment is null)
        {
            Remove(name);
        }
        else
        {
            await ReconcileAsync(deployment, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Re-reads every deployment: loads new ones, reloads changed ones (revision or alias targets), drops deleted ones.</summary>
    public async Task RefreshAllAsync(CancellationToken cancellationToken)
    {
        var deployments = await _store.ListDeploymentsAsync(cancellationToken).ConfigureAwait(false);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var deployment in deployments.Where(d => Serves(d.Name)))
        {
            names.Add(deployment.Name);
            await ReconcileAsync(deployment, cancellationToken).ConfigureAwait(false);
        }

        foreach (var name in _slots.Keys.Where(n => !names.Contains(n)).ToArray())
        {
            Remove(name);
        }
    }

    /// <summary>
    /// An alias moved in this process: re-resolve now, so the answer to the alias change is already served here
    /// (read your writes). A failure is logged, never thrown: the alias change itself succeeded, and the refresh loop
    /// tries again.
    /// </summary>
    public async Task AliasesChangedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAllAsync(cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // See the summary: serving catches up on its next refresh.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogRefreshFailed(_logger, e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        foreach (var name in _slots.Keys.ToArray())
        {
            Remove(name);
        }

        _stop.Dispose();
    }

    private bool Serves(string name) => _options.OnlyDeployment is null || string.Equals(_options.OnlyDeployment, name, StringComparison.Ordinal);

    private async Task ReconcileAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        var slot = _slots.GetOrAdd(deployment.Name, _ => new Slot());
        await slot.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_slots.TryGetValue(deployment.Name, out var current) || !ReferenceEquals(current, slot))
            {
                return;
            }

            string[] versions;
            try
            {
                versions = await ResolveAsync(deployment, cancellationToken).ConfigureAwait(false);
            }
            catch (CrucibleException e)
            {
                Fail(slot, deployment, e.Message);
                return;
            }

            var key = string.Join(',', versions.Take(deployment.Routes.Count)) + "|" + (deployment.Shadow is null ? null : versions[^1]);
            if (slot.Active is { } active && active.Definition.Revision == deployment.Revision && active.ResolvedKey == key)
            {
                return;
            }

            if (slot.Error is not null && slot.FailedRevision == deployment.Revision && slot.FailedKey == key)
            {
                return;
            }

            ActiveDeployment next;
            try
            {
                next = await LoadAsync(deployment, versions, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Any load failure (bad model, ORT error, missing file) becomes the route's reported state.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                slot.FailedKey = key;
                Fail(slot, deployment, e.Message);
                return;
            }

            var old = slot.Active;
            slot.Active = next;
            slot.Error = null;
            slot.FailedRevision = null;
            slot.FailedKey = null;
            old?.Retire();
            LogLoaded(_logger, deployment.Name, deployment.Revision, key);
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    private void Fail(Slot slot, Deployment deployment, string error)
    {
        var repeated = slot.Error == error && slot.FailedRevision == deployment.Revision;
        slot.Error = error;
        slot.FailedRevision = deployment.Revision;
        if (!repeated)
        {
            LogFailed(_logger, deployment.Name, deployment.Revision, error);
        }
    }

    /// <summary>The version of every route, then of the shadow.</summary>
    private async Task<string[]> ResolveAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        var targets = deployment.Routes.Select(r => r.Target).ToList();
        if (deployment.Shadow is not null)
        {
            targets.Add(deployment.Shadow);
        }

        var versions = new string[targets.Count];
        for (var i = 0; i < targets.Count; i++)
        {
            versions[i] = targets[i].Version ?? await _source.ResolveAliasAsync(targets[i].Model, targets[i].Alias!, cancellationToken).ConfigureAwait(false);
        }

        return versions;
    }

    private async Task<ActiveDeployment> LoadAsync(Deployment deployment, string[] versions, CancellationToken cancellationToken)
    {
        var handles = new List<RouteHandle>();
        try
        {
            for (var i = 0; i < deployment.Routes.Count; i++)
            {
                handles.Add(await OpenRouteAsync(deployment, deployment.Routes[i].Target, deployment.Routes[i].Weight, versions[i], cancellationToken).ConfigureAwait(false));
            }

            var shadow = deployment.Shadow is null
                ? null
                : await OpenRouteAsync(deployment, deployment.Shadow, 0, versions[^1], cancellationToken).ConfigureAwait(false);
            var seed = _options.RouterSeed ?? (ulong)Random.Shared.NextInt64();
            return new ActiveDeployment(deployment, handles, shadow, new WeightedRouter(deployment.Routes.Select(r => r.Weight).ToArray(), seed));
        }
        catch
        {
            foreach (var handle in handles)
            {
                await handle.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    private async Task<RouteHandle> OpenRouteAsync(Deployment deployment, ModelReference target, int weight, string version, CancellationToken cancellationToken)
    {
        var lease = await _host.AcquireAsync(target.Model, version, cancellationToken).ConfigureAwait(false);
        var model = lease.Model;
        if (model.NotServable is { } problem)
        {
            lease.Dispose();
            throw CrucibleException.Invalid(problem);
        }

        DynamicBatcher? batcher = null;
        if (deployment.Batching.Enabled && model.Signature.IsBatchable)
        {
            var observer = _metrics.BatchObserver(deployment.Name, version);
            batcher = new DynamicBatcher(model.Signature, deployment.Batching, model.Run, _time, observer);
        }

        return new RouteHandle(target, weight, lease, batcher);
    }

    private void Remove(string name)
    {
        if (_slots.TryRemove(name, out var slot))
        {
            slot.Active?.Retire();
            slot.Active = null;
        }
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.RefreshInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await RefreshAllAsync(cancellationToken).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // A failed refresh (store unreachable) must not stop serving what is loaded.
                catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    LogRefreshFailed(_logger, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Deployment {Name} revision {Revision} serving versions {Versions}")]
    private static partial void LogLoaded(ILogger logger, string name, long revision, string versions);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Deployment {Name} revision {Revision} could not be loaded: {Error}")]
    private static partial void LogFailed(ILogger logger, string name, long revision, string error);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Refreshing deployments failed; serving what is loaded")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    private sealed class Slot
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public volatile ActiveDeployment? Active;

        public string? Error { get; set; }

        public long? FailedRevision { get; set; }

        public string? FailedKey { get; set; }
    }
}
