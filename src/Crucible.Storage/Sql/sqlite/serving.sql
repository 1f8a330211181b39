-- SQLite prediction-log insert: one prepared statement, executed once per record inside the batch's transaction.

-- name: InsertPrediction
INSERT INTO predictions (deployment, request_id, model, version, timestamp_ms, inputs, outputs, latency_ms, shadow, error)
VALUES (@deployment, @request_id, @model, @version, @timestamp_ms, @inputs, @outputs, @latency_ms, @shadow, @error);
