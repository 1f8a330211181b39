-- Workspace and per-resource grant statements shared by SQLite and PostgreSQL (migration 0017).

-- name: InsertWorkspace
INSERT INTO workspaces (name, description, created_by, creation_time) VALUES (@name, @description, @created_by, @now)
ON CONFLICT (name) DO NOTHING;

-- name: GetWorkspace
SELECT name, description, created_by, creation_time FROM workspaces WHERE name = @name;

-- name: ListWorkspaces
SELECT name, description, created_by, creation_time FROM workspaces ORDER BY name;

-- name: LocateExperiment
SELECT workspace, experiment_id FROM experiments WHERE experiment_id = @id;

-- name: LocateExperimentName
SELECT workspace, experiment_id FROM experiments WHERE name = @id;

-- name: LocateRun
SELECT e.workspace, e.experiment_id FROM runs r JOIN experiments e ON e.experiment_id = r.experiment_id WHERE r.run_uuid = @id;

-- name: LocateLoggedModel
SELECT e.workspace, e.experiment_id FROM logged_models m JOIN experiments e ON e.experiment_id = m.experiment_id WHERE m.model_id = @id;

-- name: LocateRegisteredModel
SELECT workspace, name FROM registered_models WHERE name = @id;

-- name: LocateDataset
SELECT workspace, name FROM registered_datasets WHERE name = @id;

-- name: LocateDeployment
SELECT workspace, name FROM deployments WHERE name = @id;

-- name: LocateMonitor
SELECT workspace, monitor_id FROM monitors WHERE monitor_id = @id;

-- name: LocatePipeline
SELECT workspace, name FROM pipelines WHERE name = @id;

-- name: LocatePipelineRun
SELECT p.workspace, p.name FROM pipeline_runs r JOIN pipelines p ON p.name = r.pipeline WHERE r.run_id = @id;

-- name: InsertGrant
INSERT INTO resource_grants (principal, resource_type, resource_id, permission) VALUES (@principal, @resource_type, @resource_id, @permission)
ON CONFLICT (principal, resource_type, resource_id) DO NOTHING;

-- name: UpdateGrant
UPDATE resource_grants SET permission = @permission WHERE principal = @principal AND resource_type = @resource_type AND resource_id = @resource_id;

-- name: GetGrant
SELECT principal, resource_type, resource_id, permission FROM resource_grants
WHERE principal = @principal AND resource_type = @resource_type AND resource_id = @resource_id;

-- name: ListGrants
SELECT principal, resource_type, resource_id, permission FROM resource_grants WHERE principal = @principal ORDER BY resource_type, resource_id;

-- name: DeleteGrant
DELETE FROM resource_grants WHERE principal = @principal AND resource_type = @resource_type AND resource_id = @resource_id;

-- name: DeleteResourceGrants
DELETE FROM resource_grants WHERE resource_type = @resource_type AND resource_id = @resource_id;

-- name: MoveResourceGrants
UPDATE resource_grants SET resource_id = @new_id WHERE resource_type = @resource_type AND resource_id = @resource_id;

-- name: DeletePrincipalGrants
DELETE FROM resource_grants WHERE principal = @principal;

-- name: LocateFeatureProject
SELECT workspace, name FROM feature_projects WHERE name = @id AND version = 1;
