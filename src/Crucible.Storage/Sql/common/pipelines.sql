-- Pipeline and pipeline-run statements shared by SQLite and PostgreSQL. Pipeline statements return the columns read
-- by SqlPipelineStore.ReadPipeline, run statements those of ReadRun, step statements those of ReadStep.

-- name: UpsertPipeline
INSERT INTO pipelines (name, yaml, creation_time, last_updated_time, workspace)
VALUES (@name, @yaml, @now, @now, @workspace)
ON CONFLICT (name) DO UPDATE SET yaml = excluded.yaml, last_updated_time = excluded.last_updated_time
WHERE pipelines.workspace = excluded.workspace
RETURNING name, yaml, creation_time, last_updated_time, workspace;

-- name: GetPipeline
SELECT name, yaml, creation_time, last_updated_time, workspace FROM pipelines WHERE name = @name;

-- name: ListPipelines
SELECT name, yaml, creation_time, last_updated_time, workspace FROM pipelines ORDER BY name;

-- name: InsertPipelineRun
-- An empty result: a run with this dedupe key exists (another replica started it); NULL keys never conflict.
INSERT INTO pipeline_runs (run_id, pipeline, started_by, status, params, creation_time, start_time, end_time, error, dedupe_key)
VALUES (@run_id, @pipeline, @trigger, 'queued', @params, @now, NULL, NULL, NULL, @dedupe_key)
ON CONFLICT (dedupe_key) DO NOTHING
RETURNING run_id;

-- name: CountUnfinishedPipelineRuns
SELECT COUNT(*) FROM pipeline_runs WHERE pipeline = @pipeline AND status IN ('queued', 'running');

-- name: FailAbandonedPipelineRuns
-- Unfinished runs no replica holds a live 'pipeline-run:ID' claim on (see claims.sql); the error names the last holder.
UPDATE pipeline_runs SET status = 'failed', end_time = @now,
    error = @error || COALESCE((SELECT ' (last held by ' || w.holder || ')' FROM work_claims w WHERE w.claim_key = 'pipeline-run:' || pipeline_runs.run_id), '')
WHERE status IN ('queued', 'running') AND creation_time < @created_before
  AND NOT EXISTS (SELECT 1 FROM work_claims w
                  WHERE w.claim_key = 'pipeline-run:' || pipeline_runs.run_id AND w.done_time IS NULL AND w.lease_expires >= @now)
RETURNING run_id;

-- name: InsertPipelineStep
INSERT INTO pipeline_steps (run_id, step_id, position, step_type, status, start_time, end_time, log, outputs)
VALUES (@run_id, @step_id, @position, @step_type, 'pending', NULL, NULL, '', '{}');

-- name: UpdatePipelineRun
UPDATE pipeline_runs SET status = @status, start_time = @start_time, end_time = @end_time, error = @error WHERE run_id = @run_id;

-- name: UpdatePipelineStep
UPDATE pipeline_steps SET status = @status, start_time = @start_time, end_time = @end_time, log = @log, outputs = @outputs
WHERE run_id = @run_id AND step_id = @step_id;

-- name: GetPipelineRun
SELECT run_id, pipeline, started_by, status, params, creation_time, start_time, end_time, error FROM pipeline_runs WHERE run_id = @run_id;

-- name: GetPipelineSteps
SELECT step_id, step_type, status, start_time, end_time, log, outputs FROM pipeline_steps WHERE run_id = @run_id ORDER BY position;

-- name: ListPipelineRuns
SELECT run_id, pipeline, started_by, status, params, creation_time, start_time, end_time, error FROM pipeline_runs
WHERE pipeline = @pipeline ORDER BY creation_time DESC, run_id DESC LIMIT @limit;

-- name: FailUnfinishedPipelineRuns
UPDATE pipeline_runs SET status = 'failed', end_time = @now, error = @error WHERE status IN ('queued', 'running');
