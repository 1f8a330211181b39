using System.Text.Json;
using Crucible.Cli.Rendering;
using Crucible.Client;

namespace Crucible.Cli.Commands;

/// <summary>One-line messages for the failures a client command expects; anything else is a bug and propagates.</summary>
internal static class ClientErrors
{
    /// <summary>The message for <paramref name="exception"/>, or null when it is not an expected failure.</summary>
    public static string? Describe(Exception exception, Uri server, CancellationToken cancellationToken) => exception switch
    {
        CrucibleApiException e => $"{e.ErrorCode}: {OneLine(e.Message)} (HTTP {(int)e.StatusCode})",
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } e =>
            $"cannot connect to {server}: {Sentence(e.Message)} Is `crucible server` running at {server}?",
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } e =>
            $"cannot resolve the host of {server}: {Sentence(e.Message)} Check --tracking-uri or ${ClientOptions.TrackingUriVariable}.",
        HttpRequestException e => $"request to {server} failed: {OneLine(e.Message)}",
        TaskCanceledException when !cancellationToken.IsCancellationRequested => $"the request to {server} timed out.",
        JsonException or InvalidDataException => $"unexpected answer from {server}: {Sentence(exception.Message)} Is it an MLflow-compatible tracking server?",
        CommandFailedException or IOException => OneLine(exception.Message),
        _ => null,
    };

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    /// <summary>The text on one line, ending with a full stop so a following hint reads as its own sentence.</summary>
    private static string Sentence(string text)
    {
        var line = OneLine(text);
        return line.Length == 0 || line[^1] is '.' or '!' or '?' ? line : line + ".";
    }
}
