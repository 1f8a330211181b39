using System.Diagnostics;
using Crucible.Core.Errors;
using Crucible.Serving.Capture;
using Crucible.Serving.Inference;
using Crucible.Serving.Metrics;
using Crucible.Serving.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crucible.Serving.Hosting;

/// <summary>Parses a request body against the signature of the version it was routed to.</summary>
public delegate InferenceRequest RequestParser(ReadOnlySpan<byte> body, ModelSignature signature, ServingLimits limits);

/// <summary>What a served request produced, for the protocol writer.</summary>
public sealed record InferenceResult(string Deployment, string Model, string Version, string RequestId, IReadOnlyList<InferenceOutput> Outputs, IReadOnlyDictionary<string, object>? Parameters);

/// <summary>
/// One request through a deployment, the same for every protocol: route (by weight, or the pinned version), parse
/// against that version's signature, run (batched when the deployment batches), then, off the request path, copy
/// it to the shadow and to the prediction log. The shadow's answer is never returned; its failures never reach the
/// client; capture never blocks.
/// </summary>
public sealed partial class InferenceService
{
    private readonly DeploymentTable _table;
    private readonly PredictionCapture? _capture;
    private readonly CaptureSampler _sampler;
    private readonly ServingMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxShadowInFlight;
    private int _shadowInFlight;

    public InferenceService(
        DeploymentTable table, PredictionCapture? capture, ServingMetrics metrics, TimeProvider time, ServingLimits limits, ILogger? logger = null, CaptureSampler? sampler = null)
    {
        _sampler = sampler ?? CaptureSampler.All;
        _table = table;
        _capture = capture;
        _metrics = metrics;
        _time = time;
        Limits = limits;
        _logger = logger ?? NullLogger.Instance;
        _maxShadowInFlight = Math.Max(4, Environment.ProcessorCount * 4);
    }

    public ServingLimits Limits { get; }

    public DeploymentTable Table => _table;

    /// <summary>The loaded deployment, or an error: unknown is <c>ResourceDoesNotExist</c>, known but not loaded <c>TemporarilyUnavailable</c>.</summary>
    public ActiveDeployment Require(string deployment) =>
        _table.Get(deployment) ?? throw (_table.Knows(deployment)
            ? new CrucibleException(ErrorCode.TemporarilyUnavailable, $"Deployment '{deployment}' is not ready: {_table.ErrorOf(deployment) ?? "its models are loading"}.")
            : CrucibleException.NotFound($"Deployment '{deployment}' does not exist."));

    /// <summary>Serves one request. <paramref name="version"/> pins a version the deployment routes to.</summary>
    public async ValueTask<InferenceResult> InferAsync(
        string deployment, string? version, string protocol, ReadOnlyMemory<byte> body, RequestParser parse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var started = Stopwatch.GetTimestamp();
        var active = Enter(deployment);
        try
        {
            var route = version is null
                ? active.Pick()
                : active.Find(version) ?? throw CrucibleException.NotFound(
                    $"Deployment '{deployment}' does not serve version {version}; it serves {string.Join(", ", active.Routes.Select(r => r.Version).Distinct())}.");
            InferenceRequest request;
            IReadOnlyList<InferenceOutput> results;
            route.Announce();
            try
            {
                try
                {
                    request = parse(body.Span, route.Model.Signature, Limits);
                }
                catch (CrucibleException)
                {
                    _metrics.RecordRequest(deployment, route.Version, protocol, Stopwatch.GetElapsedTime(started).TotalSeconds, ok: false);
                    _metrics.RecordError(deployment, route.Version, protocol, ServingMetrics.ReasonBadRequest);
                    throw;
                }

                try
                {
                    results = await route.RunAsync(request.Inputs, request.Outputs ?? route.Model.Signature.TensorOutputs, cancellationToken).ConfigureAwait(false);
                }
                catch (Onnx.Runtime.OnnxRuntimeException e)
                {
                    _metrics.RecordRequest(deployment, route.Version, protocol, Stopwatch.GetElapsedTime(started).TotalSeconds, ok: false);
                    _metrics.RecordError(deployment, route.Version, protocol, ServingMetrics.ReasonModelError);
                    throw e.IsInvalidArgument
                        ? CrucibleException.Invalid($"The model refused the input: {e.Message}")
                        : new CrucibleException(ErrorCode.InternalError, $"The model failed: {e.Message}");
                }
            }
            finally
            {
                route.Depart();
            }

            // The deployment's output controls shape the answer only: the prediction log keeps the model's full outputs.
            IReadOnlyList<InferenceOutput> answer;
            try
            {
                answer = OutputControl.Apply(active.Definition.Exposure.Output, results, deployment);
            }
            catch (CrucibleException)
            {
                _metrics.RecordRequest(deployment, route.Version, protocol, Stopwatch.GetElapsedTime(started).TotalSeconds, ok: false);
                _metrics.RecordError(deployment, route.Version, protocol, ServingMetrics.ReasonBadRequest);
                throw;
            }

            var requestId = request.Id ?? Guid.CreateVersion7(_time.GetUtcNow()).ToString();
            var elapsed = Stopwatch.GetElapsedTime(started);
            _metrics.RecordRequest(deployment, route.Version, protocol, elapsed.TotalSeconds);
            var timestamp = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var captured = active.Definition.Capture && _capture is not null && _sampler.Take();
            if (captured && !_capture!.TryCapture(
                    new CaptureItem(requestId, deployment, route.Model.Model, route.Version, timestamp, request.Inputs, results, elapsed.TotalMilliseconds, Shadow: false)))
            {
                _metrics.RecordCaptureDropped(deployment, route.Version);
            }

            if (active.Shadow is { } shadow && active.TryEnter())
            {
                StartShadow(active, shadow, request, requestId, captured);
            }

            return new InferenceResult(deployment, route.Model.Model, route.Version, requestId, answer, request.Parameters);
        }
        finally
        {
            active.Exit();
        }
    }

