using Crucible.Core.Errors;
using Npgsql;

namespace Crucible.Storage;

/// <summary>Parses backend store URIs the way MLflow (SQLAlchemy) writes them.</summary>
internal abstract record StoreUri
{
    public static StoreUri Parse(string uri)
    {
        if (uri.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            // sqlite:///relative/path.db and sqlite:////absolute/path.db, as SQLAlchemy reads them.
            var rest = uri["sqlite:".Length..];
            if (!rest.StartsWith("///", StringComparison.Ordinal) || rest.Length == 3)
            {
                throw CrucibleException.Invalid($"Invalid SQLite URI '{uri}': expected sqlite:///relative.db or sqlite:////absolute.db.");
            }

            return new Sqlite(rest[3..]);
        }

        if (uri.StartsWith("postgresql", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            return new Postgres(ToConnectionString(uri));
        }

        if (uri.StartsWith("Host=", StringComparison.OrdinalIgnoreCase))
        {
            return new Postgres(uri);
        }

        if (uri.Contains("://", StringComparison.Ordinal))
        {
            throw CrucibleException.Invalid($"Unsupported backend store URI '{uri}': use sqlite:///path.db or postgresql://user@host/db.");
        }

        return new Sqlite(uri);
    }

    private static string ToConnectionString(string uri)
    {
        // postgresql+psycopg2://... is accepted too: the driver suffix means nothing to Npgsql.
        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0 || !Uri.TryCreate("postgresql" + uri[schemeEnd..], UriKind.Absolute, out var parsed))
        {
            throw CrucibleException.Invalid($"Invalid PostgreSQL URI '{uri}'.");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = parsed.Host,
            Port = parsed.IsDefaultPort || parsed.Port <= 0 ? 5432 : parsed.Port,
            Database = Uri.UnescapeDataString(parsed.AbsolutePath.TrimStart('/')),
        };
        var user = parsed.UserInfo.Split(':', 2);
        if (user[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(user[0]);
        }

        if (user.Length > 1)
        {
            builder.Password = Uri.UnescapeDataString(user[1]);
        }

        foreach (var pair in parsed.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            if (kv[0] == "sslmode" && kv.Length == 2 && Enum.TryParse<SslMode>(kv[1].Replace("-", string.Empty, StringComparison.Ordinal), true, out var mode))
            {
                builder.SslMode = mode;
            }
        }

        return builder.ConnectionString;
    }

    public sealed record Sqlite(string Path) : StoreUri;

    public sealed record Postgres(string ConnectionString) : StoreUri;
}
