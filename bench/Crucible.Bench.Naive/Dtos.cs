using System.Text.Json.Serialization;

namespace Crucible.Bench.Naive;

/// <summary>The OIP v2 infer request, as plain mutable classes bound by reflection.</summary>
public sealed class InferRequest
{
    public string? Id { get; set; }

    public List<InferInput> Inputs { get; set; } = [];
}

public sealed class InferInput
{
    public string Name { get; set; } = "";

    public List<long> Shape { get; set; } = [];

    public string Datatype { get; set; } = "";

    public List<float> Data { get; set; } = [];
}

public sealed class InferResponse
{
    [JsonPropertyName("model_name")]
    public string ModelName { get; set; } = "";

    public string? Id { get; set; }

    public List<InferOutput> Outputs { get; set; } = [];
}

public sealed class InferOutput
{
    public string Name { get; set; } = "";

    public List<long> Shape { get; set; } = [];

    public string Datatype { get; set; } = "FP32";

    public List<float> Data { get; set; } = [];
}
