using Crucible.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Crucible.Registry;

/// <summary>The fields Crucible needs from an MLflow <c>MLmodel</c> YAML file.</summary>
internal sealed record MlModelFile(string? OnnxModelFile, IReadOnlyList<string> Flavors, string? ModelUuid, string? RunId)
{
    /// <summary>The input example's file, from <c>saved_input_example_info.artifact_path</c>.</summary>
    public string? InputExample { get; init; }

    public const string FileName = "MLmodel";

    public static MlModelFile Parse(string text)
    {
        var yaml = new YamlStream();
        try
        {
            using var reader = new StringReader(text);
            yaml.Load(reader);
        }
        catch (YamlException e)
        {
            throw CrucibleException.Invalid($"The package's MLmodel file is not valid YAML: {e.Message}");
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw CrucibleException.Invalid("The package's MLmodel file is not a YAML mapping.");
        }

        var flavors = Child(root, "flavors") as YamlMappingNode;
        var names = flavors?.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty).ToList() ?? [];
        string? onnxFile = null;
        if (flavors is not null && Child(flavors, "onnx") is YamlMappingNode onnx)
        {
            onnxFile = Scalar(onnx, "data") ?? "model.onnx";
        }

        var example = Child(root, "saved_input_example_info") is YamlMappingNode info ? Scalar(info, "artifact_path") : null;
        return new MlModelFile(onnxFile, names, Scalar(root, "model_uuid"), Scalar(root, "run_id")) { InputExample = example };
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlMappingNode node, string key) =>
        Child(node, key) is YamlScalarNode { Value: { Length: > 0 } value } && value != "null" ? value : null;
}
