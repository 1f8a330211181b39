using System.Reflection;
using System.Runtime.Loader;
using Crucible.Core.Errors;

namespace Crucible.Onnx.Tests.Runtime;

/// <summary>
/// Runs the real start-up path with CRUCIBLE_ORT_LIBRARY=/nonexistent. A fresh copy of Crucible.Onnx is loaded into
/// its own AssemblyLoadContext, so it has its own not-yet-initialised runtime singleton, while the copy every other
/// test uses is initialised first and never reads the variable again.
/// </summary>
public sealed class MissingLibraryTests
{
    [Fact]
    public void Nonexistent_override_gives_a_clear_startup_error_not_a_crash()
    {
        _ = OnnxSession.RuntimeVersion;
        var context = new AssemblyLoadContext("ort-missing", isCollectible: true);
        var previous = Environment.GetEnvironmentVariable(OrtLibraryLocator.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(OrtLibraryLocator.EnvironmentVariable, "/nonexistent");
            var assembly = context.LoadFromAssemblyPath(typeof(OnnxSession).Assembly.Location);
            var version = assembly.GetType(typeof(OnnxSession).FullName!)!.GetProperty(nameof(OnnxSession.RuntimeVersion))!;

            var ex = Assert.Throws<TargetInvocationException>(() => version.GetValue(null));
            var error = Assert.IsType<CrucibleException>(ex.InnerException);
            Assert.Contains("/nonexistent (not found)", error.Message, StringComparison.Ordinal);
            Assert.Contains("CRUCIBLE_ORT_LIBRARY is set", error.Message, StringComparison.Ordinal);

            // A second use reports the same start-up error rather than half-initialised state.
            var again = Assert.Throws<TargetInvocationException>(() => version.GetValue(null));
            Assert.IsType<CrucibleException>(again.InnerException);
        }
        finally
        {
            Environment.SetEnvironmentVariable(OrtLibraryLocator.EnvironmentVariable, previous);
            context.Unload();
        }

        Assert.StartsWith("1.30", OnnxSession.RuntimeVersion, StringComparison.Ordinal);
    }
}
