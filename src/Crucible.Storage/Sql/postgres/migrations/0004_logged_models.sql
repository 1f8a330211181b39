-- Logged models (MLflow 3, SQLite): a model with its own artifact folder, params and tags, and the runs that
-- produced it (run outputs). Deleting a model is soft (lifecycle_stage), as in MLflow, so nothing cascades.
CREATE TABLE logged_models (
    model_id          TEXT    NOT NULL PRIMARY KEY,
    experiment_id     BIGINT  NOT NULL REFERENCES experiments (experiment_id),
    name              TEXT    NOT NULL,
    artifact_location TEXT    NOT NULL,
    creation_time     BIGINT  NOT NULL,
    last_updated_time BIGINT  NOT NULL,
    source_run_id     TEXT,
    status            TEXT    NOT NULL,
    status_message    TEXT,
    model_type        TEXT,
    lifecycle_stage   TEXT    NOT NULL
);
CREATE INDEX logged_models_by_experiment ON logged_models (experiment_id, lifecycle_stage, creation_time DESC, model_id);

CREATE TABLE logged_model_tags (
    model_id TEXT NOT NULL REFERENCES logged_models (model_id),
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (model_id, key)
);

CREATE TABLE logged_model_params (
    model_id TEXT NOT NULL REFERENCES logged_models (model_id),
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (model_id, key)
);

-- MLflow's RunOutputs.model_outputs: which logged models a run produced, at which step.
CREATE TABLE run_model_outputs (
    run_uuid TEXT    NOT NULL REFERENCES runs (run_uuid),
    model_id TEXT    NOT NULL REFERENCES logged_models (model_id),
    step     BIGINT  NOT NULL,
    PRIMARY KEY (run_uuid, model_id, step)
);
CREATE INDEX run_model_outputs_by_model ON run_model_outputs (model_id, run_uuid);

-- Metrics linked to a logged model (log_model copies the run's metrics of its step with model_id set).
CREATE INDEX metrics_by_model ON metrics (model_id) WHERE model_id IS NOT NULL;
