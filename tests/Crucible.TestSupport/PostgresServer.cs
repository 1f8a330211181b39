using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Crucible.TestSupport;

/// <summary>
/// A real PostgreSQL server for tests. scripts/test.sh starts one and exports PG_ADMIN_CONN; without it
/// (a plain `dotnet test`), the first use starts a cluster with Debian's PostgreSQL 15 binaries in
/// /tmp/crucible-test-postgres, which later runs reuse while it answers. Each caller gets its own fresh database.
/// </summary>
public static class PostgresServer
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private static readonly string SharedRoot = Path.Combine(Path.GetTempPath(), "crucible-test-postgres");
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

        // One shared cluster for every plain `dotnet test` run, reused while it answers: test hosts are often
        // killed without running exit hooks, so a cluster per process would be leaked every time.
        Directory.CreateDirectory(SharedRoot);
        using var gate = Lock(Path.Combine(SharedRoot, "lock"));
        var portFile = Path.Combine(SharedRoot, "port");
        if (File.Exists(portFile) && int.TryParse(File.ReadAllText(portFile), out var known) && Answers(known))
        {
            return $"Host=127.0.0.1;Port={known};Username=postgres;Database=postgres";
        }

        var dir = Path.Combine(SharedRoot, "cluster");
        if (Directory.Exists(Path.Combine(dir, "data")))
        {
            Run("runuser", $"-u postgres -- {Bin}/pg_ctl -D {dir}/data -m immediate -w stop", check: false);
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        Run("chown", $"postgres:postgres {dir}");
        var port = FreePort();
        Run("runuser", $"-u postgres -- {Bin}/initdb -D {dir}/data -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync");
        Run("runuser", $"-u postgres -- {Bin}/pg_ctl -D {dir}/data -l {dir}/server.log -w -t 30 -o \"-c listen_addresses=127.0.0.1 -p {port} -k {dir} -c max_connections=300 -c fsync=off\" start");
        File.WriteAllText(portFile, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
    }

    /// <summary>An exclusive lock file shared by every test process (test projects run in parallel).</summary>
    private static FileStream Lock(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 600)
            {
                Thread.Sleep(100);
            }
        }
    }

    private static bool Answers(int port)
    {
        try
        {
            using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=3");
            connection.Open();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
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
