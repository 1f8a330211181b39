using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using Crucible.Core.Errors;
using Crucible.Onnx.Runtime;

namespace Crucible.Onnx.Tests.Runtime;

/// <summary>
/// Runs the real start-up path with no native library to be found. Fresh copies of Crucible.Onnx and the official
/// managed API are loaded from a folder without runtimes/&lt;rid&gt;/native into their own AssemblyLoadContext, which
/// refuses to load onnxruntime; so they have their own not-yet-initialised runtime singleton, while the copy every
/// other test uses is initialised first and keeps working.
/// </summary>
public sealed class MissingLibraryTests
{
    [Fact]
    public void Library_that_cannot_load_gives_a_clear_startup_error_not_a_crash()
    {
        _ = OnnxSession.RuntimeVersion;
        var folder = Directory.CreateTempSubdirectory("ort-missing-").FullName;
        foreach (var name in new[] { "Crucible.Onnx.dll", "Microsoft.ML.OnnxRuntime.dll" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, name), Path.Combine(folder, name));
        }

        var context = new NoNativeOrtContext(folder);
        try
        {
            var assembly = context.LoadFromAssemblyPath(Path.Combine(folder, "Crucible.Onnx.dll"));
            var version = assembly.GetType(typeof(OnnxSession).FullName!)!.GetProperty(nameof(OnnxSession.RuntimeVersion))!;

            var ex = Assert.Throws<TargetInvocationException>(() => version.GetValue(null));
            var error = Assert.IsType<CrucibleException>(ex.InnerException);
            Assert.Equal(ErrorCode.InternalError, error.Code);
            Assert.Contains("ONNX Runtime is not available", error.Message, StringComparison.Ordinal);
            Assert.Contains(RuntimeInformation.RuntimeIdentifier, error.Message, StringComparison.Ordinal);
            Assert.Contains("runtimes/<rid>/native", error.Message, StringComparison.Ordinal);

            // A second use reports the same start-up error rather than half-initialised state.
            var again = Assert.Throws<TargetInvocationException>(() => version.GetValue(null));
            Assert.IsType<CrucibleException>(again.InnerException);
        }
        finally
        {
            context.Unload();
            Directory.Delete(folder, recursive: true);
        }

        Assert.StartsWith("1.32", OnnxSession.RuntimeVersion, StringComparison.Ordinal);
    }

    [Fact]
    public void Library_comes_from_the_official_package_beside_the_test_binaries()
    {
        var native = Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");

        Assert.True(Directory.Exists(native), native);
        Assert.NotEmpty(Directory.GetFiles(native, "*onnxruntime*"));
        Assert.StartsWith("1.32", OnnxSession.RuntimeVersion, StringComparison.Ordinal);
    }

    /// <summary>Loads managed assemblies from <c>folder</c> when they are there and refuses the ONNX Runtime native library.</summary>
    private sealed class NoNativeOrtContext(string folder) : AssemblyLoadContext("ort-missing", isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(folder, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }

        protected override nint LoadUnmanagedDll(string unmanagedDllName) =>
            unmanagedDllName.Contains("onnxruntime", StringComparison.OrdinalIgnoreCase)
                ? throw new DllNotFoundException($"{unmanagedDllName} is withheld by this test")
                : 0;
    }
}
