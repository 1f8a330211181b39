using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Crucible.Artifacts.S3;

namespace Crucible.Storage.Tests.Artifacts;

/// <summary>
/// A real S3-compatible server for the S3 tests: the one named by <c>S3_URL</c> (started by scripts/test.sh), or
/// else a moto_server this fixture starts on a free port and stops on dispose. Creates one unique bucket.
/// </summary>
public sealed class MotoServerFixture : IAsyncLifetime
{
    private Process? _moto;
    private AmazonS3Client? _client;

    public Uri Endpoint { get; private set; } = null!;

    public string Bucket { get; } = "crucible-test-" + Guid.NewGuid().ToString("N")[..12];

    public IAmazonS3 Client => _client ?? throw new InvalidOperationException("Not initialized.");

    public S3ArtifactStoreOptions Options(string bucket, string prefix = "") => new()
    {
        Bucket = bucket,
        Prefix = prefix,
        EndpointUrl = Endpoint,
        AccessKeyId = "test",
        SecretAccessKey = "test",
    };

    public async Task InitializeAsync()
    {
        var url = Environment.GetEnvironmentVariable("S3_URL");
        if (string.IsNullOrEmpty(url))
        {
            url = await StartMotoAsync();
        }

        Endpoint = new Uri(url);
        _client = new AmazonS3Client(new BasicAWSCredentials("test", "test"), new AmazonS3Config
        {
            ServiceURL = url,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
        await Client.PutBucketAsync(Bucket);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_moto is not null)
        {
            _moto.Kill(entireProcessTree: true);
            await _moto.WaitForExitAsync();
            _moto.Dispose();
        }
    }

    private async Task<string> StartMotoAsync()
    {
        var shims = Path.Combine(Environment.GetEnvironmentVariable("PYENV_ROOT")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pyenv"), "shims");
        var executable = File.Exists(Path.Combine(shims, "moto_server")) ? Path.Combine(shims, "moto_server") : "moto_server";
        var port = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PATH"] = shims + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        _moto = Process.Start(start) ?? throw new InvalidOperationException("moto_server did not start.");
        _moto.OutputDataReceived += (_, _) => { };
        _moto.ErrorDataReceived += (_, _) => { };
        _moto.BeginOutputReadLine();
        _moto.BeginErrorReadLine();

        var url = $"http://127.0.0.1:{port}";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (_moto.HasExited)
            {
                throw new InvalidOperationException($"moto_server exited with code {_moto.ExitCode}; is moto installed in the pyenv Python?");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(url + "/"));
                return url;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"moto_server did not answer on {url} within 30 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
