-- Workspaces own experiments, registered models, datasets, deployments, monitors and pipelines (sqlite). The workspace
-- 'default' always exists and owns everything created before this migration (the columns' default). resource_grants
-- holds MLflow-style per-resource permissions (READ, EDIT, MANAGE, NO_PERMISSIONS) of one principal on one experiment
-- (resource_id: its id) or registered model (its name).
CREATE TABLE workspaces (
    name          TEXT    NOT NULL PRIMARY KEY,
    description   TEXT    NOT NULL,
    created_by    TEXT    NOT NULL,
    creation_time INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO workspaces (name, description, created_by, creation_time) VALUES ('default', 'The workspace every server starts with', 'system', 0);

ALTER TABLE experiments ADD COLUMN workspace TEXT NOT NULL DEFAULT 'default';
ALTER TABLE registered_models ADD COLUMN workspace TEXT NOT NULL DEFAULT 'default';
ALTER TABLE registered_datasets ADD COLUMN workspace TEXT NOT NULL DEFAULT 'default';
ALTER TABLE deployments ADD COLUMN workspace TEXT NOT NULL DEFAULT 'default';
ALTER TABLE monitors ADD COLUMN workspace TEXT NOT NULL DEFAULT 'default';
ALTER TABLE pipelines ADD COLUMN workspace TEXT NOT NULL DEFAULT 'default';

CREATE TABLE resource_grants (
    principal     TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id   TEXT NOT NULL,
    permission    TEXT NOT NULL,
    PRIMARY KEY (principal, resource_type, resource_id)
) WITHOUT ROWID;
CREATE INDEX resource_grants_by_resource ON resource_grants (resource_type, resource_id);
