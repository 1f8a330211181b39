-- Approvals of protected promotions (issue 21): a request to move a protected alias or stage of a model to a version,
-- the model card digest it was requested on, and who decided it. status: pending, approved (and applied), rejected.
CREATE TABLE approval_requests (
    id            TEXT   NOT NULL PRIMARY KEY,
    model         TEXT   NOT NULL,
    version       TEXT   NOT NULL,
    target_kind   TEXT   NOT NULL,
    target_name   TEXT   NOT NULL,
    requester     TEXT   NOT NULL,
    card_digest   TEXT   NOT NULL,
    status        TEXT   NOT NULL,
    decider       TEXT,
    reason        TEXT,
    creation_time BIGINT NOT NULL,
    decision_time BIGINT
);
CREATE INDEX approval_requests_by_model ON approval_requests (model, creation_time);
