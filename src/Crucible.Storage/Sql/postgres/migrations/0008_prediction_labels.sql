-- Ground truth posted after serving (PostgreSQL), joined to the prediction log by (deployment, request_id).
-- No foreign key to predictions: a label may arrive before its prediction is flushed, and it outlives the log.
CREATE TABLE prediction_labels (
    deployment   TEXT             NOT NULL,
    request_id   TEXT             NOT NULL,
    label        DOUBLE PRECISION NOT NULL,
    updated_time BIGINT           NOT NULL,
    PRIMARY KEY (deployment, request_id)
);
