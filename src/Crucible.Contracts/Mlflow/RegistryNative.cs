namespace Crucible.Contracts.Mlflow;

/// <summary>A graph input or output as a package records it: ONNX type text (<c>float[n,4]</c>), OIP datatype and shape (-1 for symbolic).</summary>
public sealed record TensorSignatureDto(string Name, string Type, string? Datatype, IReadOnlyList<long>? Shape, IReadOnlyList<string?>? Dims);

/// <summary>A file of a model package with the SHA-256 recorded at registration.</summary>
public sealed record PackageFileDto(string Path, string Sha256, long Size);

/// <summary>What Crucible read from a package's ONNX graph: the signature cannot disagree with the model because it comes from it.</summary>
public sealed record PackageDescriptionDto(
    string ModelFile,
    string Producer,
    string ProducerVersion,
    long IrVersion,
    IReadOnlyDictionary<string, long> Opsets,
    IReadOnlyList<TensorSignatureDto> Inputs,
    IReadOnlyList<TensorSignatureDto> Outputs,
    string? ModelUuid,
    string? RunId)
{
    /// <summary>The package's input example file (MLflow's <c>saved_input_example_info</c>), when it has one.</summary>
    public string? InputExample { get; init; }
}

/// <summary>The package of a model version: its description and recorded files (native API).</summary>
public sealed record ModelPackageDto(string Name, string Version, string Source, PackageDescriptionDto? Package, IReadOnlyList<PackageFileDto>? Files);

/// <summary>A dataset a run logged as input, with its digest.</summary>
public sealed record LineageDatasetDto(string Name, string Digest, string SourceType, string Source, IReadOnlyList<KeyValue>? Tags);

/// <summary>Where a model version came from: the run, its params, latest metrics and input datasets.</summary>
public sealed record ModelLineageDto(
    ModelVersionDto ModelVersion,
    string? RunId,
    string? ExperimentId,
    string? RunName,
    string? RunStatus,
    IReadOnlyList<KeyValue>? Params,
    IReadOnlyList<MetricDto>? Metrics,
    IReadOnlyList<LineageDatasetDto>? Datasets);

/// <summary>Model versions trained on a dataset.</summary>
public sealed record DatasetModelVersionsDto(string DatasetName, string? Digest, IReadOnlyList<ModelVersionDto> ModelVersions);

/// <summary>The answer to writing a package: where it is and what was read from it.</summary>
public sealed record WritePackageResponse(string Source, PackageDescriptionDto Package, IReadOnlyList<PackageFileDto> Files);

/// <summary>
/// <c>crucible_package.json</c>, written beside <c>MLmodel</c> by Crucible's package writer: the graph-derived
/// description and the SHA-256 of every other file of the package, checked again at registration.
/// </summary>
public sealed record PackageManifestDto(string Format, PackageDescriptionDto Package, IReadOnlyList<PackageFileDto> Files);

/// <summary>
/// What an ONNX file in a run's artifacts holds, read from its graph without running it (native API): provenance,
/// opsets, the signature, node counts by operator (sub-graphs included; "domain:op" outside the default domain) and
/// the size of its constants.
/// </summary>
public sealed record OnnxSummaryDto(
    string RunId,
    string Path,
    long Size,
    long IrVersion,
    string Producer,
    string ProducerVersion,
    string GraphName,
    IReadOnlyDictionary<string, long> Opsets,
    IReadOnlyList<TensorSignatureDto> Inputs,
    IReadOnlyList<TensorSignatureDto> Outputs,
    int NodeCount,
    IReadOnlyDictionary<string, int> Operators,
    int InitializerCount,
    long InitializerBytes,
    IReadOnlyDictionary<string, string>? Metadata);
