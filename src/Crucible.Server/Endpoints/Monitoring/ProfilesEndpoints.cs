using System.Net.Http.Headers;
using Crucible.Contracts.Monitoring;
using Crucible.Core.Errors;
using Crucible.Core.Serving;
using Crucible.Stats.Profiles;
using Crucible.Monitoring.Readers;
using Crucible.Monitoring.Windows;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Endpoints.Serving;
using Crucible.Tabular;

namespace Crucible.Server.Endpoints.Monitoring;

/// <summary>
/// A deployment's stored window profiles (issue 7). <c>POST /api/crucible/v1/deployments/{name}/profiles?window_start_ms=&amp;window_ms=&amp;model_version=&amp;replica=</c>
/// adds a batch to a window as the given replica's partial: a CSV (<c>text/csv</c>) or JSON Lines
/// (<c>application/jsonl</c>, <c>application/x-ndjson</c>) body is profiled here, an <c>application/octet-stream</c>
/// body is a binary profile blob. <c>GET ...?start_ms=&amp;end_ms=</c> lists the stored windows with their rows,
/// replicas and unreadable partials. Errors are ProblemDetails.
/// </summary>
internal static class ProfilesEndpoints
{
    /// <summary>Largest upload body.</summary>
    public const long MaxBodyBytes = 64L * 1024 * 1024;

    /// <summary>
    /// Columns an uploaded batch or blob may have. A batch with more is refused (400, before it is profiled: a CSV's
    /// header decides), so an upload's cost and its stored partial stay bounded.
    /// </summary>
    public const int MaxColumns = 1_024;

    /// <summary>Windows one listing returns at most.</summary>
    public const int MaxListedWindows = 2_000;

    private const int MaxLabelLength = 200;

    private static readonly long LatestMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    private static MonitoringJsonContext Json => MonitoringJsonContext.Default;

    public static void MapProfiles(this IEndpointRouteBuilder app)
    {
        app.MapPost("deployments/{name}/profiles", UploadAsync).WithAnyBody().Native("UploadProfile", "Upload a window profile of a deployment's traffic");
        app.MapGet("deployments/{name}/profiles", ListAsync).Native("ListProfiles", "List a deployment's stored window profiles");
    }

    private static async Task<JsonOk<ProfileUploadResponse>> UploadAsync(HttpContext http, IDeploymentStore deployments, ProfileStore profiles, string name)
    {
        var query = http.Request.Query;
        long start = Millis(query, "window_start_ms") ?? throw CrucibleException.Invalid("Missing value for required parameter 'window_start_ms'.");
        long window = DeploymentsEndpoints.Long(query, "window_ms") ?? WindowKey.DefaultLength.Ticks / TimeSpan.TicksPerMillisecond;
        if (window <= 0 || window > 366L * 24 * 3_600_000)
        {
            throw CrucibleException.Invalid($"Invalid value '{window}' for 'window_ms': expected a positive number of milliseconds up to a year.");
        }

        if (start % window != 0)
        {
            throw CrucibleException.Invalid($"'window_start_ms' ({start}) must be a multiple of 'window_ms' ({window}): windows are aligned to the Unix epoch.");
        }

        string version = Label(query, "model_version") ?? "unversioned";
        string replica = Label(query, "replica") ?? "upload";
        string kind = BodyKind(http.Request.ContentType);
        await deployments.GetDeploymentAsync(name, http.RequestAborted);

        DatasetProfile profile;
        using (var body = new TempBody(kind))
        {
            await body.CopyAsync(http.Request, http.RequestAborted);
            profile = kind == "blob" ? Decode(body.Path) : await Task.Run(() => ProfileFile(body.Path), http.RequestAborted);
        }

        var key = new WindowKey(name, version, DateTimeOffset.FromUnixTimeMilliseconds(start), replica) { Length = TimeSpan.FromMilliseconds(window) };
        await profiles.SavePartialAsync(key, profile, http.RequestAborted);
        var stored = await profiles.LoadRangeAsync(name, key.WindowStart, key.WindowStart.AddMilliseconds(1), cancellationToken: http.RequestAborted);
        var dto = stored.Select(ToDto).First(w => w.ModelVersion == version && w.WindowMs == window);
        return JsonOk.Of(new ProfileUploadResponse(profile.RowCount, dto), Json.ProfileUploadResponse);
    }

