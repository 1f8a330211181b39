-- Dataset statements shared by SQLite and PostgreSQL. Every version statement returns the same columns,
-- read by DatasetRows.Read.

-- name: EnsureDataset
-- DO NOTHING: the dataset may exist already, or a concurrent registration may be creating it.
INSERT INTO registered_datasets (name, next_version, creation_time, last_updated_time, workspace) VALUES (@name, 1, @now, @now, @workspace)
ON CONFLICT (name) DO NOTHING;

-- name: AllocateDatasetVersion
-- Also the lock: on PostgreSQL a second registration of the same name waits here until the first commits,
-- then reads its version by digest afresh (read committed: each statement sees the latest commits).
UPDATE registered_datasets SET next_version = next_version + 1, last_updated_time = @now WHERE name = @name
RETURNING next_version - 1;

-- name: LockDataset
UPDATE registered_datasets SET last_updated_time = last_updated_time WHERE name = @name;

-- name: InsertDatasetVersion
INSERT INTO registered_dataset_versions (name, version, digest, source_uri, artifact_location, format, row_count, size_bytes,
    schema_json, profile_json, owner, license, description, parents, transform, creation_time)
VALUES (@name, @version, @digest, @source_uri, @artifact_location, @format, @row_count, @size_bytes,
    @schema_json, @profile_json, @owner, @license, @description, @parents, @transform, @now)
RETURNING name, version, digest, source_uri, artifact_location, format, row_count, size_bytes,
    schema_json, profile_json, owner, license, description, parents, transform, creation_time;

-- name: GetDatasetVersion
SELECT name, version, digest, source_uri, artifact_location, format, row_count, size_bytes,
    schema_json, profile_json, owner, license, description, parents, transform, creation_time
FROM registered_dataset_versions WHERE name = @name AND version = @version;

-- name: GetDatasetVersionByDigest
SELECT name, version, digest, source_uri, artifact_location, format, row_count, size_bytes,
    schema_json, profile_json, owner, license, description, parents, transform, creation_time
FROM registered_dataset_versions WHERE name = @name AND digest = @digest;

-- name: ListDatasetVersions
SELECT name, version, digest, source_uri, artifact_location, format, row_count, size_bytes,
    schema_json, profile_json, owner, license, description, parents, transform, creation_time
FROM registered_dataset_versions WHERE name = @name ORDER BY version;

-- name: DatasetExists
SELECT 1 FROM registered_datasets WHERE name = @name;

-- name: DatasetVersionExists
SELECT 1 FROM registered_dataset_versions WHERE name = @name AND version = @version;

-- name: ListDatasets
-- Only datasets holding at least one version; the caller sorts names by ordinal (byte) order.
SELECT d.name, max(v.version), d.creation_time, d.last_updated_time
FROM registered_datasets d JOIN registered_dataset_versions v ON v.name = d.name
GROUP BY d.name, d.creation_time, d.last_updated_time;

-- name: ListDatasetChildCandidates
-- Versions whose parents text may name a version of @name (LIKE only narrows; '_' and case make it broader,
-- never narrower); the caller parses parents and matches exactly.
SELECT name, version, parents FROM registered_dataset_versions WHERE parents LIKE @pattern;

-- name: DeleteDatasetVersion
DELETE FROM registered_dataset_versions WHERE name = @name AND version = @version;

-- name: DeleteDatasetVersions
DELETE FROM registered_dataset_versions WHERE name = @name;

-- name: DeleteDataset
DELETE FROM registered_datasets WHERE name = @name;
