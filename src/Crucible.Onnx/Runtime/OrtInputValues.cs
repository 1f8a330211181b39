using System.Buffers;
using Crucible.Onnx.Model;
using Crucible.Onnx.Values;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Crucible.Onnx.Runtime;

/// <summary>
/// The input OrtValues of one Run. Numeric tensors wrap the caller's memory, pinned for the call, without a copy
/// (<see cref="Ort.OrtValue.CreateTensorValueWithData"/> with Crucible's element type, so Half and BF16 bits pass as
/// they are); string tensors are filled element by element; empty tensors are allocated by ORT (there is nothing to wrap).
/// </summary>
internal sealed class OrtInputValues : IDisposable
{
    private readonly Ort.OrtValue[] _values;
    private readonly MemoryHandle[] _pins;
    private int _count;

    public OrtInputValues(int capacity)
    {
        _values = new Ort.OrtValue[capacity];
        _pins = new MemoryHandle[capacity];
    }

    public IReadOnlyCollection<Ort.OrtValue> Values => _values;

    public void Add(OnnxTensor tensor)
    {
        _values[_count] = tensor.CreateOrtValue(out _pins[_count]);
        _count++;
    }

    public void Dispose()
    {
        for (var i = 0; i < _count; i++)
        {
            _values[i].Dispose();
            _pins[i].Dispose();
        }

        _count = 0;
    }

    /// <summary>An OrtValue over <paramref name="data"/>, pinned into <paramref name="pin"/> until the value is disposed.</summary>
    internal static unsafe Ort.OrtValue Wrap<T>(ReadOnlyMemory<T> data, long[] shape, OnnxElementType type, int elementSize, out MemoryHandle pin)
    {
        if (data.IsEmpty)
        {
            pin = default;
            return Ort.OrtValue.CreateAllocatedTensorValue(Ort.OrtAllocator.DefaultInstance, (Ort.Tensors.TensorElementType)(int)type, shape);
        }

        pin = data.Pin();
        try
        {
            return Ort.OrtValue.CreateTensorValueWithData(
                Ort.OrtMemoryInfo.DefaultInstance, (Ort.Tensors.TensorElementType)(int)type, shape, (nint)pin.Pointer, (long)data.Length * elementSize);
        }
        catch
        {
            pin.Dispose();
            pin = default;
            throw;
        }
    }

    /// <summary>ORT cannot wrap managed strings: it allocates the tensor and copies each element in as UTF-8.</summary>
    internal static Ort.OrtValue Strings(ReadOnlySpan<string> strings, long[] shape)
    {
        var value = Ort.OrtValue.CreateTensorWithEmptyStrings(Ort.OrtAllocator.DefaultInstance, shape);
        try
        {
            for (var i = 0; i < strings.Length; i++)
            {
                value.StringTensorSetElementAt((strings[i] ?? throw new ArgumentException("string tensors cannot hold null")).AsSpan(), i);
            }

            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }
}
