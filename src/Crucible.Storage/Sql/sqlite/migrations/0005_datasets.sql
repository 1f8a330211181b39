-- Registered datasets (SQLite): named records with versions 1, 2, 3…, each describing one file
-- in the artifact store. (MLflow's own datasets table, from 0001, holds run inputs.)
-- next_version is allocated under the dataset row's write, so concurrent registrations get consecutive numbers.
CREATE TABLE registered_datasets (
    name              TEXT    NOT NULL PRIMARY KEY,
    next_version      INTEGER NOT NULL,
    creation_time     INTEGER NOT NULL,
    last_updated_time INTEGER NOT NULL
) WITHOUT ROWID;

-- One digest per name: registering the same file again returns the existing version. parents is a
-- comma-separated list of name@version (names hold neither ',' nor '@').
CREATE TABLE registered_dataset_versions (
    name              TEXT    NOT NULL REFERENCES registered_datasets (name),
    version           INTEGER NOT NULL,
    digest            TEXT    NOT NULL,
    source_uri        TEXT,
    artifact_location TEXT    NOT NULL,
    format            TEXT    NOT NULL,
    row_count         INTEGER NOT NULL,
    size_bytes        INTEGER NOT NULL,
    schema_json       TEXT    NOT NULL,
    profile_json      TEXT    NOT NULL,
    owner             TEXT,
    license           TEXT,
    description       TEXT,
    parents           TEXT,
    transform         TEXT,
    creation_time     INTEGER NOT NULL,
    PRIMARY KEY (name, version),
    UNIQUE (name, digest)
) WITHOUT ROWID;
