-- name: CreateMigrationsTable
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER NOT NULL PRIMARY KEY,
    name    TEXT    NOT NULL
);

-- name: MigrationApplied
SELECT version FROM schema_migrations WHERE version = @version;

-- name: RecordMigration
INSERT INTO schema_migrations (version, name) VALUES (@version, @name);
