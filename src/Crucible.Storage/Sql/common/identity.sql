-- Identity statements shared by SQLite and PostgreSQL. Principal statements return the columns read by
-- SqlIdentityStore.ReadPrincipal, token statements those of ReadToken.

-- name: InsertPrincipal
INSERT INTO principals (name, kind, password_hash, description, created_by, creation_time, last_updated_time)
VALUES (@name, @kind, @password_hash, @description, @created_by, @now, @now)
ON CONFLICT (name) DO NOTHING;

-- name: GetPrincipal
SELECT name, kind, password_hash, description, created_by, creation_time, last_updated_time FROM principals WHERE name = @name;

-- name: ListPrincipals
SELECT name, kind, password_hash, description, created_by, creation_time, last_updated_time FROM principals
WHERE kind = @kind ORDER BY name LIMIT @limit;

-- name: CountUsers
SELECT COUNT(*) FROM principals WHERE kind = 'user';

-- name: SetPasswordHash
UPDATE principals SET password_hash = @password_hash, last_updated_time = @now WHERE name = @name AND kind = 'user';

-- name: DeletePrincipal
DELETE FROM principals WHERE name = @name;

-- name: DeleteRoleBindings
DELETE FROM role_bindings WHERE principal = @principal;

-- name: RevokeOwnerTokens
UPDATE api_tokens SET revoked_time = @now WHERE owner = @owner AND revoked_time IS NULL;

-- name: UpsertRoleBinding
INSERT INTO role_bindings (principal, workspace, role) VALUES (@principal, @workspace, @role)
ON CONFLICT (principal, workspace) DO UPDATE SET role = excluded.role;

-- name: DeleteRoleBinding
DELETE FROM role_bindings WHERE principal = @principal AND workspace = @workspace;

-- name: GetRoleBindings
SELECT principal, workspace, role FROM role_bindings WHERE principal = @principal ORDER BY workspace;

-- name: InsertToken
INSERT INTO api_tokens (token_id, name, owner, secret_hash, role, workspace, serving_deployment, creation_time, expiry_time, last_used_time, revoked_time)
VALUES (@token_id, @name, @owner, @secret_hash, @role, @workspace, @serving_deployment, @now, @expiry_time, NULL, NULL);

-- name: GetTokenBySecretHash
SELECT token_id, name, owner, secret_hash, role, workspace, serving_deployment, creation_time, expiry_time, last_used_time, revoked_time
FROM api_tokens WHERE secret_hash = @secret_hash;

-- name: GetToken
SELECT token_id, name, owner, secret_hash, role, workspace, serving_deployment, creation_time, expiry_time, last_used_time, revoked_time
FROM api_tokens WHERE token_id = @token_id;

-- name: ListTokens
SELECT token_id, name, owner, secret_hash, role, workspace, serving_deployment, creation_time, expiry_time, last_used_time, revoked_time
FROM api_tokens ORDER BY creation_time DESC, token_id DESC LIMIT @limit;

-- name: ListOwnerTokens
SELECT token_id, name, owner, secret_hash, role, workspace, serving_deployment, creation_time, expiry_time, last_used_time, revoked_time
FROM api_tokens WHERE owner = @owner ORDER BY creation_time DESC, token_id DESC LIMIT @limit;

-- name: RevokeToken
UPDATE api_tokens SET revoked_time = @now WHERE token_id = @token_id AND revoked_time IS NULL;

-- name: TouchToken
UPDATE api_tokens SET last_used_time = @last_used WHERE token_id = @token_id AND (last_used_time IS NULL OR last_used_time < @last_used);
