-- PostgreSQL overrides of registry statements.

-- name: LockRegisteredModel
-- Every registry write starts by locking its model row. Writes to one model then queue instead of racing, and a
-- concurrent delete waits for them instead of slipping in between and turning them into foreign-key errors.
-- NO KEY UPDATE is the lock the later UPDATE of the row takes anyway, so no transaction upgrades a lock (the
-- pattern that deadlocks behind a waiting DELETE).
SELECT reg_model_id, name, creation_time, last_updated_time, description, user_id
FROM registered_models WHERE name = @name
FOR NO KEY UPDATE;
