using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Crucible.Bench;

/// <summary>A server under test on 127.0.0.1: a child process, killed (with its children) on dispose.</summary>
internal sealed class ServerHandle : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly Queue<string> _output;

    private ServerHandle(Uri address, Process process, Queue<string> output)
    {
        Address = address;
        _process = process;
        _output = output;
    }

    public Uri Address { get; }

    public string Description => $"pid {_process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>CPU time (user + system) the server process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts <c>dotnet dll args...</c> listening on <paramref name="port"/> and waits until <c>/health</c> answers.</summary>
    public static async Task<ServerHandle> StartProcessAsync(string dll, IEnumerable<string> arguments, int port)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var output = new Queue<string>();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}.");
        void Keep(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.Enqueue(e.Data);
                if (output.Count > 50)
                {
                    output.Dequeue();
                }
            }
        }

        process.OutputDataReceived += Keep;
        process.ErrorDataReceived += Keep;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var handle = new ServerHandle(new Uri($"http://127.0.0.1:{port}/"), process, output);
        try
        {
            await handle.WaitHealthyAsync().ConfigureAwait(false);
        }
        catch
        {
            await handle.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return handle;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}:{Environment.NewLine}{Output()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Address, "health")).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too slow to answer within the client's timeout on a loaded machine: ask again.
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException($"The server did not answer /health within {StartTimeout.TotalSeconds} s:{Environment.NewLine}{Output()}");
    }

    private string Output()
    {
        lock (_output)
        {
            return string.Join(Environment.NewLine, _output);
        }
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
