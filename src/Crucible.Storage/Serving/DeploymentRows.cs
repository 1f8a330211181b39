using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using Crucible.Core.Errors;
using Crucible.Core.Serving;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Serving;

/// <summary>
/// Deployment rows and entities. Model references are stored as JSON objects with explicit <c>model</c> and
/// <c>version</c> or <c>alias</c> fields, never as <c>MODEL@ALIAS</c> text, which is ambiguous when names contain
/// <c>@</c> or <c>/</c>. Routes are a JSON array, so their order survives.
/// </summary>
internal static class DeploymentRows
{
    /// <summary>The values of every column a write sets, named as the statements name them.</summary>
    public static (string Name, object? Value)[] Parameters(DeploymentSpec spec, long now) =>
    [
        ("@name", spec.Name),
        ("@routes", RoutesJson(spec.Routes)),
        ("@shadow", spec.Shadow is null ? null : ReferenceJson(spec.Shadow)),
        ("@max_batch_size", spec.Batching.MaxBatchSize),
        ("@max_delay_ms", spec.Batching.MaxDelayMs),
        ("@description", spec.Description),
        ("@capture", spec.Capture ? (short)1 : (short)0),
        ("@exposure", spec.Exposure is null ? null : ExposureJson.Write(spec.Exposure)),
        ("@now", now),
    ];

    /// <summary>Reads the columns every deployment statement returns, in their order.</summary>
    public static Deployment Read(DbDataReader r)
    {
        var name = r.GetString(0);
        return new Deployment(
            Name: name,
            Routes: ParseRoutes(name, r.GetString(1)),
            Shadow: r.NullableString(2) is { } shadow ? ParseReference(name, shadow) : null,
            Batching: new BatchingSettings(checked((int)r.Int64(3)), r.GetDouble(4)),
            Description: r.NullableString(5),
            Capture: r.Int64(6) != 0,
            Revision: r.Int64(7),
            CreationTimestamp: r.Int64(8),
            LastUpdatedTimestamp: r.Int64(9))
        {
            Exposure = ExposureJson.Read(name, r.NullableString(10)),
        };
    }

    public static CrucibleException NotFound(string name) => CrucibleException.NotFound($"Deployment '{name}' does not exist.");

    public static CrucibleException AlreadyExists(string name) => CrucibleException.AlreadyExists($"Deployment '{name}' already exists.");

    public static CrucibleException Conflict(string name, long actual, long expected) => new(
        ErrorCode.ResourceConflict,
        $"Deployment '{name}' is at revision {actual}, but the update expected revision {expected}; read it again and retry.");

    private static string RoutesJson(IReadOnlyList<DeploymentRoute> routes) => Json(w =>
    {
        w.WriteStartArray();
        foreach (var route in routes)
        {
            w.WriteStartObject();
            WriteReferenceFields(w, route.Target);
            w.WriteNumber("weight", route.Weight);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    private static string ReferenceJson(ModelReference reference) => Json(w =>
    {
        w.WriteStartObject();
        WriteReferenceFields(w, reference);
        w.WriteEndObject();
    });

    private static void WriteReferenceFields(Utf8JsonWriter w, ModelReference reference)
    {
        w.WriteString("model", reference.Model);
        if (reference.IsAlias)
        {
            w.WriteString("alias", reference.Alias);
        }
        else
        {
            w.WriteString("version", reference.Version);
        }
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static List<DeploymentRoute> ParseRoutes(string deployment, string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.EnumerateArray()
                .Select(e => new DeploymentRoute(ReadReference(e), e.GetProperty("weight").GetInt32()))
                .ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or CrucibleException)
        {
            throw Corrupt(deployment, "routes", e);
        }
    }

    private static ModelReference ParseReference(string deployment, string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return ReadReference(doc.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or CrucibleException)
        {
            throw Corrupt(deployment, "shadow", e);
        }
    }

    private static ModelReference ReadReference(JsonElement e) => new(
        e.GetProperty("model").GetString()!,
        e.TryGetProperty("version", out var version) ? version.GetString() : null,
        e.TryGetProperty("alias", out var alias) ? alias.GetString() : null);

    private static CrucibleException Corrupt(string deployment, string column, Exception inner) =>
        new(ErrorCode.DataLoss, $"The stored {column} of deployment '{deployment}' cannot be read: {inner.Message}", inner);
}
