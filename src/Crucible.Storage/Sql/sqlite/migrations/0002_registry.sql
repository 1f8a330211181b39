-- Model registry schema (SQLite). Children hang off a surrogate key so a rename is one UPDATE, and
-- ON DELETE CASCADE removes a model's versions, tags, aliases and package files with it.
CREATE TABLE registered_models (
    reg_model_id      INTEGER PRIMARY KEY,
    name              TEXT    NOT NULL UNIQUE,
    creation_time     INTEGER NOT NULL,
    last_updated_time INTEGER NOT NULL,
    description       TEXT,
    user_id           TEXT,
    next_version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX registered_models_by_time ON registered_models (last_updated_time, name);

CREATE TABLE registered_model_tags (
    reg_model_id INTEGER NOT NULL REFERENCES registered_models (reg_model_id) ON DELETE CASCADE,
    key          TEXT    NOT NULL,
    value        TEXT    NOT NULL,
    PRIMARY KEY (reg_model_id, key)
) WITHOUT ROWID;

CREATE TABLE model_versions (
    reg_model_id      INTEGER NOT NULL REFERENCES registered_models (reg_model_id) ON DELETE CASCADE,
    version           INTEGER NOT NULL,
    creation_time     INTEGER NOT NULL,
    last_updated_time INTEGER NOT NULL,
    description       TEXT,
    user_id           TEXT,
    current_stage     TEXT    NOT NULL,
    source            TEXT    NOT NULL,
    run_id            TEXT,
    run_link          TEXT,
    status            TEXT    NOT NULL,
    status_message    TEXT,
    logged_model_id   TEXT,
    package           TEXT,
    PRIMARY KEY (reg_model_id, version)
) WITHOUT ROWID;
CREATE INDEX model_versions_by_run ON model_versions (run_id);

CREATE TABLE model_version_tags (
    reg_model_id INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    key          TEXT    NOT NULL,
    value        TEXT    NOT NULL,
    PRIMARY KEY (reg_model_id, version, key),
    FOREIGN KEY (reg_model_id, version) REFERENCES model_versions (reg_model_id, version) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE registered_model_aliases (
    reg_model_id INTEGER NOT NULL,
    alias        TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    PRIMARY KEY (reg_model_id, alias),
    FOREIGN KEY (reg_model_id, version) REFERENCES model_versions (reg_model_id, version) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE model_version_files (
    reg_model_id INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    path         TEXT    NOT NULL,
    sha256       TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    PRIMARY KEY (reg_model_id, version, path),
    FOREIGN KEY (reg_model_id, version) REFERENCES model_versions (reg_model_id, version) ON DELETE CASCADE
) WITHOUT ROWID;
