namespace Crucible.Core.Serving;

/// <summary>How a captured tensor's elements are profiled: as numbers, as the words true/false, or as text.</summary>
public enum TensorValueKind
{
    Number,
    Boolean,
    Text,
}

/// <summary>
/// A captured tensor's flat row-major elements as the request path parsed them (or the model produced them), read
/// one at a time by the window profiles without a JSON round trip. Implementations wrap the typed buffer; they do
/// not copy it.
/// </summary>
public abstract class TensorValues
{
    /// <summary>Elements held.</summary>
    public abstract int Length { get; }

    /// <summary>How every element reads.</summary>
    public abstract TensorValueKind Kind { get; }

    /// <summary>Element <paramref name="index"/> as a number (only for <see cref="TensorValueKind.Number"/>).</summary>
    public abstract double Number(int index);

    /// <summary>Element <paramref name="index"/> (only for <see cref="TensorValueKind.Boolean"/>).</summary>
    public abstract bool Boolean(int index);

    /// <summary>Element <paramref name="index"/> (only for <see cref="TensorValueKind.Text"/>).</summary>
    public abstract string? Text(int index);
}

/// <summary>
/// One logged tensor: its name, the shape it is logged with, its elements, and, when capture logged a strided
/// sample of its rows (<see cref="CaptureLimits"/>), the original shape.
/// </summary>
public sealed record CapturedTensor(string Name, IReadOnlyList<long> Shape, TensorValues Values, IReadOnlyList<long>? SampledFrom = null);

/// <summary>
/// A prediction as the capture writer hands it to an <see cref="IPredictionObserver"/>: the same fields as its
/// <see cref="PredictionRecord"/>, with the tensors themselves instead of their JSON. <see cref="Outputs"/> holds
/// only tensor outputs and is null when the run failed.
/// </summary>
public sealed record CapturedPrediction(
    string RequestId,
    string Deployment,
    string Model,
    string Version,
    long TimestampMs,
    IReadOnlyList<CapturedTensor> Inputs,
    IReadOnlyList<CapturedTensor>? Outputs,
    bool Shadow);
