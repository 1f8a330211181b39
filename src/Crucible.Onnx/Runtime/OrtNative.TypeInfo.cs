using System.Runtime.InteropServices;

namespace Crucible.Onnx;

/// <summary>Type information: OrtTypeInfo, tensor type-and-shape, sequence and map element types.</summary>
internal static unsafe partial class OrtNative
{
    public static OnnxValueKind GetOnnxTypeFromTypeInfo(nint typeInfo)
    {
        int kind;
        Check(((delegate* unmanaged[Cdecl]<nint, int*, nint>)s_api[56])(typeInfo, &kind));
        return (OnnxValueKind)kind;
    }

    /// <summary>Borrowed from the OrtTypeInfo; do not release.</summary>
    public static nint CastTypeInfoToTensorInfo(nint typeInfo) => Cast(55, typeInfo);

    /// <summary>Borrowed from the OrtTypeInfo; do not release.</summary>
    public static nint CastTypeInfoToMapTypeInfo(nint typeInfo) => Cast(103, typeInfo);

    /// <summary>Borrowed from the OrtTypeInfo; do not release.</summary>
    public static nint CastTypeInfoToSequenceTypeInfo(nint typeInfo) => Cast(104, typeInfo);

    public static OnnxElementType GetMapKeyType(nint mapInfo)
    {
        int type;
        Check(((delegate* unmanaged[Cdecl]<nint, int*, nint>)s_api[105])(mapInfo, &type));
        return (OnnxElementType)type;
    }

    /// <summary>Owned OrtTypeInfo of a map's values.</summary>
    public static nint GetMapValueType(nint mapInfo) => OwnedTypeInfo(106, mapInfo);

    /// <summary>Owned OrtTypeInfo of a sequence's elements.</summary>
    public static nint GetSequenceElementType(nint sequenceInfo) => OwnedTypeInfo(107, sequenceInfo);

    public static OnnxElementType GetTensorElementType(nint tensorInfo)
    {
        int type;
        Check(((delegate* unmanaged[Cdecl]<nint, int*, nint>)s_api[60])(tensorInfo, &type));
        return (OnnxElementType)type;
    }

    /// <summary>Dimensions (-1 where not fixed) and their symbolic names ("" where none).</summary>
    public static (long[] Dims, string[] Symbols) GetShape(nint tensorInfo, bool withSymbols)
    {
        nuint rank;
        Check(((delegate* unmanaged[Cdecl]<nint, nuint*, nint>)s_api[61])(tensorInfo, &rank));
        var dims = new long[(int)rank];
        var symbols = withSymbols ? new string[(int)rank] : [];
        fixed (long* d = dims)
        {
            Check(((delegate* unmanaged[Cdecl]<nint, long*, nuint, nint>)s_api[62])(tensorInfo, d, rank));
        }

        if (withSymbols && rank > 0)
        {
            var names = new nint[(int)rank];
            fixed (nint* n = names)
            {
                Check(((delegate* unmanaged[Cdecl]<nint, nint*, nuint, nint>)s_api[63])(tensorInfo, n, rank));
            }

            for (var i = 0; i < names.Length; i++)
            {
                symbols[i] = names[i] == 0 ? string.Empty : Marshal.PtrToStringUTF8(names[i]) ?? string.Empty;
            }
        }

        return (dims, symbols);
    }

    private static nint Cast(int slot, nint typeInfo)
    {
        nint result;
        Check(((delegate* unmanaged[Cdecl]<nint, nint*, nint>)s_api[slot])(typeInfo, &result));
        return result;
    }

    private static nint OwnedTypeInfo(int slot, nint info)
    {
        nint result;
        Check(((delegate* unmanaged[Cdecl]<nint, nint*, nint>)s_api[slot])(info, &result));
        return result;
    }
}
