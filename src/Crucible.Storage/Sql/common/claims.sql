-- Work claims shared by SQLite and PostgreSQL (SqlWorkClaims). A claim is taken when it is new or its lease has
-- expired (taken over, or released by a holder whose work failed); never once done. Only its holder renews it. The conflict update runs on the row as
-- committed (PostgreSQL re-checks the WHERE after waiting on a racing insert), so two replicas never both get a row.

-- name: ClaimWork
INSERT INTO work_claims (claim_key, holder, claimed_time, lease_expires, claims, done_time)
VALUES (@key, @holder, @now, @expires, 1, NULL)
ON CONFLICT (claim_key) DO UPDATE SET
    holder = excluded.holder, claimed_time = excluded.claimed_time, lease_expires = excluded.lease_expires, claims = work_claims.claims + 1
WHERE work_claims.done_time IS NULL AND work_claims.lease_expires < excluded.claimed_time
RETURNING claim_key;

-- name: RenewWork
UPDATE work_claims SET lease_expires = @expires WHERE claim_key = @key AND holder = @holder AND done_time IS NULL;

-- name: ReleaseWork
-- Expires the lease at once, so the next claim (by any replica, this one included) takes the work.
UPDATE work_claims SET lease_expires = -1 WHERE claim_key = @key AND holder = @holder AND done_time IS NULL;

-- name: CompleteWork
UPDATE work_claims SET done_time = @now WHERE claim_key = @key AND holder = @holder AND done_time IS NULL;

-- name: GetWorkClaim
SELECT claim_key, holder, lease_expires, claims, done_time FROM work_claims WHERE claim_key = @key;

-- name: ForgetDoneWork
DELETE FROM work_claims WHERE done_time IS NOT NULL AND done_time < @before;
