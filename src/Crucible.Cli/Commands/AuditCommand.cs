using System.CommandLine;
using Crucible.Cli.Rendering;
using Crucible.Client;
using Crucible.Contracts.Audit;
using Crucible.Server.Audit;

namespace Crucible.Cli.Commands;

/// <summary><c>crucible audit list|export|verify</c>: the server's audit trail (admins only).</summary>
internal static class AuditCommand
{
    /// <summary>The exit code of <c>audit verify</c> when the chain is broken (1 stays "could not check").</summary>
    public const int Broken = 3;

    public static Command Create() => new("audit", "The audit trail: who changed what, when, from where, and the outcome.") { List(), Export(), Verify() };

    private sealed class Filters
    {
        public Option<string?> Actor { get; } = new("--actor") { Description = "Only this caller's entries." };

        public Option<string?> Action { get; } = new("--action") { Description = "Only actions starting with this text, e.g. \"POST /api/2.0/mlflow/runs\"." };

        public Option<string?> Since { get; } = new("--since") { Description = "From this time on: Unix ms or ISO 8601 (2026-01-31T12:00:00Z)." };

        public Option<string?> Until { get; } = new("--until") { Description = "Before this time: Unix ms or ISO 8601." };

        public Option<int?> Outcome { get; } = new("--outcome") { Description = "Only entries answered with this HTTP status (e.g. 403)." };

        public void AddTo(Command command)
        {
            command.Options.Add(Actor);
            command.Options.Add(Action);
            command.Options.Add(Since);
            command.Options.Add(Until);
            command.Options.Add(Outcome);
        }

        public AuditFilter Read(ParseResult parse) => new()
        {
            Actor = parse.GetValue(Actor),
            ActionPrefix = parse.GetValue(Action),
            Since = parse.GetValue(Since),
            Until = parse.GetValue(Until),
            Outcome = parse.GetValue(Outcome),
        };
    }

    private static Command List()
    {
        var options = new ClientOptions();
        var filters = new Filters();
        var after = new Option<long>("--after") { Description = "Only entries after this sequence number (paging)." };
        var max = new Option<int?>("--max") { Description = "At most this many (default 100, at most 1000)." };
        var command = new Command("list", "List audit entries, oldest first. With --json, writes {\"entries\": [...], \"next_after\": N}.") { after, max };
        filters.AddTo(command);
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            var page = await context.Client.ListAuditAsync(filters.Read(parse), parse.GetValue(after), parse.GetValue(max), context.CancellationToken);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, page, AuditJsonContext.Default.AuditListResponse);
            }
            else
            {
                AuditTables.Write(context.Console, page);
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Export()
    {
        var options = new ClientOptions();
        var filters = new Filters();
        var output = new Option<FileInfo>("--out", "-o") { Description = "The JSON-lines file to write (one entry a line).", Required = true };
        var command = new Command("export", "Export every matching audit entry as JSON lines, streamed to a file.") { output };
        filters.AddTo(command);
        command.Options.Add(options.TrackingUri);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            var file = parse.GetValue(output)!;
            var partial = file.FullName + ".partial";
            await using (var stream = File.Create(partial))
            {
                await context.Client.ExportAuditAsync(stream, filters.Read(parse), context.CancellationToken);
            }

            File.Move(partial, file.FullName, overwrite: true);
            await context.Output.WriteLineAsync($"Wrote {file.FullName} ({new FileInfo(file.FullName).Length} bytes).");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Verify()
    {
        var options = new ClientOptions();
        var backend = new Option<string?>("--backend-store-uri")
        {
            Description = "Check this store directly (sqlite:///path.db or postgresql://...) instead of asking a server. The store is opened as the server opens it (pending migrations are applied).",
        };
        var command = new Command("verify", $"Check the audit trail's hash chain. Exit code 0: intact; {Broken}: broken (the first bad sequence is printed); 1: could not check.") { backend };
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(backend) is { } uri)
            {
                AuditVerifyResponse result;
                try
                {
                    var v = await StoreAuditCheck.VerifyAsync(uri, cancellationToken);
                    result = new AuditVerifyResponse(v.Intact, v.EntriesChecked, v.FirstBadSequence, v.Problem, v.Head.Sequence, v.Head.Hash);
                }
                catch (Exception e) when (e is Core.Errors.CrucibleException or System.Data.Common.DbException or ArgumentException or IOException)
                {
                    return await CliErrors.WriteAsync(parse.InvocationConfiguration.Error, $"cannot verify {ServerOptionsRedact(uri)}: {e.Message}", CliErrors.Failed);
                }

                return await ReportAsync(parse.InvocationConfiguration.Output, parse.GetValue(options.Json), result);
            }

            return await options.RunAsync(
                parse,
                async context => await ReportAsync(context.Output, context.Json, await context.Client.VerifyAuditAsync(context.CancellationToken)),
                cancellationToken);
        });
        return command;
    }

    private static string ServerOptionsRedact(string uri) => Server.Hosting.ServerOptions.Redact(uri);

    private static async Task<int> ReportAsync(TextWriter output, bool json, AuditVerifyResponse result)
    {
        if (json)
        {
            await JsonOutput.WriteAsync(output, result, AuditJsonContext.Default.AuditVerifyResponse);
        }
        else if (result.Intact)
        {
            await output.WriteLineAsync($"Audit trail intact: {result.EntriesChecked} entries; head {result.HeadSequence} {result.HeadHash}");
        }
        else
        {
            await output.WriteLineAsync($"Audit trail BROKEN at sequence {result.FirstBadSequence}: {result.Problem} ({result.EntriesChecked} entries read)");
        }

        return result.Intact ? 0 : Broken;
    }
}
