-- Users, service accounts, role bindings and API tokens (sqlite). A principal's name is unique across users and service
-- accounts; password_hash holds the password hasher's output (users only), never a password. A token row holds the
-- SHA-256 of its secret (hex), never the secret; revoked tokens are kept (revoked_time set) so the audit trail resolves them.
CREATE TABLE principals (
    name              TEXT    NOT NULL PRIMARY KEY,
    kind              TEXT    NOT NULL,
    password_hash     TEXT,
    description       TEXT    NOT NULL,
    created_by        TEXT    NOT NULL,
    creation_time     INTEGER NOT NULL,
    last_updated_time INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE role_bindings (
    principal TEXT    NOT NULL,
    workspace TEXT    NOT NULL,
    role      INTEGER NOT NULL,
    PRIMARY KEY (principal, workspace)
) WITHOUT ROWID;

CREATE TABLE api_tokens (
    token_id           TEXT    NOT NULL PRIMARY KEY,
    name               TEXT    NOT NULL,
    owner              TEXT    NOT NULL,
    secret_hash        TEXT    NOT NULL UNIQUE,
    role               INTEGER NOT NULL,
    workspace          TEXT    NOT NULL,
    serving_deployment TEXT,
    creation_time      INTEGER NOT NULL,
    expiry_time        INTEGER,
    last_used_time     INTEGER,
    revoked_time       INTEGER
) WITHOUT ROWID;
CREATE INDEX api_tokens_by_owner ON api_tokens (owner, creation_time);
