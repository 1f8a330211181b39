namespace Crucible.Core.Monitoring;

/// <summary>Drift monitors and their alerts.</summary>
public interface IMonitorStore
{
    /// <summary>Validates and stores a new monitor with a generated id.</summary>
    Task<DriftMonitor> CreateMonitorAsync(MonitorSpec spec, CancellationToken cancellationToken);

    /// <summary>The monitor, or a not-found <see cref="Errors.CrucibleException"/>.</summary>
    Task<DriftMonitor> GetMonitorAsync(string id, CancellationToken cancellationToken);

    /// <summary>Monitors oldest first, optionally of one deployment.</summary>
    Task<IReadOnlyList<DriftMonitor>> ListMonitorsAsync(string? deployment, CancellationToken cancellationToken);

    /// <summary>Deletes the monitor with its alerts, evaluations and retraining signals; not found if it does not exist.</summary>
    Task DeleteMonitorAsync(string id, CancellationToken cancellationToken);

    /// <summary>Turns the monitor on or off (the loop skips disabled monitors); returns it; not found if it does not exist.</summary>
    Task<DriftMonitor> SetEnabledAsync(string id, bool enabled, CancellationToken cancellationToken);

    /// <summary>Records the end of the last window the loop evaluated (never moves it backwards).</summary>
    Task SetLastWindowEndAsync(string id, long windowEndMs, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a firing alert unless the monitor already has one for that window start; returns the stored alert and
    /// whether this call created it. Two concurrent callers get one alert.
    /// </summary>
    Task<(Alert Alert, bool Created)> AddAlertAsync(Alert alert, CancellationToken cancellationToken);

    /// <summary>Resolves the monitor's firing alerts of windows that started before <paramref name="beforeWindowStartMs"/>; returns them resolved.</summary>
    Task<IReadOnlyList<Alert>> ResolveAlertsAsync(string monitorId, long beforeWindowStartMs, long nowMs, CancellationToken cancellationToken);

    /// <summary>Records the webhook outcome on an alert.</summary>
    Task<Alert> SetDeliveryAsync(string alertId, AlertDelivery delivery, CancellationToken cancellationToken);

    /// <summary>The monitor's alert of that window, or null.</summary>
    Task<Alert?> GetAlertAsync(string monitorId, long windowStartMs, CancellationToken cancellationToken);

    /// <summary>Stores the evaluation of a window, replacing an earlier one of the same (monitor, window start).</summary>
    Task RecordEvaluationAsync(MonitorEvaluation evaluation, CancellationToken cancellationToken);

    /// <summary>The monitor's evaluations, newest window first.</summary>
    Task<IReadOnlyList<MonitorEvaluation>> ListEvaluationsAsync(string monitorId, int maxResults, CancellationToken cancellationToken);

    /// <summary>Alerts newest window first.</summary>
    Task<IReadOnlyList<Alert>> ListAlertsAsync(AlertQuery query, CancellationToken cancellationToken);
}
