namespace Crucible.Storage.Relational;

/// <summary>Applies the dialect's numbered migrations that the database has not seen yet, each in its own transaction.</summary>
internal static class Migrator
{
    // Any constant works; it keeps two replicas that start at once from migrating the same database together.
    private const long AdvisoryLockKey = 0x4372756369626c65;

    public static async Task MigrateAsync(IDbExecutor executor, CancellationToken cancellationToken)
    {
        var statements = executor.Dialect.Statements;
        await executor.WriteAsync(
            async (c, t, ct) => await c.ExecuteAsync(t, statements["CreateMigrationsTable"], ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        foreach (var migration in statements.Migrations)
        {
            await executor.WriteAsync(
                async (c, t, ct) =>
                {
                    if (executor.Dialect is PostgresDialect)
                    {
                        await c.ExecuteAsync(t, "SELECT pg_advisory_xact_lock(@key)", ct, ("@key", AdvisoryLockKey)).ConfigureAwait(false);
                    }

                    var applied = await c.ScalarAsync(t, statements["MigrationApplied"], ct, ("@version", migration.Version)).ConfigureAwait(false);
                    if (applied is not null)
                    {
                        return 0;
                    }

                    await c.ExecuteAsync(t, migration.Sql, ct).ConfigureAwait(false);
                    return await c.ExecuteAsync(t, statements["RecordMigration"], ct, ("@version", migration.Version), ("@name", migration.Name)).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
    }
}
