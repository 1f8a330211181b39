using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Crucible.Bench;

/// <summary>
/// <c>explain DB.db FILE.sql</c>: for each statement of FILE (separated by lines holding only <c>;</c>), prints
/// SQLite's EXPLAIN QUERY PLAN and the median of 5 executions, with the SQLite library the server itself uses
/// (the sqlite3 shell on the machine may be an older version that plans differently).
/// </summary>
internal static class Explain
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 2)
        {
            await Console.Error.WriteLineAsync("usage: Crucible.Bench explain STORE.db STATEMENTS.sql").ConfigureAwait(false);
            return 2;
        }

        var connectionString = new SqliteConnectionStringBuilder { DataSource = args[0], Mode = SqliteOpenMode.ReadOnly }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        Console.WriteLine($"SQLite {connection.ServerVersion}");
        var text = await File.ReadAllTextAsync(args[1]).ConfigureAwait(false);
        foreach (var statement in text.Split("\n;\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Console.WriteLine();
            Console.WriteLine(statement);
            await using (var plan = connection.CreateCommand())
            {
#pragma warning disable CA2100 // A benchmark tool running the caller's own SQL file.
                plan.CommandText = "EXPLAIN QUERY PLAN " + statement;
#pragma warning restore CA2100
                await using var reader = await plan.ExecuteReaderAsync().ConfigureAwait(false);
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    Console.WriteLine("  " + reader.GetString(3));
                }
            }

            var times = new List<double>();
            var rows = 0;
            for (var i = 0; i < 5; i++)
            {
                await using var run = connection.CreateCommand();
#pragma warning disable CA2100
                run.CommandText = statement;
#pragma warning restore CA2100
                var started = Stopwatch.GetTimestamp();
                await using var reader = await run.ExecuteReaderAsync().ConfigureAwait(false);
                rows = 0;
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    rows++;
                }

                times.Add(Samples.Since(started));
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  -> {rows} rows, median of 5: {times[2]:0.0} ms (min {times[0]:0.0})"));
        }

        return 0;
    }
}
