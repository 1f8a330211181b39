using Crucible.Onnx.Runtime;
using Crucible.Onnx.Values;
using Crucible.Serving.Inference;

namespace Crucible.Serving.Hosting;

/// <summary>One loaded model version: its ONNX Runtime session (shared by every deployment that routes to it) and signature.</summary>
public sealed class ServedModel : IDisposable
{
    internal ServedModel(string model, string version, OnnxSession session, IReadOnlyList<string>? featureNames = null)
    {
        Model = model;
        Version = version;
        Session = session;
        Signature = ModelSignature.Of(session, featureNames);
        NotServable = Validation.ServableModel.Problem(Signature) is { } problem
            ? $"Model version {model}/{version} cannot be served: {problem}."
            : null;
    }

    public string Model { get; }

    public string Version { get; }

    public ModelSignature Signature { get; }

    /// <summary>Why no request to this model could be answered (see <see cref="Validation.ServableModel"/>), or null.</summary>
    public string? NotServable { get; }

    internal OnnxSession Session { get; }

    /// <summary>Runs the session synchronously on the calling thread (ORT runs are CPU-bound and short).</summary>
    public IReadOnlyList<InferenceOutput> Run(IReadOnlyList<InferenceInput> inputs, IReadOnlyList<string> outputNames)
    {
        var names = new string[inputs.Count];
        var tensors = new OnnxTensor[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            names[i] = inputs[i].Name;
            tensors[i] = inputs[i].Tensor;
        }

        var wanted = outputNames as string[] ?? [.. outputNames];
        var values = new OnnxValue[wanted.Length];
        Session.Run(names, tensors, wanted, values);
        var outputs = new InferenceOutput[wanted.Length];
        for (var j = 0; j < wanted.Length; j++)
        {
            outputs[j] = new InferenceOutput(wanted[j], values[j]);
        }

        return outputs;
    }

    public void Dispose() => Session.Dispose();

    public override string ToString() => $"{Model}/{Version}";
}
