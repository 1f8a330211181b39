using System.Runtime.InteropServices;

namespace Crucible.Onnx;

/// <summary>Session options, session creation, signature queries and Run.</summary>
internal static unsafe partial class OrtNative
{
    public static nint CreateSessionOptions()
    {
        nint options;
        Check(((delegate* unmanaged[Cdecl]<nint*, nint>)s_api[10])(&options));
        return options;
    }

    public static void SetExecutionModeSequential(nint options) =>
        Check(((delegate* unmanaged[Cdecl]<nint, int, nint>)s_api[13])(options, 0));

    public static void SetGraphOptimizationLevel(nint options, int level) =>
        Check(((delegate* unmanaged[Cdecl]<nint, int, nint>)s_api[23])(options, level));

    public static void SetIntraOpNumThreads(nint options, int threads) =>
        Check(((delegate* unmanaged[Cdecl]<nint, int, nint>)s_api[24])(options, threads));

    public static void SetInterOpNumThreads(nint options, int threads) =>
        Check(((delegate* unmanaged[Cdecl]<nint, int, nint>)s_api[25])(options, threads));

    public static void AddSessionConfigEntry(nint options, string key, string value)
    {
        var k = Marshal.StringToCoTaskMemUTF8(key);
        var v = Marshal.StringToCoTaskMemUTF8(value);
        try
        {
            Check(((delegate* unmanaged[Cdecl]<nint, nint, nint, nint>)s_api[130])(options, k, v));
        }
        finally
        {
            Marshal.FreeCoTaskMem(k);
            Marshal.FreeCoTaskMem(v);
        }
    }

    /// <summary>CreateSession takes ORTCHAR_T*, which is UTF-8 char on Linux and macOS (wchar_t only on Windows).</summary>
    public static nint CreateSession(nint env, string path, nint options)
    {
        nint session;
        var p = Marshal.StringToCoTaskMemUTF8(path);
        try
        {
            Check(((delegate* unmanaged[Cdecl]<nint, nint, nint, nint*, nint>)s_api[7])(env, p, options, &session));
        }
        finally
        {
            Marshal.FreeCoTaskMem(p);
        }

        return session;
    }

    public static nint CreateSessionFromArray(nint env, ReadOnlySpan<byte> model, nint options)
    {
        nint session;
        fixed (byte* data = model)
        {
            Check(((delegate* unmanaged[Cdecl]<nint, byte*, nuint, nint, nint*, nint>)s_api[8])(env, data, (nuint)model.Length, options, &session));
        }

        return session;
    }

    public static int SessionGetCount(nint session, bool outputs)
    {
        nuint count;
        Check(((delegate* unmanaged[Cdecl]<nint, nuint*, nint>)s_api[outputs ? 31 : 30])(session, &count));
        return checked((int)count);
    }

    /// <summary>The input or output name, copied; ORT's allocation is freed here.</summary>
    public static string SessionGetName(nint session, int index, bool output, nint allocator)
    {
        nint name;
        Check(((delegate* unmanaged[Cdecl]<nint, nuint, nint, nint*, nint>)s_api[output ? 37 : 36])(session, (nuint)index, allocator, &name));
        try
        {
            return Marshal.PtrToStringUTF8(name) ?? string.Empty;
        }
        finally
        {
            AllocatorFree(allocator, name);
        }
    }

    /// <summary>An owned OrtTypeInfo for an input or output; release with <see cref="Slot.ReleaseTypeInfo"/>.</summary>
    public static nint SessionGetTypeInfo(nint session, int index, bool output)
    {
        nint info;
        Check(((delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint>)s_api[output ? 34 : 33])(session, (nuint)index, &info));
        return info;
    }

    public static nint Run(nint session, nint* inputNames, nint* inputs, int inputCount, nint* outputNames, int outputCount, nint* outputs) =>
        ((delegate* unmanaged[Cdecl]<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)s_api[9])(
            session, 0, inputNames, inputs, (nuint)inputCount, outputNames, (nuint)outputCount, outputs);
}
