using Crucible.Core.Errors;

namespace Crucible.Onnx.Tests.Runtime;

public sealed class OrtLibraryLocatorTests
{
    [Fact]
    public void Override_path_that_does_not_exist_gives_a_clear_error_naming_it()
    {
        var ex = Assert.Throws<CrucibleException>(() => OrtLibraryLocator.Load("/nonexistent", [AppContext.BaseDirectory]));

        Assert.Equal(ErrorCode.InternalError, ex.Code);
        Assert.Contains("/nonexistent (not found)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CRUCIBLE_ORT_LIBRARY", ex.Message, StringComparison.Ordinal);
        // The override is authoritative: the copy beside the binaries is not silently used instead.
        Assert.DoesNotContain(AppContext.BaseDirectory, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Override_path_that_is_not_a_library_gives_a_clear_error()
    {
        var path = Path.Combine(Fixtures.Folder, "mlp.onnx");

        var ex = Assert.Throws<CrucibleException>(() => OrtLibraryLocator.Load(path, []));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("failed to load", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_everywhere_lists_every_directory_tried()
    {
        var dirs = new[] { "/nonexistent/a", "/nonexistent/b" };

        var ex = Assert.Throws<CrucibleException>(() => OrtLibraryLocator.Load(null, dirs, searchLoaderPath: false));

        Assert.Contains("/nonexistent/a/libonnxruntime.so.1 (not found)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/b/libonnxruntime.so.1 (not found)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Library_is_copied_beside_the_test_binaries_and_loads()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, OrtLibraryLocator.LibraryFileName)));
        Assert.NotEqual(0, OrtLibraryLocator.Load(null, [AppContext.BaseDirectory]));
        Assert.StartsWith("1.30", OnnxSession.RuntimeVersion, StringComparison.Ordinal);
    }
}
