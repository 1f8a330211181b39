using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Crucible.Cli.Rendering;
using Crucible.Client;
using System.Text.RegularExpressions;
using Crucible.Tabular;

namespace Crucible.Cli.Commands;

/// <summary>
/// Lets <c>crucible drift</c> and <c>crucible data profile|check|scan-pii</c> take a registered dataset,
/// <c>NAME@VERSION</c>, wherever they take a file: the version's
/// file is downloaded from the server (whose SHA-256 check runs on the way out) into a temporary file that is
/// deleted afterwards. An existing local path always wins over the dataset reading.
/// </summary>
internal sealed partial class RegisteredDatasetFiles : IAsyncDisposable
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
        var (name, version) = (match.Groups["name"].Value, long.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture));
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(30) };
        using var client = new CrucibleClient(http);
        try
        {
            var described = await client.GetDatasetVersionAsync(name, version, cancellationToken);
            var local = Path.Combine(Path.GetTempPath(), $"crucible-dataset-{name}-{version}-{Guid.NewGuid():N}.{TabularFormats.Name(TabularFormats.Parse(described.Format) ?? TabularFormat.Csv)}");
            _downloaded.Add(local);
            await using var target = File.Create(local);
            await client.DownloadDatasetVersionAsync(name, version, target, cancellationToken);
            return local;
        }
        catch (CrucibleApiException e)
        {
            throw new ArgumentException($"dataset {name}@{version}: {e.Message} (HTTP {(int)e.StatusCode} from {server})", e);
        }
    }

    /// <summary>The <c>--tracking-uri</c> of commands that read registered datasets.</summary>
    public static Option<string> ServerOption()
    {
        var option = new ClientOptions().TrackingUri;
        option.Description = $"The server holding NAME@VERSION datasets (default: ${ClientOptions.TrackingUriVariable}, else {ClientOptions.DefaultTrackingUri}).";
        return option;
    }

    /// <summary>
    /// Resolves each of <paramref name="values"/> (files or <c>NAME@VERSION</c>) to a local file, runs
    /// <paramref name="body"/> with them and deletes what was downloaded. A dataset that cannot be fetched is bad input:
    /// its message on <paramref name="error"/> and <paramref name="badInput"/>.
    /// </summary>
    public static async Task<int> RunAsync(
        ParseResult parse, Option<string> server, string?[] values, TextWriter error, int badInput, Func<string?[], int> body, CancellationToken cancellationToken)
    {
        await using var files = new RegisteredDatasetFiles();
        var resolved = new string?[values.Length];
        try
        {
            var uri = new Uri(parse.GetValue(server) ?? ClientOptions.DefaultTrackingUri);
            for (var i = 0; i < values.Length; i++)
            {
                resolved[i] = await files.ResolveAsync(values[i], uri, cancellationToken);
            }
        }
        catch (Exception e) when (e is ArgumentException or UriFormatException or HttpRequestException or JsonException or InvalidDataException or IOException)
        {
            return await CliErrors.WriteAsync(error, e.Message, badInput);
        }

        return body(resolved);
    }

    public ValueTask DisposeAsync()
    {
        foreach (var path in _downloaded)
        {
            File.Delete(path);
        }

        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9][A-Za-z0-9._-]*)@(?<version>[0-9]+)$")]
    private static partial Regex Reference();
}
