-- Users, service accounts, role bindings and API tokens (postgres). A principal's name is unique across users and service
-- accounts; password_hash holds the password hasher's output (users only), never a password. A token row holds the
-- SHA-256 of its secret (hex), never the secret; revoked tokens are kept (revoked_time set) so the audit trail resolves them.
CREATE TABLE principals (
    name              TEXT    NOT NULL PRIMARY KEY,
    kind              TEXT    NOT NULL,
    password_hash     TEXT,
    description       TEXT    NOT NULL,
    created_by        TEXT    NOT NULL,
    creation_time     BIGINT NOT NULL,
    last_updated_time BIGINT NOT NULL
);

CREATE TABLE role_bindings (
    principal TEXT    NOT NULL,
    workspace TEXT    NOT NULL,
    role      INTEGER NOT NULL,
    PRIMARY KEY (principal, workspace)
);

CREATE TABLE api_tokens (
    token_id           TEXT    NOT NULL PRIMARY KEY,
    name               TEXT    NOT NULL,
    owner              TEXT    NOT NULL,
    secret_hash        TEXT    NOT NULL UNIQUE,
    role               INTEGER NOT NULL,
    workspace          TEXT    NOT NULL,
    serving_deployment TEXT,
    creation_time      BIGINT NOT NULL,
    expiry_time        BIGINT,
    last_used_time     BIGINT,
    revoked_time       BIGINT
);
CREATE INDEX api_tokens_by_owner ON api_tokens (owner, creation_time);
