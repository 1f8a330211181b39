using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Crucible.Cli.Commands;

namespace Crucible.Cli.Demo;

/// <summary>
/// The demo's calls to the server it started: JSON in, JSON out, over the same send and error path as the
/// <c>models</c> commands (a failed call throws <see cref="ModelsCommandException"/> with the server's message).
/// </summary>
internal sealed class DemoHttp(ModelsHttp http)
{
    public const string Mlflow = ModelsHttp.Mlflow;
    public const string Native = ModelsHttp.Native;

    public async Task<JsonNode> GetAsync(string path) => Parse(await http.SendAsync(HttpMethod.Get, path, null));

    public Task<JsonNode> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body);

    public async Task<JsonNode> SendAsync(HttpMethod method, string path, JsonNode body)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return Parse(await http.SendAsync(method, path, content));
    }

    public async Task<JsonNode> PostBytesAsync(string path, byte[] bytes, string contentType)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return Parse(await http.SendAsync(HttpMethod.Post, path, content));
    }

    public async Task<byte[]> GetBytesAsync(string path) => await http.SendAsync(HttpMethod.Get, path, null);

    private static JsonNode Parse(byte[] body) =>
        body.Length == 0 ? new JsonObject() : JsonNode.Parse(body) ?? new JsonObject();
}
