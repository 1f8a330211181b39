-- Monitor and alert statements shared by SQLite and PostgreSQL. Monitor statements return the columns read by
-- MonitorRows.ReadMonitor, alert statements those read by MonitorRows.ReadAlert.

-- name: InsertMonitor
INSERT INTO monitors (monitor_id, deployment, reference_start_ms, reference_end_ms, window_ms, drift_share, stattest, threshold,
                      webhook_url, webhook_secret, enabled, creation_time, last_window_end_ms, rule, column_name, metric, min_value, retrain, reference_dataset, workspace)
VALUES (@monitor_id, @deployment, @reference_start_ms, @reference_end_ms, @window_ms, @drift_share, @stattest, @threshold,
        @webhook_url, @webhook_secret, @enabled, @now, NULL, @rule, @column_name, @metric, @min_value, @retrain, @reference_dataset, @workspace)
RETURNING monitor_id, deployment, reference_start_ms, reference_end_ms, window_ms, drift_share, stattest, threshold,
          webhook_url, webhook_secret, enabled, creation_time, last_window_end_ms, rule, column_name, metric, min_value, retrain, reference_dataset;

-- name: GetMonitor
SELECT monitor_id, deployment, reference_start_ms, reference_end_ms, window_ms, drift_share, stattest, threshold,
       webhook_url, webhook_secret, enabled, creation_time, last_window_end_ms, rule, column_name, metric, min_value, retrain, reference_dataset
FROM monitors WHERE monitor_id = @monitor_id;

-- name: ListMonitors
-- @deployment '' lists every deployment's monitors.
SELECT monitor_id, deployment, reference_start_ms, reference_end_ms, window_ms, drift_share, stattest, threshold,
       webhook_url, webhook_secret, enabled, creation_time, last_window_end_ms, rule, column_name, metric, min_value, retrain, reference_dataset
FROM monitors WHERE @deployment = '' OR deployment = @deployment
ORDER BY creation_time, monitor_id;

-- name: SetMonitorEnabled
UPDATE monitors SET enabled = @enabled WHERE monitor_id = @monitor_id
RETURNING monitor_id, deployment, reference_start_ms, reference_end_ms, window_ms, drift_share, stattest, threshold,
          webhook_url, webhook_secret, enabled, creation_time, last_window_end_ms, rule, column_name, metric, min_value, retrain, reference_dataset;

-- name: DeleteMonitorSignals
DELETE FROM retraining_signals WHERE monitor_id = @monitor_id;

-- name: DeleteMonitorEvaluations
DELETE FROM monitor_evaluations WHERE monitor_id = @monitor_id;

-- name: DeleteMonitorAlerts
DELETE FROM alerts WHERE monitor_id = @monitor_id;

-- name: DeleteMonitor
DELETE FROM monitors WHERE monitor_id = @monitor_id;

-- name: SetLastWindowEnd
-- Never backwards: an on-demand run of an old window leaves the loop's position alone.
UPDATE monitors SET last_window_end_ms = @window_end_ms
WHERE monitor_id = @monitor_id AND (last_window_end_ms IS NULL OR last_window_end_ms < @window_end_ms);

-- name: InsertAlert
-- DO NOTHING makes a second alert for the same window an empty result, also when two evaluations race.
INSERT INTO alerts (alert_id, monitor_id, deployment, window_start_ms, window_end_ms, status, evidence, creation_time, resolved_time,
                    delivery_status, delivery_attempts, delivery_error)
VALUES (@alert_id, @monitor_id, @deployment, @window_start_ms, @window_end_ms, @status, @evidence, @now, NULL,
        @delivery_status, @delivery_attempts, @delivery_error)
ON CONFLICT (monitor_id, window_start_ms) DO NOTHING
RETURNING alert_id, monitor_id, deployment, window_start_ms, window_end_ms, status, evidence, creation_time, resolved_time,
          delivery_status, delivery_attempts, delivery_error;

-- name: GetWindowAlert
SELECT alert_id, monitor_id, deployment, window_start_ms, window_end_ms, status, evidence, creation_time, resolved_time,
       delivery_status, delivery_attempts, delivery_error
FROM alerts WHERE monitor_id = @monitor_id AND window_start_ms = @window_start_ms;

-- name: ResolveAlerts
UPDATE alerts SET status = 'resolved', resolved_time = @now
WHERE monitor_id = @monitor_id AND status = 'firing' AND window_start_ms < @before_ms
RETURNING alert_id, monitor_id, deployment, window_start_ms, window_end_ms, status, evidence, creation_time, resolved_time,
          delivery_status, delivery_attempts, delivery_error;

-- name: SetAlertDelivery
UPDATE alerts SET delivery_status = @delivery_status, delivery_attempts = @delivery_attempts, delivery_error = @delivery_error
WHERE alert_id = @alert_id
RETURNING alert_id, monitor_id, deployment, window_start_ms, window_end_ms, status, evidence, creation_time, resolved_time,
          delivery_status, delivery_attempts, delivery_error;

-- name: ListAlerts
-- '' in a filter matches everything.
SELECT alert_id, monitor_id, deployment, window_start_ms, window_end_ms, status, evidence, creation_time, resolved_time,
       delivery_status, delivery_attempts, delivery_error
FROM alerts
WHERE (@deployment = '' OR deployment = @deployment)
  AND (@status = '' OR status = @status)
  AND (@monitor_id = '' OR monitor_id = @monitor_id)
ORDER BY window_start_ms DESC, alert_id
LIMIT @limit;

-- name: InsertSignal
-- DO NOTHING makes a second signal for the same alert an empty result, also when two evaluations race.
INSERT INTO retraining_signals (signal_id, monitor_id, deployment, alert_id, reason, creation_time)
VALUES (@signal_id, @monitor_id, @deployment, @alert_id, @reason, @creation_time)
ON CONFLICT (alert_id) DO NOTHING
RETURNING signal_id, monitor_id, deployment, alert_id, reason, creation_time;

-- name: GetAlertSignal
SELECT signal_id, monitor_id, deployment, alert_id, reason, creation_time FROM retraining_signals WHERE alert_id = @alert_id;

-- name: ListSignals
-- @deployment '' lists every deployment's signals.
SELECT signal_id, monitor_id, deployment, alert_id, reason, creation_time
FROM retraining_signals
WHERE @deployment = '' OR deployment = @deployment
ORDER BY creation_time DESC, signal_id DESC
LIMIT @limit;

-- name: UpsertEvaluation
-- A window evaluated again keeps only its latest evaluation.
INSERT INTO monitor_evaluations (monitor_id, window_start_ms, window_end_ms, rule, fired, evidence, evaluation_time)
VALUES (@monitor_id, @window_start_ms, @window_end_ms, @rule, @fired, @evidence, @evaluation_time)
ON CONFLICT (monitor_id, window_start_ms) DO UPDATE SET
    window_end_ms = excluded.window_end_ms, rule = excluded.rule, fired = excluded.fired,
    evidence = excluded.evidence, evaluation_time = excluded.evaluation_time;

-- name: ListEvaluations
SELECT monitor_id, window_start_ms, window_end_ms, rule, fired, evidence, evaluation_time
FROM monitor_evaluations WHERE monitor_id = @monitor_id
ORDER BY window_start_ms DESC
LIMIT @limit;
