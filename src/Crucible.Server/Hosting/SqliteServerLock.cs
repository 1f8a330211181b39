using System.Globalization;
using Crucible.Core.Errors;

namespace Crucible.Server.Hosting;

/// <summary>
/// SQLite serves one <c>crucible server</c> process: its background work (the pipeline scheduler and its start-up
/// recovery, the monitor loop) assumes no other server shares the file. The server holds an exclusive lock on
/// <c>DATABASE.server.lock</c> (an OS file lock, released when the process ends, even by kill -9) and refuses to start
/// while another process holds it, naming it from <c>DATABASE.server.owner</c> (the locked file itself cannot be read
/// on Unix while locked). Serving-only processes (<c>crucible serve</c>) take no lock.
/// </summary>
internal sealed class SqliteServerLock : IDisposable
{
    private readonly FileStream _file;

    private SqliteServerLock(FileStream file) => _file = file;

    /// <summary>The lock file of a SQLite database file.</summary>
    public static string LockPath(string databaseFile) => Path.GetFullPath(databaseFile) + ".server.lock";

    /// <summary>Takes the lock for <paramref name="databaseFile"/>; <c>InvalidState</c> naming the other process when it is held.</summary>
    public static SqliteServerLock Acquire(string databaseFile)
    {
        var path = LockPath(databaseFile);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        FileStream file;
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix and a share lock on Windows.
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var holder = ReadHolder(databaseFile);
            throw new CrucibleException(
                ErrorCode.InvalidState,
                $"Another crucible server process{holder} has the SQLite store {Path.GetFullPath(databaseFile)} open. SQLite serves one server process: "
                + "stop the other one, or run several replicas on PostgreSQL (--backend-store-uri postgresql://...; see docs/deploy.md). "
                + "crucible serve processes may share the file.");
        }

        File.WriteAllText(OwnerPath(databaseFile), string.Create(CultureInfo.InvariantCulture, $"pid {Environment.ProcessId} on {Environment.MachineName}"));
        return new SqliteServerLock(file);
    }

    public void Dispose() => _file.Dispose();

    private static string OwnerPath(string databaseFile) => Path.GetFullPath(databaseFile) + ".server.owner";

    private static string ReadHolder(string databaseFile)
    {
        try
        {
            var text = File.ReadAllText(OwnerPath(databaseFile)).Trim();
            return text.Length == 0 ? string.Empty : $" ({text})";
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
