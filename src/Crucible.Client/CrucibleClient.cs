namespace Crucible.Client;

/// <summary>
/// A typed client for a tracking server that speaks MLflow's REST API (<c>crucible server</c> or MLflow's own).
/// One method per endpoint; search and metric history also come as helpers that follow every page.
/// A non-success answer throws <see cref="CrucibleApiException"/>; a transport failure throws
/// <see cref="HttpRequestException"/> as <see cref="HttpClient"/> does.
/// </summary>
/// <remarks>Thread-safe when the <see cref="HttpClient"/> is: every call is independent.</remarks>
public sealed partial class CrucibleClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly TimeProvider _time;

    /// <summary>A client with its own <see cref="HttpClient"/> for the server at <paramref name="trackingUri"/> (e.g. <c>http://127.0.0.1:5000</c>).</summary>
    /// <param name="trackingUri">An absolute http or https URI; a path prefix is kept.</param>
    /// <param name="timeProvider">The clock that timestamps metrics logged without one (the system clock by default).</param>
    /// <remarks>Requests time out after <see cref="HttpClient"/>'s default 100 s; for large artifact transfers pass your own <see cref="HttpClient"/> with a longer <see cref="HttpClient.Timeout"/>.</remarks>
    /// <remarks>Credentials are found by <see cref="CrucibleCredentials.Resolve"/> (environment, credentials file, a local server's admin token file).</remarks>
    public CrucibleClient(Uri trackingUri, TimeProvider? timeProvider = null)
        : this(trackingUri, CrucibleCredentials.Resolve(trackingUri), timeProvider)
    {
    }

    /// <summary>A client with its own <see cref="HttpClient"/> that sends <paramref name="credentials"/> (none when null) on every request.</summary>
    public CrucibleClient(Uri trackingUri, CrucibleCredentials? credentials, TimeProvider? timeProvider = null)
        : this(WithCredentials(new HttpClient(), credentials), Root(trackingUri), ownsHttp: true, timeProvider)
    {
    }

    /// <summary>A client over a caller-owned <see cref="HttpClient"/>, whose <see cref="HttpClient.BaseAddress"/> is the tracking URI. It is not disposed with this client.</summary>
    public CrucibleClient(HttpClient httpClient, TimeProvider? timeProvider = null)
        : this(httpClient, Root(httpClient?.BaseAddress ?? throw new ArgumentException("The HttpClient needs a BaseAddress: the tracking server's URI.", nameof(httpClient))), ownsHttp: false, timeProvider)
    {
    }

    private CrucibleClient(HttpClient http, Uri root, bool ownsHttp, TimeProvider? timeProvider)
    {
        _http = http;
        _ownsHttp = ownsHttp;
        _time = timeProvider ?? TimeProvider.System;
        TrackingUri = root;
    }

    /// <summary>The server's base URI, always ending with a slash.</summary>
    public Uri TrackingUri { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static HttpClient WithCredentials(HttpClient http, CrucibleCredentials? credentials)
    {
        http.DefaultRequestHeaders.Authorization = credentials?.ToHeader();
        return http;
    }

    private static Uri Root(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The tracking URI must be an absolute http or https URI, not '{uri}'.", nameof(uri));
        }

        var text = uri.GetLeftPart(UriPartial.Path);
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }
}
