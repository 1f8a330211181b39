using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Crucible.TestSupport;

/// <summary>
/// A real PostgreSQL server for tests. scripts/test.sh starts one and exports PG_ADMIN_CONN; without it
/// (a plain `dotnet test`), the first use starts a throwaway cluster with Debian's PostgreSQL 15 binaries,
/// stopped when the test process exits. Each caller gets its own fresh database.
/// </summary>
public static class PostgresServer
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private static readonly Lazy<string> AdminConnection = new(StartOrReuse, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Creates a new empty database and returns its Npgsql connection string.</summary>
    public static string CreateDatabase(string prefix = "t")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)].ToLowerInvariant();
        using (var connection = new NpgsqlConnection(AdminConnection.Value))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnection.Value) { Database = name, Pooling = true, MaxPoolSize = 40 }.ConnectionString;
    }

    /// <summary>The same database as a postgresql:// URI, as the CLI takes it.</summary>
    public static string ToUri(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgresql://{b.Username}@{b.Host}:{b.Port}/{b.Database}";
    }

    private static string StartOrReuse()
    {
        var existing = Environment.GetEnvironmentVariable("PG_ADMIN_CONN");
        if (!string.IsNullOrEmpty(existing))
        {
            return existing;
        }

        if (!File.Exists(Path.Combine(Bin, "initdb")))
        {
            throw new InvalidOperationException("PostgreSQL 15 is not installed; run scripts/test.sh, which installs and starts it.");
        }

        var dir = Directory.CreateTempSubdirectory("crucible-pg-").FullName;
        Run("chown", $"postgres:postgres {dir}");
        var port = FreePort();
        Run("runuser", $"-u postgres -- {Bin}/initdb -D {dir}/data -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync");
        Run("runuser", $"-u postgres -- {Bin}/pg_ctl -D {dir}/data -l {dir}/server.log -w -t 30 -o \"-c listen_addresses=127.0.0.1 -p {port} -k {dir} -c max_connections=300\" start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            Run("runuser", $"-u postgres -- {Bin}/pg_ctl -D {dir}/data -m immediate -w stop", check: false);
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, string arguments, bool check = true)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {stderr}");
        }
    }
}
