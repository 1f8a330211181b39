using System.Buffers;
using System.Runtime.InteropServices;

namespace Crucible.Onnx;

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

        var wanted = outputNames ?? Outputs.Select(o => o.Name).ToArray();
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
    /// Input data is pinned only for the call; output tensors are fresh typed arrays.
    /// </summary>
    public unsafe void Run(ReadOnlySpan<string> inputNames, ReadOnlySpan<OnnxTensor> inputs, ReadOnlySpan<string> outputNames, Span<OnnxValue> outputs)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (inputNames.Length != inputs.Length)
        {
            throw new ArgumentException($"{inputNames.Length} input names for {inputs.Length} inputs", nameof(inputs));
        }

        if (outputs.Length < outputNames.Length)
        {
            throw new ArgumentException($"room for {outputs.Length} outputs but {outputNames.Length} were requested", nameof(outputs));
        }

        int nIn = inputs.Length, nOut = outputNames.Length;
        var pointers = ArrayPool<nint>.Shared.Rent((2 * nIn) + (2 * nOut));
        var pins = ArrayPool<MemoryHandle>.Shared.Rent(Math.Max(nIn, 1));
        Array.Clear(pointers, 0, (2 * nIn) + (2 * nOut));
        var added = false;
        List<nint>? unknownNames = null;
        try
        {
            _session.DangerousAddRef(ref added);
            FillNames(inputNames, _inputIndex, _session.InputNames, pointers.AsSpan(0, nIn), ref unknownNames);
            FillNames(outputNames, _outputIndex, _session.OutputNames, pointers.AsSpan(2 * nIn, nOut), ref unknownNames);
            for (var i = 0; i < nIn; i++)
            {
                pointers[nIn + i] = inputs[i].CreateOrtValue(_ort, out pins[i]);
            }

            fixed (nint* p = pointers)
            {
                OrtNative.Check(OrtNative.Run(_session.DangerousGetHandle(), p, p + nIn, nIn, p + (2 * nIn), nOut, p + (2 * nIn) + nOut));
            }

            for (var j = 0; j < nOut; j++)
            {
                outputs[j] = OrtValueReader.Read(pointers[(2 * nIn) + nOut + j], _ort.DefaultAllocator);
            }
        }
        finally
        {
            for (var i = 0; i < nIn; i++)
            {
                OrtNative.Release(OrtNative.Slot.ReleaseValue, pointers[nIn + i]);
                pins[i].Dispose();
                pins[i] = default;
            }

            for (var j = 0; j < nOut; j++)
            {
                OrtNative.Release(OrtNative.Slot.ReleaseValue, pointers[(2 * nIn) + nOut + j]);
            }

            foreach (var name in unknownNames ?? [])
            {
                Marshal.FreeCoTaskMem(name);
            }

            ArrayPool<nint>.Shared.Return(pointers);
            ArrayPool<MemoryHandle>.Shared.Return(pins);
            if (added)
            {
                _session.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Maps names to the session's cached UTF-8 copies. A name the model lacks is still passed through, so that
    /// ONNX Runtime reports it in its own words.
    /// </summary>
    private static void FillNames(ReadOnlySpan<string> names, Dictionary<string, int> index, nint[] native, Span<nint> target, ref List<nint>? unknown)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (index.TryGetValue(names[i], out var position))
            {
                target[i] = native[position];
            }
            else
            {
                target[i] = Marshal.StringToCoTaskMemUTF8(names[i]);
                (unknown ??= []).Add(target[i]);
            }
        }
    }
}
