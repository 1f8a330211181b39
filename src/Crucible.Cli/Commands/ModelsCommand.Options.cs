using System.CommandLine;
using Crucible.Cli.Rendering;
using System.Text.Json;

namespace Crucible.Cli.Commands;

/// <summary>The flags every <c>crucible models</c> subcommand shares and the one place its failures become exit code 1.</summary>
internal sealed class ModelsOptions
{
    public Option<string> TrackingUri { get; } = new("--tracking-uri")
    {
        Description = "The tracking server's URI (default: $MLFLOW_TRACKING_URI, else http://127.0.0.1:5000).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MLFLOW_TRACKING_URI") is { Length: > 0 } uri ? uri.Trim() : "http://127.0.0.1:5000",
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Write the API's JSON to stdout instead of tables." };

    public Command Add(Command command)
    {
        command.Options.Add(TrackingUri);
        command.Options.Add(Json);
        return command;
    }

    public void SetAction(Command command, Func<ParseResult, ModelsHttp, Task<int>> action) =>
        command.SetAction((parse, cancellationToken) => RunAsync(parse, action, cancellationToken));

    private async Task<int> RunAsync(ParseResult parse, Func<ParseResult, ModelsHttp, Task<int>> action, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        var text = parse.GetValue(TrackingUri)!;
        if (!Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return await CliErrors.WriteAsync(error, $"invalid tracking URI '{text}': expected http://host:port or https://host:port.", CliErrors.Failed);
        }

        try
        {
            using var http = new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromMinutes(10) };
            return await action(parse, new ModelsHttp(http, parse.InvocationConfiguration.Output, parse.GetValue(Json), cancellationToken));
        }
        catch (Exception e) when (e is ModelsCommandException or HttpRequestException or JsonException or IOException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var message = e is HttpRequestException ? $"request to {uri} failed: {e.Message} Is `crucible server` running there?" : e.Message;
            return await CliErrors.WriteAsync(error, message, CliErrors.Failed);
        }
    }
}
