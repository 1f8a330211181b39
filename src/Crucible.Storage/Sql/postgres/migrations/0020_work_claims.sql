-- Replica coordination (PostgreSQL). work_claims holds leases on units of background work (a scheduled pipeline period,
-- a monitor window, a pipeline run in progress): one holder at a time until done or until its lease expires.
-- claims counts the replicas that took a unit (1 unless one died holding it). pipeline_runs.dedupe_key makes a run
-- started for a schedule period or a retraining signal unique, whichever replica starts it.
CREATE TABLE work_claims (
    claim_key     TEXT    NOT NULL PRIMARY KEY,
    holder        TEXT    NOT NULL,
    claimed_time  BIGINT  NOT NULL,
    lease_expires BIGINT  NOT NULL,
    claims        INTEGER NOT NULL,
    done_time     BIGINT
);
CREATE INDEX work_claims_by_done_time ON work_claims (done_time);

ALTER TABLE pipeline_runs ADD COLUMN dedupe_key TEXT;
CREATE UNIQUE INDEX pipeline_runs_by_dedupe_key ON pipeline_runs (dedupe_key);
