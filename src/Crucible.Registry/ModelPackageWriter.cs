using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crucible.Contracts.Mlflow;
using Crucible.Core.Artifacts;
using Crucible.Onnx.Model;

namespace Crucible.Registry;

/// <summary>
/// Writes an ONNX model as an MLflow model package: <c>model.onnx</c>, an <c>MLmodel</c> with the <c>onnx</c> and
/// <c>python_function</c> (<c>mlflow.onnx</c>) flavors and a graph-derived signature, and <c>crucible_package.json</c>
/// with the SHA-256 of the other files, the producer and the opsets.
/// </summary>
public static class ModelPackageWriter
{
    public const string ModelFileName = "model.onnx";

    public static Task<WritePackageResponse> WriteAsync(
        IArtifactStore store, string folder, string source, byte[] onnx, string? runId, TimeProvider time, CancellationToken cancellationToken) =>
        WriteAsync(
            store, folder, source, OnnxModelReader.Read(onnx), Describe(ModelFileName, onnx), () => new MemoryStream(onnx, writable: false), runId, time, cancellationToken);

    /// <summary>
    /// Writes the package of a model stored in a local file whose SHA-256 and size are already known (hashed while it
    /// was received): the model is read for its outline only (<see cref="OnnxModelOutline"/>) and streamed into the
    /// store, so memory stays bounded whatever the model's size.
    /// </summary>
    public static Task<WritePackageResponse> WriteFileAsync(
        IArtifactStore store, string folder, string source, string onnxPath, string sha256, long size, string? runId, TimeProvider time, CancellationToken cancellationToken) =>
        WriteAsync(
            store,
            folder,
            source,
            OnnxModelOutline.Read(onnxPath),
            new PackageFileDto(ModelFileName, sha256, size),
            () => new FileStream(onnxPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan),
            runId,
            time,
            cancellationToken);

    private static async Task<WritePackageResponse> WriteAsync(
        IArtifactStore store,
        string folder,
        string source,
        OnnxModelInfo info,
        PackageFileDto model,
        Func<Stream> openModel,
        string? runId,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var uuid = Guid.NewGuid().ToString("N");
        var description = PackageSignatures.Describe(info, ModelFileName, uuid, runId);
        var mlmodel = Encoding.UTF8.GetBytes(MlModelYaml(info, folder, uuid, runId, time.GetUtcNow()));
        var files = new List<PackageFileDto> { model, Describe(MlModelFile.FileName, mlmodel) };
        var manifest = JsonSerializer.SerializeToUtf8Bytes(
            new PackageManifestDto(ModelPackageInspector.ManifestFormat, description, files),
            MlflowJsonContext.Wire.PackageManifestDto);

        await using (var stream = openModel())
        {
            await store.PutAsync(ArtifactPath.Combine(folder, ModelFileName), stream, cancellationToken);
        }

        await PutAsync(store, ArtifactPath.Combine(folder, MlModelFile.FileName), mlmodel, cancellationToken);
        await PutAsync(store, ArtifactPath.Combine(folder, ModelPackageInspector.ManifestName), manifest, cancellationToken);
        return new WritePackageResponse(source, description, [.. files, Describe(ModelPackageInspector.ManifestName, manifest)]);
    }

    /// <summary>The MLmodel YAML; strings are written in single quotes so no value can change the document's structure.</summary>
    public static string MlModelYaml(OnnxModelInfo info, string folder, string uuid, string? runId, DateTimeOffset now)
    {
        var sb = new StringBuilder();
        sb.Append("artifact_path: ").AppendLine(Quote(folder[(folder.LastIndexOf('/') + 1)..]));
        sb.AppendLine("flavors:");
        sb.AppendLine("  onnx:");
        sb.AppendLine("    code: null");
        sb.Append("    data: ").AppendLine(ModelFileName);
        sb.AppendLine("    providers:");
        sb.AppendLine("    - CPUExecutionProvider");
        sb.AppendLine("  python_function:");
        sb.Append("    data: ").AppendLine(ModelFileName);
        sb.AppendLine("    loader_module: mlflow.onnx");
        sb.AppendLine("metadata:");
        sb.Append("  onnx_producer: ").AppendLine(Quote(info.ProducerName + " " + info.ProducerVersion));
        sb.Append("  onnx_opsets: ").AppendLine(Quote(string.Join(",", info.OpsetImports.Select(o => (o.Domain.Length == 0 ? "ai.onnx" : o.Domain) + "=" + o.Version.ToString(CultureInfo.InvariantCulture)))));
        sb.Append("model_uuid: ").AppendLine(uuid);
        if (runId is not null)
        {
            sb.Append("run_id: ").AppendLine(Quote(runId));
        }

        if (Signature(info.Inputs) is { } inputs && Signature(info.Outputs) is { } outputs)
        {
            sb.AppendLine("signature:");
            sb.Append("  inputs: ").AppendLine(Quote(inputs));
            sb.Append("  outputs: ").AppendLine(Quote(outputs));
            sb.AppendLine("  params: null");
        }

        sb.Append("utc_time_created: ").AppendLine(Quote(now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)));
        return sb.ToString();
    }

    /// <summary>MLflow's tensor-based signature JSON, or null when a value is not a tensor of known rank with a numpy dtype.</summary>
    private static string? Signature(IReadOnlyList<OnnxValueInfo> values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                if (value.Type.Kind != OnnxValueKind.Tensor || value.Type.ShapeWithMinusOne is not { } shape
                    || PackageSignatures.NumpyDtype(value.Type.ElementType) is not { } dtype)
                {
                    return null;
                }

                writer.WriteStartObject();
                writer.WriteString("type", "tensor");
                writer.WriteStartObject("tensor-spec");
                writer.WriteString("dtype", dtype);
                writer.WriteStartArray("shape");
                foreach (var dim in shape)
                {
                    writer.WriteNumberValue(dim);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteString("name", value.Name);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static PackageFileDto Describe(string path, byte[] content) =>
        new(path, Convert.ToHexStringLower(SHA256.HashData(content)), content.Length);

    private static async Task PutAsync(IArtifactStore store, string path, byte[] content, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content, writable: false);
        await store.PutAsync(path, stream, cancellationToken);
    }
}
