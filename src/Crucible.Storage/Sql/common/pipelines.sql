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
INSERT INTO pipeline_runs (run_id, pipeline, started_by, status, params, creation_time, start_time, end_time, error)
VALUES (@run_id, @pipeline, @trigger, 'queued', @params, @now, NULL, NULL, NULL);

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
