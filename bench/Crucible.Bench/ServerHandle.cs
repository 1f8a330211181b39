using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Crucible.Server;
using Crucible.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Crucible.Bench;

/// <summary>A server under test on 127.0.0.1: a child process (killed on dispose) or an in-process host.</summary>
internal sealed class ServerHandle : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process? _process;
    private readonly WebApplication? _app;
    private readonly Queue<string> _output;

    private ServerHandle(Uri address, Process? process, WebApplication? app, Queue<string> output)
    {
        Address = address;
        _process = process;
        _app = app;
        _output = output;
    }

    public Uri Address { get; }

    public string Description => _process is { } p ? $"pid {p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "in-process";

    /// <summary>CPU time (user + system) the server has used so far; in-process, the whole runner's.</summary>
    public TimeSpan CpuTime()
    {
        if (_process is { } process)
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }

        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
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
        var handle = new ServerHandle(new Uri($"http://127.0.0.1:{port}/"), process, null, output);
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

    public static async Task<ServerHandle> StartInProcessAsync(ServerOptions options)
    {
        var app = await CrucibleServer.CreateAsync(options with { Port = 0 }, b => b.Logging.SetMinimumLevel(LogLevel.Warning)).ConfigureAwait(false);
        await app.StartAsync().ConfigureAwait(false);
        return new ServerHandle(app.Address(), null, app, new Queue<string>());
    }

    public static async Task<ServerHandle> StartInProcessAsync(WebApplication app)
    {
        await app.StartAsync().ConfigureAwait(false);
        return new ServerHandle(app.Address(), null, app, new Queue<string>());
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync().ConfigureAwait(false);
            process.Dispose();
        }

        if (_app is { } app)
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < StartTimeout)
        {
            if (_process!.HasExited)
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
            catch (HttpRequestException)
            {
                // Not listening yet.
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
