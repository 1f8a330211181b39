using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crucible.Contracts.Serving;

/// <summary>
/// An Open Inference Protocol v2 tensor: its name, datatype (<c>FP32</c>, <c>INT64</c>, <c>BYTES</c>...), shape, and
/// <see cref="Data"/>, the row-major values as a flat or nested JSON array of numbers, strings or booleans.
/// </summary>
public sealed record InferTensorDto(string Name, string Datatype, IReadOnlyList<long> Shape, JsonElement Data)
{
    /// <summary>An <c>FP32</c> tensor of <paramref name="data"/> (row-major) with <paramref name="shape"/>.</summary>
    public static InferTensorDto Fp32(string name, IReadOnlyList<long> shape, float[] data) =>
        new(name, "FP32", shape, JsonSerializer.SerializeToElement(data, InferenceJsonContext.Default.SingleArray));

    /// <summary>An <c>FP64</c> tensor.</summary>
    public static InferTensorDto Fp64(string name, IReadOnlyList<long> shape, double[] data) =>
        new(name, "FP64", shape, JsonSerializer.SerializeToElement(data, InferenceJsonContext.Default.DoubleArray));

    /// <summary>An <c>INT64</c> tensor.</summary>
    public static InferTensorDto Int64(string name, IReadOnlyList<long> shape, long[] data) =>
        new(name, "INT64", shape, JsonSerializer.SerializeToElement(data, InferenceJsonContext.Default.Int64Array));

    /// <summary>A <c>BYTES</c> tensor of UTF-8 strings.</summary>
    public static InferTensorDto Bytes(string name, IReadOnlyList<long> shape, string[] data) =>
        new(name, "BYTES", shape, JsonSerializer.SerializeToElement(data, InferenceJsonContext.Default.StringArray));
}

/// <summary>An output the caller asks for by name (all outputs when the request names none).</summary>
public sealed record InferRequestedOutputDto(string Name);

/// <summary>The body of <c>POST /v2/models/{name}[/versions/{version}]/infer</c>.</summary>
public sealed record InferRequestDto(IReadOnlyList<InferTensorDto> Inputs)
{
    /// <summary>The request id; the server makes one when absent and echoes it in the answer and in captured predictions.</summary>
    public string? Id { get; init; }

    public IReadOnlyList<InferRequestedOutputDto>? Outputs { get; init; }
}

/// <summary>The answer to an inference: the deployment, the model version that answered, the request id, the outputs.</summary>
public sealed record InferResponseDto(string ModelName, string? ModelVersion, string Id, IReadOnlyList<InferTensorDto> Outputs);

/// <summary>
/// Source-generated JSON for Open Inference Protocol inference bodies as a client writes and reads them: snake_case,
/// nulls omitted, unknown answer fields (such as <c>parameters</c>) skipped. The server reads and writes these bodies by hand.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(InferRequestDto))]
[JsonSerializable(typeof(InferResponseDto))]
[JsonSerializable(typeof(float[]))]
[JsonSerializable(typeof(double[]))]
[JsonSerializable(typeof(long[]))]
[JsonSerializable(typeof(string[]))]
public sealed partial class InferenceJsonContext : JsonSerializerContext;
