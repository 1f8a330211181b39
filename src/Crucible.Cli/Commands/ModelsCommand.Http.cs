using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Crucible.Contracts.Mlflow;
using Spectre.Console;

namespace Crucible.Cli.Commands;

/// <summary>
/// What a <c>crucible models</c> command works with: an HTTP client for the registry (MLflow's API and Crucible's
/// native one), the output writer, and <c>--json</c>. Server errors become <see cref="ModelsCommandException"/>.
/// </summary>
internal sealed class ModelsHttp(HttpClient http, TextWriter output, bool json, CancellationToken cancellationToken)
{
    public const string Mlflow = "api/2.0/mlflow/";
    public const string Native = "api/crucible/v1/";

    public TextWriter Output => output;

    public bool Json => json;

    public CancellationToken CancellationToken => cancellationToken;

    public static MlflowJsonContext Contracts => MlflowJsonContext.Wire;

    public IAnsiConsole Console()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        return console;
    }

    public async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> info) => Parse(await SendAsync(HttpMethod.Get, path, null), info);

    public async Task<T> SendAsync<TBody, T>(HttpMethod method, string path, TBody body, JsonTypeInfo<TBody> bodyInfo, JsonTypeInfo<T> info)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body, bodyInfo), Encoding.UTF8, "application/json");
        return Parse(await SendAsync(method, path, content), info);
    }

    public async Task<T> PostBytesAsync<T>(string path, byte[] bytes, JsonTypeInfo<T> info)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return Parse(await SendAsync(HttpMethod.Post, path, content), info);
    }

    /// <summary>The raw body of a successful response.</summary>
    public async Task<byte[]> SendAsync(HttpMethod method, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new ModelsCommandException($"{Describe(body)} (HTTP {(int)response.StatusCode})");
        }

        return body;
    }

    /// <summary>Streams a successful GET's body into <paramref name="target"/> without holding it in memory.</summary>
    public async Task DownloadAsync(string path, Stream target)
    {
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new ModelsCommandException($"{Describe(await response.Content.ReadAsByteArrayAsync(cancellationToken))} (HTTP {(int)response.StatusCode})");
        }

        await response.Content.CopyToAsync(target, cancellationToken);
    }

    /// <summary>Writes a response as JSON in its wire shape.</summary>
    public async Task WriteJsonAsync<T>(T value, JsonTypeInfo<T> info)
    {
        await output.WriteLineAsync(JsonSerializer.Serialize(value, info));
        await output.FlushAsync(cancellationToken);
    }

    public static string Query(string value) => Uri.EscapeDataString(value);

    private static T Parse<T>(byte[] body, JsonTypeInfo<T> info) =>
        JsonSerializer.Deserialize(body, info) ?? throw new ModelsCommandException("the server answered an empty body.");

    /// <summary>MLflow's <c>{error_code, message}</c> or a ProblemDetails <c>{errorCode, detail}</c>, as one line.</summary>
    private static string Describe(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            string? Field(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            var code = Field("error_code") ?? Field("errorCode") ?? "ERROR";
            var message = Field("message") ?? Field("detail") ?? string.Empty;
            return $"{code}: {message.ReplaceLineEndings(" ")}";
        }
        catch (JsonException)
        {
            return "the server answered with an error that is not JSON";
        }
    }
}

/// <summary>A failure a <c>crucible models</c> command reports as one line on stderr with exit code 1.</summary>
internal sealed class ModelsCommandException(string message) : Exception(message);