    private static async Task<JsonOk<ProfileWindowsResponse>> ListAsync(HttpContext http, IDeploymentStore deployments, ProfileStore profiles, string name)
    {
        var query = http.Request.Query;
        long start = Millis(query, "start_ms") ?? 0;
        long end = Millis(query, "end_ms") ?? LatestMs;
        if (end <= start)
        {
            throw CrucibleException.Invalid($"The range is empty: 'end_ms' ({end}) must be after 'start_ms' ({start}).");
        }

        await deployments.GetDeploymentAsync(name, http.RequestAborted);
        var windows = await profiles.LoadRangeAsync(
            name, DateTimeOffset.FromUnixTimeMilliseconds(start), DateTimeOffset.FromUnixTimeMilliseconds(end), cancellationToken: http.RequestAborted);
        var dtos = windows.Take(MaxListedWindows).Select(ToDto).ToList();
        bool truncated = windows.Count > MaxListedWindows || windows.Sum(w => w.Replicas.Count) >= Crucible.Core.Monitoring.IProfilePartialStore.DefaultMaxPartials;
        return JsonOk.Of(new ProfileWindowsResponse(dtos, truncated), Json.ProfileWindowsResponse);
    }

    private static ProfileWindowDto ToDto(StoredWindow w) => new(
        w.Merged.Window.ModelVersion,
        w.Merged.Window.WindowStart.ToUnixTimeMilliseconds(),
        (long)w.Merged.Window.Length.TotalMilliseconds,
        w.Rows,
        w.Replicas,
        w.Merged.Problems,
        w.UpdatedTimeMs);

    private static long? Millis(IQueryCollection query, string key) =>
        DeploymentsEndpoints.Long(query, key) is not { } value ? null
        : value >= 0 && value <= LatestMs ? value
        : throw CrucibleException.Invalid($"Invalid value '{value}' for '{key}': expected Unix milliseconds between 0 and {LatestMs}.");

    private static string? Label(IQueryCollection query, string key)
    {
        string? text = query[key].FirstOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return text.Length <= MaxLabelLength && !text.Any(char.IsControl)
            ? text
            : throw CrucibleException.Invalid($"Invalid value for '{key}': expected at most {MaxLabelLength} printable characters.");
    }

    /// <summary>"blob", "csv", "jsonl" or "parquet" from the content type (the file extension TabularFile reads the format from).</summary>
    private static string BodyKind(string? contentType)
    {
        string media = contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType ?? string.Empty : string.Empty;
        return media.ToUpperInvariant() switch
        {
            "APPLICATION/OCTET-STREAM" => "blob",
            "TEXT/CSV" => "csv",
            "APPLICATION/JSONL" or "APPLICATION/X-NDJSON" or "APPLICATION/JSON-LINES" => "jsonl",
            "APPLICATION/VND.APACHE.PARQUET" or "APPLICATION/X-PARQUET" => "parquet",
            _ => throw CrucibleException.Invalid(
                $"Content type must be text/csv, application/jsonl (or application/x-ndjson), application/vnd.apache.parquet or application/octet-stream (a profile blob); got '{contentType ?? "none"}'."),
        };
    }

    private static DatasetProfile Decode(string path)
    {
        var blob = File.ReadAllBytes(path);
        if (!PartialBlobs.TryDecode(blob, out DatasetProfile? profile, out string? problem))
        {
            throw CrucibleException.Invalid($"The body is not a readable profile blob: {problem}");
        }

        return profile.Columns.Count <= MaxColumns ? profile : throw TooManyColumns(profile.Columns.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static CrucibleException TooManyColumns(string found) => CrucibleException.Invalid(
        $"The upload has {found} columns; profile uploads are limited to {MaxColumns} columns. Upload fewer columns per batch, or summarise wide data first.");

    private static DatasetProfile ProfileFile(string path)
    {
        try
        {
            int columns = TabularFile.CountColumns(path, MaxColumns);
            if (columns > MaxColumns)
            {
                throw TooManyColumns(FormattableString.Invariant($"at least {columns}"));
            }

            return TabularFile.Profile(path);
        }
        catch (TabularDataException e)
        {
            throw CrucibleException.Invalid($"The uploaded batch could not be profiled: {e.Message}");
        }
    }

    /// <summary>The request body in a temporary file (bounded by <see cref="MaxBodyBytes"/>), deleted on dispose.</summary>
    private sealed class TempBody(string extension) : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"crucible-profile-{Guid.NewGuid():N}.{extension}");

        public async Task CopyAsync(HttpRequest request, CancellationToken cancellationToken)
        {
            if (request.ContentLength > MaxBodyBytes)
            {
                throw new CrucibleException(ErrorCode.PayloadTooLarge, $"Request body of {request.ContentLength} bytes exceeds the limit of {MaxBodyBytes} bytes.");
            }

            long total = 0;
            await using (var file = new FileStream(Path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > MaxBodyBytes)
                    {
                        throw new CrucibleException(ErrorCode.PayloadTooLarge, $"Request body exceeds the limit of {MaxBodyBytes} bytes.");
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            if (total == 0)
            {
                throw CrucibleException.Invalid("The request body is empty: send a CSV or JSON Lines batch, or a profile blob.");
            }
        }

        public void Dispose()
        {
            try
            {
                File.Delete(Path);
            }
            catch (IOException)
            {
                // A leftover temp file is harmless.
            }
        }
    }
}
