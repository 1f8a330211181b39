using System.Data.Common;
using Crucible.Core.Errors;
using Crucible.Core.Monitoring;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Monitoring;

/// <summary>
/// Retraining signals on SQLite or PostgreSQL, unique per alert: the insert is an <c>ON CONFLICT DO NOTHING</c> and
/// an empty result means the alert already has its signal, which is then read.
/// </summary>
internal sealed class SqlRetrainingSignalStore(IDbExecutor db, TimeProvider time) : IRetrainingSignalStore
{
    /// <summary>The most signals one list call returns.</summary>
    public const int MaxSignals = 1_000;

    private SqlStatements Sql => db.Dialect.Statements;

    public Task<(RetrainingSignal Signal, bool Created)> AddSignalAsync(RetrainingSignal signal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        Guard.Required(signal.MonitorId, "monitor_id");
        Guard.Required(signal.Deployment, "deployment");
        Guard.Required(signal.AlertId, "alert_id");
        Guard.Required(signal.Reason, "reason");
        var id = string.IsNullOrEmpty(signal.Id) ? Guid.CreateVersion7(time.GetUtcNow()).ToString("N") : signal.Id;
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var rows = await c.QueryAsync(
                    t, Sql["InsertSignal"], ReadSignal, ct,
                    ("@signal_id", id),
                    ("@monitor_id", signal.MonitorId),
                    ("@deployment", signal.Deployment),
                    ("@alert_id", signal.AlertId),
                    ("@reason", signal.Reason),
                    ("@creation_time", signal.CreationTimeMs)).ConfigureAwait(false);
                if (rows.Count == 1)
                {
                    return (rows[0], true);
                }

                var existing = await c.QueryAsync(t, Sql["GetAlertSignal"], ReadSignal, ct, ("@alert_id", signal.AlertId)).ConfigureAwait(false);
                return (existing[0], false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<RetrainingSignal>> ListSignalsAsync(string? deployment, int maxResults, CancellationToken cancellationToken)
    {
        var limit = Guard.PageSize(maxResults, 100, MaxSignals);
        return db.ReadAsync<IReadOnlyList<RetrainingSignal>>(
            async (c, t, ct) => await c.QueryAsync(
                t, Sql["ListSignals"], ReadSignal, ct, ("@deployment", deployment ?? string.Empty), ("@limit", limit)).ConfigureAwait(false),
            cancellationToken);
    }

    private static RetrainingSignal ReadSignal(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.Int64(5));
}
