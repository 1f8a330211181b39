using System.Buffers;
using System.Text;

namespace Crucible.Onnx;

/// <summary>Input OrtValues that cannot simply wrap pinned managed memory: string tensors and empty tensors.</summary>
internal static unsafe class OrtInputBinder
{
    /// <summary>
    /// ORT cannot wrap managed strings: it allocates the tensor and copies NUL-terminated UTF-8 in (FillStringTensor).
    /// The UTF-8 bytes go through one pooled buffer, so the managed side allocates nothing per call.
    /// </summary>
    public static nint CreateStringTensor(OrtEnvironment ort, ReadOnlySpan<string> strings, long[] shape)
    {
        var total = 0;
        foreach (var s in strings)
        {
            total += Encoding.UTF8.GetMaxByteCount((s ?? throw new ArgumentException("string tensors cannot hold null")).Length) + 1;
        }

        var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(total, 1));
        var pointers = ArrayPool<nint>.Shared.Rent(Math.Max(strings.Length, 1));
        nint value;
        fixed (long* s = shape)
        {
            value = OrtNative.CreateTensor(ort.DefaultAllocator, s, shape.Length, OnnxElementType.Bytes);
        }

        try
        {
            fixed (byte* b = bytes)
            fixed (nint* p = pointers)
            {
                var offset = 0;
                for (var i = 0; i < strings.Length; i++)
                {
                    pointers[i] = (nint)(b + offset);
                    offset += Encoding.UTF8.GetBytes(strings[i], bytes.AsSpan(offset));
                    bytes[offset++] = 0;
                }

                OrtNative.FillStringTensor(value, (byte**)p, strings.Length);
            }

            return value;
        }
        catch
        {
            OrtNative.Release(OrtNative.Slot.ReleaseValue, value);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<nint>.Shared.Return(pointers);
        }
    }

    /// <summary>A tensor with a zero-sized dimension: there is no memory to wrap, so ORT allocates (nothing).</summary>
    public static nint CreateEmptyTensor(OrtEnvironment ort, OnnxElementType type, long[] shape)
    {
        fixed (long* s = shape)
        {
            return OrtNative.CreateTensor(ort.DefaultAllocator, s, shape.Length, type);
        }
    }
}
