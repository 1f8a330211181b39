-- Feature project statements shared by SQLite and PostgreSQL; each SELECT returns the columns read by
-- SqlFeatureRegistryStore.Read.

-- name: LatestFeatureProject
SELECT name, version, files, digest, workspace, creation_time FROM feature_projects
WHERE name = @name ORDER BY version DESC LIMIT 1;

-- name: GetFeatureProject
SELECT name, version, files, digest, workspace, creation_time FROM feature_projects WHERE name = @name AND version = @version;

-- name: InsertFeatureProject
INSERT INTO feature_projects (name, version, workspace, files, digest, creation_time)
VALUES (@name, @version, @workspace, @files, @digest, @now);

-- name: ListFeatureProjects
SELECT p.name, p.version, p.files, p.digest, p.workspace, p.creation_time FROM feature_projects p
WHERE p.version = (SELECT MAX(q.version) FROM feature_projects q WHERE q.name = p.name) ORDER BY p.name;
