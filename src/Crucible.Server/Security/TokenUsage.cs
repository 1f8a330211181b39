using System.Collections.Concurrent;
using Crucible.Core.Security;
using Crucible.Server.Hosting;

namespace Crucible.Server.Security;

/// <summary>
/// Tokens' last-use times, noted on the request path in memory (no I/O) at most once per
/// <see cref="AuthOptions.LastUseInterval"/> per token, and written in batches by <see cref="TokenUsageWriter"/>.
/// </summary>
internal sealed class TokenUsage(ServerOptions options)
{
    private readonly ConcurrentDictionary<string, long> _noted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _pending = new(StringComparer.Ordinal);
    private readonly long _intervalMs = (long)options.Auth.LastUseInterval.TotalMilliseconds;

    /// <summary>Notes a use of token <paramref name="tokenId"/> at <paramref name="nowMs"/>; <paramref name="storedMs"/> is the last use the store knows.</summary>
    public void Used(string tokenId, long nowMs, long? storedMs = null)
    {
        var last = _noted.GetOrAdd(tokenId, storedMs ?? long.MinValue / 2);
        if (nowMs - last >= _intervalMs && _noted.TryUpdate(tokenId, nowMs, last))
        {
            _pending[tokenId] = nowMs;
        }
    }

    /// <summary>Takes the uses noted since the last call.</summary>
    public IReadOnlyCollection<KeyValuePair<string, long>> Drain()
    {
        var taken = new List<KeyValuePair<string, long>>();
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var at))
            {
                taken.Add(new(id, at));
            }
        }

        return taken;
    }
}

/// <summary>Writes noted token uses to the store once per <see cref="AuthOptions.LastUseInterval"/>, and at shutdown.</summary>
internal sealed partial class TokenUsageWriter(TokenUsage usage, IIdentityStore store, ServerOptions options, TimeProvider time, ILogger<TokenUsageWriter> logger)
    : PeriodicBackgroundService(time, options.Auth.LastUseInterval)
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await TickAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task TickAsync(CancellationToken cancellationToken) => store.TouchTokensAsync(usage.Drain(), cancellationToken);

    protected override void OnTickFailed(Exception error) => LogFailed(logger, error);

    [LoggerMessage(EventId = 1600, Level = LogLevel.Warning, Message = "Recording API tokens' last use failed; the next round tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