    private ActiveDeployment Enter(string deployment)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var active = Require(deployment);
            if (active.TryEnter())
            {
                return active;
            }
        }

        throw new CrucibleException(ErrorCode.TemporarilyUnavailable, $"Deployment '{deployment}' is being swapped; retry.");
    }

    /// <summary>Runs the shadow on the thread pool after the client's answer is decided; holds the snapshot until done.</summary>
    private void StartShadow(ActiveDeployment active, RouteHandle shadow, InferenceRequest request, string requestId, bool captured)
    {
        if (Interlocked.Increment(ref _shadowInFlight) > _maxShadowInFlight)
        {
            Interlocked.Decrement(ref _shadowInFlight);
            active.Exit();
            _metrics.RecordShadow(active.Name, shadow.Version, ok: false, dropped: true);
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(
            static state => _ = state.Service.RunShadowAsync(state.Active, state.Shadow, state.Request, state.RequestId, state.Captured),
            (Service: this, Active: active, Shadow: shadow, Request: request, RequestId: requestId, Captured: captured),
            preferLocal: false);
    }

    private async Task RunShadowAsync(ActiveDeployment active, RouteHandle shadow, InferenceRequest request, string requestId, bool captured)
    {
        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<InferenceOutput>? results = null;
        string? error = null;
        try
        {
            SignatureValidator.Validate(request with { Outputs = null }, shadow.Model.Signature, Limits);
            results = await shadow.RunAsync(request.Inputs, shadow.Model.Signature.TensorOutputs, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A shadow failure is logged and counted; it must never reach the client or the process.
        catch (Exception e)
#pragma warning restore CA1031
        {
            error = e.Message;
            LogShadowFailed(_logger, active.Name, shadow.Version, e.Message);
        }
        finally
        {
            Interlocked.Decrement(ref _shadowInFlight);
        }

        try
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            _metrics.RecordShadow(active.Name, shadow.Version, ok: error is null, dropped: false);
            // The shadow's answer is logged exactly when the client's was, so the two can be compared pair by pair.
            if (captured && !_capture!.TryCapture(
                    new CaptureItem(requestId, active.Name, shadow.Model.Model, shadow.Version, _time.GetUtcNow().ToUnixTimeMilliseconds(), request.Inputs, results, elapsed, Shadow: true, Error: error)))
            {
                _metrics.RecordCaptureDropped(active.Name, shadow.Version);
            }
        }
        finally
        {
            active.Exit();
        }
    }

    [LoggerMessage(EventId = 4010, Level = LogLevel.Debug, Message = "Shadow {Version} of deployment {Name} failed: {Error}")]
    private static partial void LogShadowFailed(ILogger logger, string name, string version, string error);
}
