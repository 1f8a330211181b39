-- name: InsertExperiment
INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time, workspace)
VALUES (@name, '', 'active', @now, @now, @workspace)
RETURNING experiment_id;

-- name: SetArtifactLocation
UPDATE experiments SET artifact_location = @location WHERE experiment_id = @id;

-- name: InsertDefaultExperiment
INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
VALUES (0, 'Default', @location, 'active', @now, @now)
ON CONFLICT DO NOTHING;

-- name: GetExperiment
SELECT experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time
FROM experiments WHERE experiment_id = @id;

-- name: GetExperimentByName
SELECT experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time
FROM experiments WHERE name = @name;

-- name: GetExperimentTags
SELECT experiment_id, key, value FROM experiment_tags WHERE experiment_id = @id ORDER BY key;

-- name: RenameExperiment
UPDATE experiments SET name = @name, last_update_time = @now WHERE experiment_id = @id;

-- name: SetExperimentLifecycle
UPDATE experiments SET lifecycle_stage = @stage, last_update_time = @now WHERE experiment_id = @id;

-- name: SetRunsLifecycleOfExperiment
UPDATE runs SET lifecycle_stage = @stage, deleted_time = @deleted_time WHERE experiment_id = @id AND lifecycle_stage <> @stage;

-- name: UpsertExperimentTag
INSERT INTO experiment_tags (experiment_id, key, value) VALUES (@id, @key, @value)
ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value;

-- name: DeleteExperimentTag
DELETE FROM experiment_tags WHERE experiment_id = @id AND key = @key;

-- name: TouchExperiment
UPDATE experiments SET last_update_time = @now WHERE experiment_id = @id;
