using System.Buffers;
using System.Text;
using System.Text.Json;
using Crucible.Core.Errors;
using Crucible.Core.Serving;

namespace Crucible.Storage.Serving;

/// <summary>
/// The <c>exposure</c> column of a deployment (migration 0016): one JSON object,
/// <c>{"output": {"mode", "decimals"?, "top_k"?}, "rate"?: {"per_second", "burst"}, "quota"?: {"requests", "period_seconds"}, "total_rate"?: {...}}</c>.
/// NULL reads as <see cref="DeploymentExposure.Open"/>.
/// </summary>
internal static class ExposureJson
{
    public static string Write(DeploymentExposure exposure)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("output");
            w.WriteString("mode", ModeName(exposure.Output.Mode));
            if (exposure.Output.Decimals is { } decimals)
            {
                w.WriteNumber("decimals", decimals);
            }

            if (exposure.Output.TopK is { } k)
            {
                w.WriteNumber("top_k", k);
            }

            w.WriteEndObject();
            WriteRate(w, "rate", exposure.CallerRate);
            WriteRate(w, "total_rate", exposure.TotalRate);
            if (exposure.CallerQuota is { } quota)
            {
                w.WriteStartObject("quota");
                w.WriteNumber("requests", quota.Requests);
                w.WriteNumber("period_seconds", (long)quota.Period.TotalSeconds);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static DeploymentExposure Read(string deployment, string? json)
    {
        if (json is null)
        {
            return DeploymentExposure.Open;
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var output = root.GetProperty("output");
            var controls = new OutputControls(
                ParseMode(output.GetProperty("mode").GetString()),
                output.TryGetProperty("decimals", out var d) ? d.GetInt32() : null,
                output.TryGetProperty("top_k", out var k) ? k.GetInt32() : null);
            return new DeploymentExposure(
                controls,
                ReadRate(root, "rate"),
                root.TryGetProperty("quota", out var q) ? new RequestQuota(q.GetProperty("requests").GetInt64(), TimeSpan.FromSeconds(q.GetProperty("period_seconds").GetInt64())) : null,
                ReadRate(root, "total_rate"));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new CrucibleException(ErrorCode.DataLoss, $"The stored exposure of deployment '{deployment}' cannot be read: {e.Message}", e);
        }
    }

    public static string ModeName(OutputMode mode) => mode switch
    {
        OutputMode.Full => "full",
        OutputMode.TopK => "top_k",
        OutputMode.Label => "label",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    private static OutputMode ParseMode(string? name) => name switch
    {
        "full" => OutputMode.Full,
        "top_k" => OutputMode.TopK,
        "label" => OutputMode.Label,
        _ => throw new FormatException($"unknown output mode '{name}'"),
    };

    private static void WriteRate(Utf8JsonWriter w, string name, RequestRate? rate)
    {
        if (rate is null)
        {
            return;
        }

        w.WriteStartObject(name);
        w.WriteNumber("per_second", rate.PerSecond);
        w.WriteNumber("burst", rate.Burst);
        w.WriteEndObject();
    }

    private static RequestRate? ReadRate(JsonElement root, string name) =>
        root.TryGetProperty(name, out var r)
            ? new RequestRate(r.GetProperty("per_second").GetDouble(), r.GetProperty("burst").GetInt32())
            : null;
}
