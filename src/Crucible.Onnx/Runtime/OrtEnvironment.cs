namespace Crucible.Onnx;

/// <summary>
/// The one OrtEnv of the process, with the CPU memory info and the default allocator every session shares.
/// Created on first use; if the library cannot be loaded, every use rethrows the same start-up error.
/// </summary>
internal sealed class OrtEnvironment
{
    /// <summary>ORT_LOGGING_LEVEL_ERROR: warnings (such as unused initializers) stay out of the service log.</summary>
    private const int LogLevelError = 3;

    private static readonly Lazy<OrtEnvironment> s_instance = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    private OrtEnvironment(OrtEnvHandle env, OrtMemoryInfoHandle cpuMemory, nint allocator, string version)
    {
        Env = env;
        CpuMemory = cpuMemory;
        DefaultAllocator = allocator;
        Version = version;
    }

    public static OrtEnvironment Instance => s_instance.Value;

    public OrtEnvHandle Env { get; }

    public OrtMemoryInfoHandle CpuMemory { get; }

    /// <summary>ORT's default CPU allocator; owned by ORT and never released.</summary>
    public nint DefaultAllocator { get; }

    public string Version { get; }

    private static OrtEnvironment Create()
    {
        var library = OrtLibraryLocator.LoadForProcess();
        OrtNative.Initialize(library);
        var env = new OrtEnvHandle(OrtNative.CreateEnv(LogLevelError, "crucible"));
        var memory = new OrtMemoryInfoHandle(OrtNative.CreateCpuMemoryInfo());
        return new OrtEnvironment(env, memory, OrtNative.GetAllocatorWithDefaultOptions(), OrtNative.VersionString);
    }
}
