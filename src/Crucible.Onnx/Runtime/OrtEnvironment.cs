using System.Runtime.InteropServices;
using Crucible.Core.Errors;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Crucible.Onnx.Runtime;

/// <summary>
/// The process's ONNX Runtime environment, created on first use with ORT's own logging at error level (warnings such
/// as unused initializers stay out of the service log). The native library comes from the official package's
/// runtimes/&lt;rid&gt;/native folder. If it cannot be loaded, every use rethrows the same clear start-up error.
/// </summary>
internal sealed class OrtEnvironment
{
    private static readonly Lazy<OrtEnvironment> s_instance = new(() => Start(CreateEnv), LazyThreadSafetyMode.ExecutionAndPublication);

    private OrtEnvironment(string version) => Version = version;

    public static OrtEnvironment Instance => s_instance.Value;

    public string Version { get; }

    /// <summary>Starts ORT through <paramref name="createEnv"/>, turning a library that will not load into a CrucibleException.</summary>
    internal static OrtEnvironment Start(Func<Ort.OrtEnv> createEnv)
    {
        try
        {
            return new OrtEnvironment(createEnv().GetVersionString());
        }
        catch (Exception ex) when (IsLoadFailure(ex))
        {
            throw Unavailable(ex);
        }
    }

    internal static CrucibleException Unavailable(Exception cause)
    {
        var root = cause;
        while (root is TypeInitializationException { InnerException: { } inner })
        {
            root = inner;
        }

        return new CrucibleException(
            ErrorCode.InternalError,
            $"ONNX Runtime is not available: its native library could not be loaded for {RuntimeInformation.RuntimeIdentifier} "
            + $"({root.GetType().Name}: {root.Message}). It ships in the Microsoft.ML.OnnxRuntime package under "
            + $"runtimes/<rid>/native (linux-x64, linux-arm64, osx-arm64, win-x64, win-arm64); publish for one of those "
            + $"runtime identifiers or keep the runtimes folder beside the application ({AppContext.BaseDirectory}).",
            cause);
    }

    private static bool IsLoadFailure(Exception ex) => ex switch
    {
        DllNotFoundException or BadImageFormatException or EntryPointNotFoundException => true,
        TypeInitializationException { InnerException: { } inner } => IsLoadFailure(inner),
        _ => false,
    };

    private static Ort.OrtEnv CreateEnv()
    {
        if (Ort.OrtEnv.IsCreated)
        {
            return Ort.OrtEnv.Instance();
        }

        var options = new Ort.EnvironmentCreationOptions { logId = "crucible", logLevel = Ort.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        return Ort.OrtEnv.CreateInstanceWithOptions(ref options);
    }
}
