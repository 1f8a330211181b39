-- SQLite prediction-log insert of one record; the store repeats its VALUES tuple (parameters suffixed _0, _1, ...) to insert many records per statement.

-- name: InsertPrediction
INSERT INTO predictions (deployment, request_id, model, version, timestamp_ms, inputs, outputs, latency_ms, shadow, error)
VALUES (@deployment, @request_id, @model, @version, @timestamp_ms, @inputs, @outputs, @latency_ms, @shadow, @error);
