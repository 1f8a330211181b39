using Crucible.Onnx.Values;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Crucible.Onnx.Runtime;

/// <summary>Running the session.</summary>
public sealed partial class OnnxSession
{
    /// <summary>
    /// Runs the model on named inputs and returns the requested outputs (all outputs when <paramref name="outputNames"/>
    /// is null) by name. Ask only for tensor outputs to skip ZipMap-style sequence outputs entirely.
    /// </summary>
    public IReadOnlyDictionary<string, OnnxValue> Run(IEnumerable<KeyValuePair<string, OnnxTensor>> inputs, IReadOnlyList<string>? outputNames = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var pairs = inputs as IReadOnlyCollection<KeyValuePair<string, OnnxTensor>> ?? inputs.ToArray();
        var names = new string[pairs.Count];
        var tensors = new OnnxTensor[pairs.Count];
        var k = 0;
        foreach (var (name, tensor) in pairs)
        {
            names[k] = name;
            tensors[k++] = tensor;
        }

        var wanted = outputNames ?? _outputNames;
        var results = new OnnxValue[wanted.Count];
        Run(names, tensors, wanted is string[] array ? array : wanted.ToArray(), results);
        var byName = new Dictionary<string, OnnxValue>(results.Length, StringComparer.Ordinal);
        for (var i = 0; i < results.Length; i++)
        {
            byName[wanted[i]] = results[i];
        }

        return byName;
    }

    /// <summary>Runs a model with a single input and returns its first (or named) output as a tensor.</summary>
    public OnnxTensor Run(OnnxTensor input, string? outputName = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var results = new OnnxValue[1];
        Run([Inputs[0].Name], [input], [outputName ?? Outputs[0].Name], results);
        return results[0].AsTensor();
    }

    /// <summary>
    /// The allocation-light form: inputs and outputs by position, results written into <paramref name="outputs"/>.
    /// Input data is pinned only for the call and passed to ONNX Runtime without a copy; output tensors are fresh
    /// typed arrays (one copy out of ORT's buffers, which are released before this returns).
    /// </summary>
    public void Run(ReadOnlySpan<string> inputNames, ReadOnlySpan<OnnxTensor> inputs, ReadOnlySpan<string> outputNames, Span<OnnxValue> outputs)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0 || !TryAcquire(), this);
        try
        {
            if (inputNames.Length != inputs.Length)
            {
                throw new ArgumentException($"{inputNames.Length} input names for {inputs.Length} inputs", nameof(inputs));
            }

            if (outputs.Length < outputNames.Length)
            {
                throw new ArgumentException($"room for {outputs.Length} outputs but {outputNames.Length} were requested", nameof(outputs));
            }

            using var values = new OrtInputValues(inputs.Length);
            foreach (var tensor in inputs)
            {
                values.Add(tensor);
            }

            using var results = RunNative(Names(inputNames, _inputNameArrays), values.Values, Names(outputNames, _outputNameArrays));
            var j = 0;
            foreach (var result in results)
            {
                outputs[j++] = OrtValueReader.Read(result);
            }
        }
        finally
        {
            Release();
        }
    }

    /// <summary>
    /// The official API takes names as collections: reuse the session's arrays (all names in order, or one name) when
    /// the caller asks for exactly those, which is what serving does, so a Run allocates no name arrays.
    /// </summary>
    private static string[] Names(ReadOnlySpan<string> names, string[][] cached)
    {
        foreach (var candidate in cached)
        {
            if (names.SequenceEqual(candidate))
            {
                return candidate;
            }
        }

        return names.ToArray();
    }

    private Ort.IDisposableReadOnlyCollection<Ort.OrtValue> RunNative(string[] inputNames, IReadOnlyCollection<Ort.OrtValue> inputs, string[] outputNames)
    {
        try
        {
            return _session.Run(_runOptions, inputNames, inputs, outputNames);
        }
        catch (Ort.OnnxRuntimeException ex)
        {
            throw OrtErrors.Translate(ex);
        }
    }
}
