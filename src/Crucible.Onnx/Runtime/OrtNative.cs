using System.Globalization;
using System.Runtime.InteropServices;

namespace Crucible.Onnx;

/// <summary>
/// The ONNX Runtime C API, reached through the <c>OrtApi</c> function-pointer table that <c>OrtGetApiBase</c> hands out
/// (the library exports nothing else). Slot numbers are the 0-based positions in <c>struct OrtApi</c>; the table only
/// grows at the end, so they hold for every library newer than the version requested.
/// Callers must go through <see cref="OrtEnvironment.Instance"/> first, which loads the library and the table.
/// </summary>
internal static unsafe partial class OrtNative
{
    /// <summary>The API version asked for: ORT 1.30 ships API 30, and older libraries are asked for their own minor.</summary>
    private const uint WantedApiVersion = 30;

    /// <summary>Oldest API with every slot used here (string tensor element access arrived around 1.8).</summary>
    private const uint MinimumApiVersion = 14;

    private static nint* s_api;

    public static string VersionString { get; private set; } = string.Empty;

    /// <summary>Loads the OrtApi table from a library handle; not thread-safe, called once under a lock.</summary>
    public static void Initialize(nint library)
    {
        var getApiBase = (delegate* unmanaged[Cdecl]<nint*>)NativeLibrary.GetExport(library, "OrtGetApiBase");
        var apiBase = getApiBase();
        var getApi = (delegate* unmanaged[Cdecl]<uint, nint*>)apiBase[0];
        var getVersion = (delegate* unmanaged[Cdecl]<byte*>)apiBase[1];
        VersionString = Marshal.PtrToStringUTF8((nint)getVersion()) ?? string.Empty;

        // Asking for a newer API than the library knows prints to stderr and returns NULL, so derive it from the version.
        var parts = VersionString.Split('.');
        var minor = parts.Length > 1 && uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : WantedApiVersion;
        var version = Math.Min(minor, WantedApiVersion);
        if (version < MinimumApiVersion)
        {
            throw new InvalidOperationException($"ONNX Runtime {VersionString} is too old; 1.{MinimumApiVersion} or newer is needed (1.30 is tested).");
        }

        var api = getApi(version);
        if (api is null)
        {
            throw new InvalidOperationException($"ONNX Runtime {VersionString} does not provide API version {version}.");
        }

        s_api = api;
    }

    /// <summary>Throws <see cref="OnnxRuntimeException"/> for a non-null OrtStatus, copying the message before releasing it.</summary>
    public static void Check(nint status)
    {
        if (status != 0)
        {
            throw ToException(status);
        }
    }

    private static OnnxRuntimeException ToException(nint status)
    {
        try
        {
            var code = ((delegate* unmanaged[Cdecl]<nint, int>)s_api[1])(status);
            var message = Marshal.PtrToStringUTF8(((delegate* unmanaged[Cdecl]<nint, nint>)s_api[2])(status)) ?? string.Empty;
            return new OnnxRuntimeException((OrtErrorCode)code, message);
        }
        finally
        {
            Release(93, status);
        }
    }

    /// <summary>Calls one of the void Release* slots (92 env .. 100 session options).</summary>
    public static void Release(int slot, nint handle)
    {
        if (handle != 0)
        {
            ((delegate* unmanaged[Cdecl]<nint, void>)s_api[slot])(handle);
        }
    }

    internal static class Slot
    {
        public const int ReleaseEnv = 92;
        public const int ReleaseMemoryInfo = 94;
        public const int ReleaseSession = 95;
        public const int ReleaseValue = 96;
        public const int ReleaseTypeInfo = 98;
        public const int ReleaseTensorTypeAndShapeInfo = 99;
        public const int ReleaseSessionOptions = 100;
    }

    public static nint CreateEnv(int logLevel, string logId)
    {
        nint env;
        var id = Marshal.StringToCoTaskMemUTF8(logId);
        try
        {
            Check(((delegate* unmanaged[Cdecl]<int, nint, nint*, nint>)s_api[3])(logLevel, id, &env));
        }
        finally
        {
            Marshal.FreeCoTaskMem(id);
        }

        return env;
    }

    public static nint CreateCpuMemoryInfo()
    {
        nint info;
        // OrtArenaAllocator = 1, OrtMemTypeDefault = 0.
        Check(((delegate* unmanaged[Cdecl]<int, int, nint*, nint>)s_api[69])(1, 0, &info));
        return info;
    }

    public static nint GetAllocatorWithDefaultOptions()
    {
        nint allocator;
        Check(((delegate* unmanaged[Cdecl]<nint*, nint>)s_api[78])(&allocator));
        return allocator;
    }

    public static void AllocatorFree(nint allocator, nint p) =>
        Check(((delegate* unmanaged[Cdecl]<nint, nint, nint>)s_api[76])(allocator, p));
}
