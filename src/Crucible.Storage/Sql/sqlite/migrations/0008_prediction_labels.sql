-- Ground truth posted after serving (SQLite), joined to the prediction log by (deployment, request_id).
-- No foreign key to predictions: a label may arrive before its prediction is flushed, and it outlives the log.
CREATE TABLE prediction_labels (
    deployment   TEXT    NOT NULL,
    request_id   TEXT    NOT NULL,
    label        REAL    NOT NULL,
    updated_time INTEGER NOT NULL,
    PRIMARY KEY (deployment, request_id)
) WITHOUT ROWID;
