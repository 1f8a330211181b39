using System.Text.Json;
using System.Text.RegularExpressions;

namespace Crucible.Cli.Commands;

/// <summary>
/// Lets <c>crucible drift</c> take a registered dataset, <c>NAME@VERSION</c>, wherever it takes a file: the version's
/// file is downloaded from the server (whose SHA-256 check runs on the way out) into a temporary file that is
/// deleted afterwards. An existing local path always wins over the dataset reading.
/// </summary>
internal sealed partial class DriftDatasets : IAsyncDisposable
{
    private readonly List<string> _downloaded = [];

    public static bool IsReference(string? value) => value is not null && !File.Exists(value) && Reference().IsMatch(value);

    /// <summary>The local file for <paramref name="value"/>: the path itself, or the downloaded dataset version.</summary>
    public async Task<string?> ResolveAsync(string? value, Uri server, CancellationToken cancellationToken)
    {
        if (!IsReference(value))
        {
            return value;
        }

        var match = Reference().Match(value!);
        var (name, version) = (match.Groups["name"].Value, match.Groups["version"].Value);
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(30) };
        var path = $"api/crucible/v1/datasets/{Uri.EscapeDataString(name)}/versions/{version}";
        using var described = await http.GetAsync(path, cancellationToken);
        var body = await described.Content.ReadAsStringAsync(cancellationToken);
        if (!described.IsSuccessStatusCode)
        {
            throw new ArgumentException($"dataset {name}@{version}: {ServerMessage(body)} (HTTP {(int)described.StatusCode} from {server})");
        }

        using var document = JsonDocument.Parse(body);
        var format = document.RootElement.TryGetProperty("format", out var f) && f.GetString() == "jsonl" ? "jsonl" : "csv";
        var local = Path.Combine(Path.GetTempPath(), $"crucible-drift-{name}-{version}-{Guid.NewGuid():N}.{format}");
        _downloaded.Add(local);
        using var file = await http.GetAsync(path + "/file", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!file.IsSuccessStatusCode)
        {
            throw new ArgumentException($"dataset {name}@{version}: {ServerMessage(await file.Content.ReadAsStringAsync(cancellationToken))} (HTTP {(int)file.StatusCode})");
        }

        await using (var target = File.Create(local))
        {
            await file.Content.CopyToAsync(target, cancellationToken);
        }

        return local;
    }

    public ValueTask DisposeAsync()
    {
        foreach (var path in _downloaded)
        {
            File.Delete(path);
        }

        return ValueTask.CompletedTask;
    }

    private static string ServerMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.TryGetProperty("detail", out var detail) ? detail.GetString() ?? body
                : root.TryGetProperty("message", out var message) ? message.GetString() ?? body
                : body;
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9][A-Za-z0-9._-]*)@(?<version>[0-9]+)$")]
    private static partial Regex Reference();
}
