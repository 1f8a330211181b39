namespace Crucible.Onnx;

/// <summary>OrtValue creation and inspection: tensors, string tensors, sequences and maps.</summary>
internal static unsafe partial class OrtNative
{
    /// <summary>Wraps caller memory (which must stay pinned until the value is released) without copying.</summary>
    public static nint CreateTensorWithData(nint memoryInfo, void* data, nuint bytes, long* shape, int rank, OnnxElementType type)
    {
        nint value;
        Check(((delegate* unmanaged[Cdecl]<nint, void*, nuint, long*, nuint, int, nint*, nint>)s_api[49])(
            memoryInfo, data, bytes, shape, (nuint)rank, (int)type, &value));
        return value;
    }

    /// <summary>A tensor whose buffer ORT allocates (used for string tensors).</summary>
    public static nint CreateTensor(nint allocator, long* shape, int rank, OnnxElementType type)
    {
        nint value;
        Check(((delegate* unmanaged[Cdecl]<nint, long*, nuint, int, nint*, nint>)s_api[48])(allocator, shape, (nuint)rank, (int)type, &value));
        return value;
    }

    public static void FillStringTensor(nint value, byte** strings, int count) =>
        Check(((delegate* unmanaged[Cdecl]<nint, byte**, nuint, nint>)s_api[52])(value, strings, (nuint)count));

    public static nuint GetStringTensorDataLength(nint value)
    {
        nuint length;
        Check(((delegate* unmanaged[Cdecl]<nint, nuint*, nint>)s_api[53])(value, &length));
        return length;
    }

    public static void GetStringTensorContent(nint value, byte* buffer, nuint length, nuint* offsets, int count) =>
        Check(((delegate* unmanaged[Cdecl]<nint, byte*, nuint, nuint*, nuint, nint>)s_api[54])(value, buffer, length, offsets, (nuint)count));

    public static void* GetTensorMutableData(nint value)
    {
        void* data;
        Check(((delegate* unmanaged[Cdecl]<nint, void**, nint>)s_api[51])(value, &data));
        return data;
    }

    public static OnnxValueKind GetValueType(nint value)
    {
        int kind;
        Check(((delegate* unmanaged[Cdecl]<nint, int*, nint>)s_api[67])(value, &kind));
        return (OnnxValueKind)kind;
    }

    /// <summary>An owned OrtTensorTypeAndShapeInfo; release with <see cref="Slot.ReleaseTensorTypeAndShapeInfo"/>.</summary>
    public static nint GetTensorTypeAndShape(nint value)
    {
        nint info;
        Check(((delegate* unmanaged[Cdecl]<nint, nint*, nint>)s_api[65])(value, &info));
        return info;
    }

    public static int GetValueCount(nint value)
    {
        nuint count;
        Check(((delegate* unmanaged[Cdecl]<nint, nuint*, nint>)s_api[81])(value, &count));
        return checked((int)count);
    }

    /// <summary>Element <paramref name="index"/> of a sequence, or the keys (0) / values (1) of a map; owned.</summary>
    public static nint GetValue(nint value, int index, nint allocator)
    {
        nint element;
        Check(((delegate* unmanaged[Cdecl]<nint, int, nint, nint*, nint>)s_api[80])(value, index, allocator, &element));
        return element;
    }
}
