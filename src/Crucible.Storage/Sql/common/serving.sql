-- Deployment and prediction-log statements shared by SQLite and PostgreSQL.
-- Every deployment statement returns the same columns, read by DeploymentRows.Read.

-- name: InsertDeployment
-- DO NOTHING makes a duplicate name an empty result instead of a constraint error, also when two creators race.
INSERT INTO deployments (name, routes, shadow, max_batch_size, max_delay_ms, description, capture, revision, creation_time, last_updated_time, exposure, workspace)
VALUES (@name, @routes, @shadow, @max_batch_size, @max_delay_ms, @description, @capture, 1, @now, @now, @exposure, @workspace)
ON CONFLICT (name) DO NOTHING
RETURNING name, routes, shadow, max_batch_size, max_delay_ms, description, capture, revision, creation_time, last_updated_time, exposure;

-- name: GetDeployment
SELECT name, routes, shadow, max_batch_size, max_delay_ms, description, capture, revision, creation_time, last_updated_time, exposure
FROM deployments WHERE name = @name;

-- name: ListDeployments
SELECT name, routes, shadow, max_batch_size, max_delay_ms, description, capture, revision, creation_time, last_updated_time, exposure
FROM deployments ORDER BY name;

-- name: UpdateDeployment
-- A NULL @exposure keeps the stored controls: an update that does not mention them never drops them.
UPDATE deployments
SET routes = @routes, shadow = @shadow, max_batch_size = @max_batch_size, max_delay_ms = @max_delay_ms,
    description = @description, capture = @capture, exposure = COALESCE(CAST(@exposure AS TEXT), exposure),
    revision = revision + 1, last_updated_time = @now
WHERE name = @name
RETURNING name, routes, shadow, max_batch_size, max_delay_ms, description, capture, revision, creation_time, last_updated_time, exposure;

-- name: UpdateDeploymentIfRevision
-- The revision check and the write are one statement: of two updates that read the same revision, the second
-- finds the row changed (PostgreSQL re-checks the WHERE after waiting for the first) and updates nothing.
UPDATE deployments
SET routes = @routes, shadow = @shadow, max_batch_size = @max_batch_size, max_delay_ms = @max_delay_ms,
    description = @description, capture = @capture, exposure = COALESCE(CAST(@exposure AS TEXT), exposure),
    revision = revision + 1, last_updated_time = @now
WHERE name = @name AND revision = @expected_revision
RETURNING name, routes, shadow, max_batch_size, max_delay_ms, description, capture, revision, creation_time, last_updated_time, exposure;

-- name: GetDeploymentRevision
SELECT revision FROM deployments WHERE name = @name;

-- name: DeleteDeployment
DELETE FROM deployments WHERE name = @name;

-- name: QueryPredictions
-- Oldest first within [from, to); seq breaks timestamp ties in insertion order. @max_shadow is 0 to leave
-- shadow predictions out, 1 to keep them.
SELECT request_id, deployment, model, version, timestamp_ms, inputs, outputs, latency_ms, shadow, error
FROM predictions
WHERE deployment = @deployment AND timestamp_ms >= @from_ms AND timestamp_ms < @to_ms AND shadow <= @max_shadow
ORDER BY timestamp_ms, seq
LIMIT @limit OFFSET @offset;

-- name: GetPrediction
-- The newest prediction returned to a client under this id; shadow predictions share it and are skipped.
SELECT request_id, deployment, model, version, timestamp_ms, inputs, outputs, latency_ms, shadow, error
FROM predictions
WHERE deployment = @deployment AND request_id = @request_id AND shadow = 0
ORDER BY timestamp_ms DESC, seq DESC
LIMIT 1;
