using System.CommandLine;
using Crucible.Cli.Rendering;
using Crucible.Client;

namespace Crucible.Cli.Commands;

/// <summary>
/// The flags every client command shares (<c>--tracking-uri</c>, <c>--json</c>) and the one place where a
/// client command's failures become a one-line message on stderr and exit code 1.
/// </summary>
internal sealed class ClientOptions
{
    public const string TrackingUriVariable = "MLFLOW_TRACKING_URI";
    public const string DefaultTrackingUri = "http://127.0.0.1:5000";

    /// <summary>Long enough for a dataset or model upload of a few gigabytes; a dead server still fails at once on connect.</summary>
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromMinutes(10);

    public Option<string> TrackingUri { get; } = new("--tracking-uri")
    {
        Description = $"The tracking server's URI (default: ${TrackingUriVariable}, else {DefaultTrackingUri}).",
        DefaultValueFactory = _ => ResolveTrackingUri(Environment.GetEnvironmentVariable(TrackingUriVariable)),
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Write machine-readable JSON to stdout instead of tables." };

    /// <summary>The URI used when <c>--tracking-uri</c> is absent: the environment variable's value when set, else the local default.</summary>
    public static string ResolveTrackingUri(string? fromEnvironment) =>
        string.IsNullOrWhiteSpace(fromEnvironment) ? DefaultTrackingUri : fromEnvironment.Trim();

    public void AddTo(Command command)
    {
        command.Options.Add(TrackingUri);
        command.Options.Add(Json);
    }

    /// <summary>Adds the shared flags to <paramref name="command"/> and returns it.</summary>
    public Command Add(Command command)
    {
        AddTo(command);
        return command;
    }

    /// <summary>Makes <paramref name="action"/> the command's action, run through <see cref="RunAsync"/>.</summary>
    public void SetAction(Command command, Func<ParseResult, ClientContext, Task<int>> action) =>
        command.SetAction((parse, cancellationToken) => RunAsync(parse, context => action(parse, context), cancellationToken));

    /// <summary>Runs <paramref name="action"/> with a client for the chosen server and turns every expected failure into exit code 1.</summary>
    public async Task<int> RunAsync(ParseResult parse, Func<ClientContext, Task<int>> action, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var text = parse.GetValue(TrackingUri) ?? DefaultTrackingUri;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return await CliErrors.WriteAsync(error, $"invalid tracking URI '{text}': expected http://host:port or https://host:port.", CliErrors.Failed);
        }

        try
        {
            using var http = new HttpClient { BaseAddress = uri, Timeout = TransferTimeout };
            http.DefaultRequestHeaders.Authorization = CrucibleCredentials.Resolve(uri)?.ToHeader();
            using var client = new CrucibleClient(http);
            var context = new ClientContext(client, output, parse.GetValue(Json), Consoles.For(output), cancellationToken);
            return await action(context);
        }
        catch (Exception e) when (ClientErrors.Describe(e, uri, cancellationToken) is { } message)
        {
            return await CliErrors.WriteAsync(error, message, CliErrors.Failed);
        }
    }
}
