-- Pipelines and their runs (SQLite). A pipeline is its validated YAML text; each run keeps one row per step, in run
-- order, with its status, times, bounded log and outputs (JSON). Steps are deleted with their run.
CREATE TABLE pipelines (
    name              TEXT    NOT NULL PRIMARY KEY,
    yaml              TEXT    NOT NULL,
    creation_time     INTEGER NOT NULL,
    last_updated_time INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE pipeline_runs (
    run_id        TEXT    NOT NULL PRIMARY KEY,
    pipeline      TEXT    NOT NULL,
    started_by    TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    params        TEXT    NOT NULL,
    creation_time INTEGER NOT NULL,
    start_time    INTEGER,
    end_time      INTEGER,
    error         TEXT
) WITHOUT ROWID;
CREATE INDEX pipeline_runs_by_pipeline ON pipeline_runs (pipeline, creation_time);
CREATE INDEX pipeline_runs_by_status ON pipeline_runs (status);

CREATE TABLE pipeline_steps (
    run_id     TEXT    NOT NULL,
    step_id    TEXT    NOT NULL,
    position   INTEGER NOT NULL,
    step_type  TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    start_time INTEGER,
    end_time   INTEGER,
    log        TEXT    NOT NULL,
    outputs    TEXT    NOT NULL,
    PRIMARY KEY (run_id, step_id)
) WITHOUT ROWID;
