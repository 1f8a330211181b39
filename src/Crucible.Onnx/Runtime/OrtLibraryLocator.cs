using System.Runtime.InteropServices;
using Crucible.Core.Errors;

namespace Crucible.Onnx;

/// <summary>
/// Finds and loads the ONNX Runtime shared library. <c>CRUCIBLE_ORT_LIBRARY</c>, when set, is the only place tried;
/// otherwise the application folder, its runtimes/&lt;rid&gt;/native folder, this assembly's folder and finally the
/// system loader path. A failure names every path tried instead of crashing on first use.
/// </summary>
internal static class OrtLibraryLocator
{
    public const string EnvironmentVariable = "CRUCIBLE_ORT_LIBRARY";
    public const string LibraryFileName = "libonnxruntime.so.1";

    /// <summary>Loads the library for this process, honouring <see cref="EnvironmentVariable"/>.</summary>
    public static nint LoadForProcess() =>
        Load(Environment.GetEnvironmentVariable(EnvironmentVariable), DefaultDirectories());

    /// <summary>
    /// Loads from <paramref name="overridePath"/> if given, otherwise from the first directory holding the library,
    /// then (when <paramref name="searchLoaderPath"/>) by file name through the system loader.
    /// </summary>
    public static nint Load(string? overridePath, IEnumerable<string> directories, bool searchLoaderPath = true)
    {
        var tried = new List<string>();
        if (!string.IsNullOrWhiteSpace(overridePath))
        {
            if (TryLoad(overridePath, tried, out var handle))
            {
                return handle;
            }

            throw Unavailable(tried, $"{EnvironmentVariable} is set");
        }

        foreach (var dir in directories.Distinct(StringComparer.Ordinal))
        {
            if (TryLoad(Path.Combine(dir, LibraryFileName), tried, out var handle))
            {
                return handle;
            }
        }

        if (searchLoaderPath)
        {
            if (NativeLibrary.TryLoad(LibraryFileName, out var fromLoaderPath))
            {
                return fromLoaderPath;
            }

            tried.Add($"{LibraryFileName} on the system loader path (not found)");
        }

        throw Unavailable(tried, "no copy was found");
    }

    private static IEnumerable<string> DefaultDirectories()
    {
        var baseDir = AppContext.BaseDirectory;
        yield return baseDir;
        yield return Path.Combine(baseDir, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
        var assemblyDir = Path.GetDirectoryName(typeof(OrtLibraryLocator).Assembly.Location);
        if (!string.IsNullOrEmpty(assemblyDir))
        {
            yield return assemblyDir;
        }
    }

    private static bool TryLoad(string path, List<string> tried, out nint handle)
    {
        handle = 0;
        if (!File.Exists(path))
        {
            tried.Add($"{path} (not found)");
            return false;
        }

        try
        {
            handle = NativeLibrary.Load(path);
            return true;
        }
        catch (DllNotFoundException ex)
        {
            tried.Add($"{path} (failed to load: {ex.Message})");
            return false;
        }
        catch (BadImageFormatException ex)
        {
            tried.Add($"{path} (not a loadable library for this platform: {ex.Message})");
            return false;
        }
    }

    private static CrucibleException Unavailable(List<string> tried, string situation) => new(
        ErrorCode.InternalError,
        $"ONNX Runtime is not available ({situation}). Tried: {string.Join("; ", tried)}. "
        + $"Point {EnvironmentVariable} at a libonnxruntime.so.1 (ONNX Runtime 1.30, linux-x64), "
        + "or rebuild so eng/OnnxRuntime.targets fetches it next to the binaries.");
}
