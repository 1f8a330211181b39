using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Crucible.Server.Serving.Grpc.Wire;
using Google.Protobuf;
using Grpc.Net.Client;

namespace Crucible.Bench;

/// <summary>
/// <c>grpc-load --target grpc-typed|grpc-raw|rest-json --url URL --deployment NAME [--rows N] [--seconds S]
/// [--concurrency C]</c> (issue 17, item 3; bench/serving/grpc.sh runs it): C concurrent callers send the same
/// inference request to the serving benchmark's MLP (input float[batch,32]) for S seconds after a 2 s warm-up, over
/// gRPC (one HTTP/2 connection, typed <c>fp32_contents</c> or <c>raw_input_contents</c>) or OIP REST JSON (HTTP/1.1,
/// one connection per caller), the one client for both so the protocols are compared by the same harness. Prints one
/// <c>LOAD_RESULT</c> line: requests, req/s, p50/p99 in µs, request bytes, errors.
/// </summary>
internal static class GrpcLoad
{
    public const string Command = "grpc-load";
    private const int Features = 32;

    public static async Task<int> RunAsync(string[] args)
    {
        var target = Option(args, "--target", "grpc-raw");
        var url = new Uri(Option(args, "--url", "http://127.0.0.1:8081"));
        var deployment = Option(args, "--deployment", "mlp-direct");
        var rows = int.Parse(Option(args, "--rows", "1"), CultureInfo.InvariantCulture);
        var seconds = double.Parse(Option(args, "--seconds", "5"), CultureInfo.InvariantCulture);
        var concurrency = int.Parse(Option(args, "--concurrency", "64"), CultureInfo.InvariantCulture);
        var data = new float[rows * Features];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)Math.Sin(i * 0.37);
        }

        Func<CancellationToken, Task> call;
        long requestBytes;
        using var channel = GrpcChannel.ForAddress(url, new GrpcChannelOptions { MaxReceiveMessageSize = 64 << 20, MaxSendMessageSize = 64 << 20 });
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = url };
        if (target.StartsWith("grpc", StringComparison.Ordinal))
        {
            var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
            var request = new ModelInferRequest { ModelName = deployment };
            var input = new ModelInferRequest.Types.InferInputTensor { Name = "input", Datatype = "FP32", Shape = { rows, Features } };
            if (target == "grpc-raw")
            {
                request.RawInputContents.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(data.AsSpan())));
            }
            else
            {
                input.Contents = new InferTensorContents { Fp32Contents = { data } };
            }

            request.Inputs.Add(input);
            requestBytes = request.CalculateSize();
            call = async ct => await client.ModelInferAsync(request, cancellationToken: ct);
        }
        else
        {
            var body = Encoding.UTF8.GetBytes(
                $"{{\"inputs\":[{{\"name\":\"input\",\"shape\":[{rows},{Features}],\"datatype\":\"FP32\",\"data\":[{string.Join(',', data.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}]}}]}}");
            requestBytes = body.Length;
            var path = $"/v2/models/{deployment}/infer";
            call = async ct =>
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                using var response = await http.PostAsync(path, content, ct);
                await response.Content.ReadAsByteArrayAsync(ct);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new HttpRequestException($"status {(int)response.StatusCode}");
                }
            };
        }

        await call(CancellationToken.None); // fails loudly on a wrong target before any timing
        await RunForAsync(call, concurrency, TimeSpan.FromSeconds(2), keep: false);
        var (latencies, errors, elapsed) = await RunForAsync(call, concurrency, TimeSpan.FromSeconds(seconds), keep: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"LOAD_RESULT target={target} rows={rows} concurrency={concurrency} requests={latencies.Count} seconds={elapsed:F2} rps={latencies.Count / elapsed:F0} p50_us={latencies.Percentile(50) * 1000:F0} p99_us={latencies.Percentile(99) * 1000:F0} request_bytes={requestBytes} errors={errors}"));
        return errors == 0 ? 0 : 1;
    }

    private static async Task<(Samples Latencies, int Errors, double Seconds)> RunForAsync(Func<CancellationToken, Task> call, int concurrency, TimeSpan duration, bool keep)
    {
        using var stop = new CancellationTokenSource(duration);
        var started = Stopwatch.GetTimestamp();
        var errors = 0;
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var samples = new Samples();
            while (!stop.IsCancellationRequested)
            {
                var begin = Stopwatch.GetTimestamp();
                try
                {
                    await call(CancellationToken.None);
                    samples.Add(Samples.Since(begin));
                }
                catch (Exception e) when (e is Grpc.Core.RpcException or HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
            }

            return samples;
        })).ToList();
        var all = new Samples();
        foreach (var worker in workers)
        {
            all.AddRange(await worker);
        }

        return (keep ? all : new Samples(), errors, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}
