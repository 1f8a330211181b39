-- Pipelines and their runs (PostgreSQL). A pipeline is its validated YAML text; each run keeps one row per step, in run
-- order, with its status, times, bounded log and outputs (JSON). Steps are deleted with their run.
CREATE TABLE pipelines (
    name              TEXT    NOT NULL PRIMARY KEY,
    yaml              TEXT    NOT NULL,
    creation_time     BIGINT  NOT NULL,
    last_updated_time BIGINT  NOT NULL
);

CREATE TABLE pipeline_runs (
    run_id        TEXT    NOT NULL PRIMARY KEY,
    pipeline      TEXT    NOT NULL,
    started_by    TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    params        TEXT    NOT NULL,
    creation_time BIGINT  NOT NULL,
    start_time    BIGINT,
    end_time      BIGINT,
    error         TEXT
);
CREATE INDEX pipeline_runs_by_pipeline ON pipeline_runs (pipeline, creation_time);
CREATE INDEX pipeline_runs_by_status ON pipeline_runs (status);

CREATE TABLE pipeline_steps (
    run_id     TEXT    NOT NULL,
    step_id    TEXT    NOT NULL,
    position   INTEGER NOT NULL,
    step_type  TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    start_time BIGINT,
    end_time   BIGINT,
    log        TEXT    NOT NULL,
    outputs    TEXT    NOT NULL,
    PRIMARY KEY (run_id, step_id)
);
