using System.Data.Common;
using Crucible.Core.Errors;

namespace Crucible.Storage.Relational;

/// <summary>What differs between the engines: statement text, case-insensitive matching, and error translation.</summary>
internal abstract class SqlDialect
{
    protected SqlDialect(string name)
    {
        Name = name;
        Statements = SqlStatements.Load(name);
    }

    public string Name { get; }

    public SqlStatements Statements { get; }

    /// <summary>A case-insensitive LIKE of <paramref name="column"/> against the parameter <paramref name="parameter"/>.</summary>
    public abstract string ILike(string column, string parameter);

    /// <summary>Turns an engine error into a domain error, or returns null to let it propagate unchanged.</summary>
    public abstract CrucibleException? Translate(DbException exception);

    /// <summary>True for errors that a retry of the whole transaction may fix (serialization failures, deadlocks).</summary>
    public abstract bool IsTransient(DbException exception);
}

internal sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    private SqliteDialect()
        : base("sqlite")
    {
    }

    public override string ILike(string column, string parameter) => $"lower({column}) LIKE lower({parameter})";

    public override CrucibleException? Translate(DbException exception) => exception switch
    {
        Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 } =>
            CrucibleException.AlreadyExists($"Resource already exists: {exception.Message}"),
        Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 787 } =>
            CrucibleException.NotFound("The request refers to a resource that does not exist (or was deleted meanwhile)."),
        _ => null,
    };

    public override bool IsTransient(DbException exception) => false;
}

internal sealed class PostgresDialect : SqlDialect
{
    public static readonly PostgresDialect Instance = new();

    private PostgresDialect()
        : base("postgres")
    {
    }

    public override string ILike(string column, string parameter) => $"{column} ILIKE {parameter}";

    public override CrucibleException? Translate(DbException exception) => exception switch
    {
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } pg =>
            CrucibleException.AlreadyExists($"Resource already exists: {pg.MessageText} ({pg.ConstraintName})"),
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.ForeignKeyViolation } =>
            CrucibleException.NotFound("The request refers to a resource that does not exist (or was deleted meanwhile)."),
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.SerializationFailure or Npgsql.PostgresErrorCodes.DeadlockDetected } =>
            new CrucibleException(ErrorCode.TemporarilyUnavailable, "The database was busy with conflicting writes; retry the request."),
        _ => null,
    };

    public override bool IsTransient(DbException exception) =>
        exception is Npgsql.PostgresException
        {
            SqlState: Npgsql.PostgresErrorCodes.SerializationFailure or Npgsql.PostgresErrorCodes.DeadlockDetected,
        };
}
