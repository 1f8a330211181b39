-- Logged models (MLflow 3). Deleted models are invisible to every statement that reads or changes one.

-- name: GetLoggedModelExperiment
SELECT artifact_location, lifecycle_stage FROM experiments WHERE experiment_id = @experiment_id

-- name: InsertLoggedModel
INSERT INTO logged_models (model_id, experiment_id, name, artifact_location, creation_time, last_updated_time, source_run_id, status, status_message, model_type, lifecycle_stage)
VALUES (@model_id, @experiment_id, @name, @artifact_location, @now, @now, @source_run_id, 'PENDING', NULL, @model_type, 'active')

-- name: GetLoggedModel
SELECT model_id, experiment_id, name, artifact_location, creation_time, last_updated_time, source_run_id, status, status_message, model_type, lifecycle_stage
FROM logged_models WHERE model_id = @model_id AND lifecycle_stage = 'active'

-- name: GetLoggedModelTags
SELECT key, value FROM logged_model_tags WHERE model_id = @model_id ORDER BY key

-- name: GetLoggedModelParams
SELECT key, value FROM logged_model_params WHERE model_id = @model_id ORDER BY key

-- name: GetLoggedModelMetrics
SELECT run_uuid, key, value, is_nan, timestamp, step, dataset_name, dataset_digest
FROM metrics WHERE model_id = @model_id ORDER BY key, step, timestamp, id

-- name: UpsertLoggedModelTag
INSERT INTO logged_model_tags (model_id, key, value) VALUES (@model_id, @key, @value)
ON CONFLICT (model_id, key) DO UPDATE SET value = excluded.value

-- name: DeleteLoggedModelTag
DELETE FROM logged_model_tags WHERE model_id = @model_id AND key = @key

-- name: InsertLoggedModelParam
INSERT INTO logged_model_params (model_id, key, value) VALUES (@model_id, @key, @value)
ON CONFLICT (model_id, key) DO NOTHING

-- name: GetLoggedModelParam
SELECT value FROM logged_model_params WHERE model_id = @model_id AND key = @key

-- name: FinalizeLoggedModel
UPDATE logged_models SET status = @status, last_updated_time = @now
WHERE model_id = @model_id AND lifecycle_stage = 'active'

-- name: TouchLoggedModel
UPDATE logged_models SET last_updated_time = @now WHERE model_id = @model_id AND lifecycle_stage = 'active'

-- name: DeleteLoggedModel
UPDATE logged_models SET lifecycle_stage = 'deleted', last_updated_time = @now
WHERE model_id = @model_id AND lifecycle_stage = 'active'

-- name: GetLoggedModelRunExists
SELECT 1 FROM runs WHERE run_uuid = @run_uuid

-- name: InsertRunModelOutput
INSERT INTO run_model_outputs (run_uuid, model_id, step) VALUES (@run_uuid, @model_id, @step)
ON CONFLICT (run_uuid, model_id, step) DO NOTHING

-- name: GetRunModelOutputs
SELECT model_id, step FROM run_model_outputs WHERE run_uuid = @run_uuid ORDER BY step, model_id
