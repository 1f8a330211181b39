-- Model registry statements shared by SQLite and PostgreSQL.

-- name: InsertRegisteredModel
INSERT INTO registered_models (name, creation_time, last_updated_time, description, user_id, next_version, workspace)
VALUES (@name, @now, @now, @description, @user_id, 1, @workspace)
RETURNING reg_model_id;

-- name: GetRegisteredModel
SELECT reg_model_id, name, creation_time, last_updated_time, description, user_id
FROM registered_models WHERE name = @name;

-- name: LockRegisteredModel
SELECT reg_model_id, name, creation_time, last_updated_time, description, user_id
FROM registered_models WHERE name = @name;

-- name: GetRegisteredModelById
SELECT reg_model_id, name, creation_time, last_updated_time, description, user_id
FROM registered_models WHERE reg_model_id = @id;

-- name: RenameRegisteredModel
UPDATE registered_models SET name = @name, last_updated_time = @now WHERE reg_model_id = @id;

-- name: UpdateRegisteredModelDescription
UPDATE registered_models SET description = @description, last_updated_time = @now WHERE reg_model_id = @id;

-- name: TouchRegisteredModel
UPDATE registered_models SET last_updated_time = @now WHERE reg_model_id = @id;

-- name: DeleteRegisteredModel
DELETE FROM registered_models WHERE reg_model_id = @id;

-- name: AllocateVersion
UPDATE registered_models SET next_version = next_version + 1, last_updated_time = @now
WHERE reg_model_id = @id
RETURNING next_version - 1;

-- name: GetRegisteredModelTags
SELECT key, value FROM registered_model_tags WHERE reg_model_id = @id ORDER BY key;

-- name: UpsertRegisteredModelTag
INSERT INTO registered_model_tags (reg_model_id, key, value) VALUES (@id, @key, @value)
ON CONFLICT (reg_model_id, key) DO UPDATE SET value = excluded.value;

-- name: DeleteRegisteredModelTag
DELETE FROM registered_model_tags WHERE reg_model_id = @id AND key = @key;

-- name: UpsertAlias
INSERT INTO registered_model_aliases (reg_model_id, alias, version) VALUES (@id, @alias, @version)
ON CONFLICT (reg_model_id, alias) DO UPDATE SET version = excluded.version;

-- name: DeleteAlias
DELETE FROM registered_model_aliases WHERE reg_model_id = @id AND alias = @alias;

-- name: GetAlias
SELECT version FROM registered_model_aliases WHERE reg_model_id = @id AND alias = @alias;

-- name: GetAliases
SELECT alias, version FROM registered_model_aliases WHERE reg_model_id = @id ORDER BY alias;

-- name: GetVersionAliases
SELECT alias FROM registered_model_aliases WHERE reg_model_id = @id AND version = @version ORDER BY alias;

-- name: InsertModelVersion
INSERT INTO model_versions (reg_model_id, version, creation_time, last_updated_time, description, user_id, current_stage,
                            source, run_id, run_link, status, status_message, logged_model_id, package)
VALUES (@id, @version, @now, @now, @description, @user_id, 'None', @source, @run_id, @run_link, 'READY', NULL, @logged_model_id, @package);

-- name: GetModelVersion
SELECT m.name, v.version, v.creation_time, v.last_updated_time, v.user_id, v.current_stage, v.description, v.source,
       v.run_id, v.status, v.status_message, v.run_link, v.logged_model_id, v.reg_model_id
FROM model_versions v JOIN registered_models m ON m.reg_model_id = v.reg_model_id
WHERE v.reg_model_id = @id AND v.version = @version;

-- name: GetLatestVersionNumbers
SELECT max(version) FROM model_versions WHERE reg_model_id = @id GROUP BY current_stage;

-- name: GetModelVersionTags
SELECT key, value FROM model_version_tags WHERE reg_model_id = @id AND version = @version ORDER BY key;

-- name: UpsertModelVersionTag
INSERT INTO model_version_tags (reg_model_id, version, key, value) VALUES (@id, @version, @key, @value)
ON CONFLICT (reg_model_id, version, key) DO UPDATE SET value = excluded.value;

-- name: DeleteModelVersionTag
DELETE FROM model_version_tags WHERE reg_model_id = @id AND version = @version AND key = @key;

-- name: UpdateModelVersionDescription
UPDATE model_versions SET description = @description, last_updated_time = @now WHERE reg_model_id = @id AND version = @version;

-- name: TouchModelVersion
UPDATE model_versions SET last_updated_time = @now WHERE reg_model_id = @id AND version = @version;

-- name: DeleteModelVersion
DELETE FROM model_versions WHERE reg_model_id = @id AND version = @version;

-- name: SetModelVersionStage
UPDATE model_versions SET current_stage = @stage, last_updated_time = @now WHERE reg_model_id = @id AND version = @version;

-- name: ArchiveOtherVersionsInStage
UPDATE model_versions SET current_stage = 'Archived', last_updated_time = @now
WHERE reg_model_id = @id AND version <> @version AND current_stage = @stage;

-- name: InsertModelVersionFile
INSERT INTO model_version_files (reg_model_id, version, path, sha256, size) VALUES (@id, @version, @path, @sha256, @size);

-- name: GetModelVersionFiles
SELECT path, sha256, size FROM model_version_files WHERE reg_model_id = @id AND version = @version ORDER BY path;

-- name: GetModelVersionPackage
SELECT package FROM model_versions WHERE reg_model_id = @id AND version = @version;

-- name: VersionsTrainedOn
SELECT DISTINCT v.reg_model_id, v.version
FROM model_versions v
JOIN run_inputs ri ON ri.run_uuid = v.run_id
JOIN datasets d ON d.dataset_uuid = ri.dataset_uuid
WHERE d.name = @name AND (@digest = '' OR d.digest = @digest)
ORDER BY v.reg_model_id, v.version;

-- name: ModelVersionExists
SELECT 1 FROM model_versions WHERE reg_model_id = @id AND version = @version;
