using System.Text.Json;
using Crucible.Onnx.Runtime;

namespace Crucible.Onnx.Tests;

/// <summary>The committed fixture models and the expectations make_fixtures.py computed for them.</summary>
internal static class Fixtures
{
    private static readonly Lazy<JsonDocument> s_expected = new(() =>
        JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(Folder, "expected.json"))));

    public static string Folder => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static JsonElement Expected => s_expected.Value.RootElement;

    public static IEnumerable<string> Names => Expected.EnumerateObject().Select(p => p.Name);

    public static IEnumerable<string> RunnableNames => Names.Where(n => Expected.GetProperty(n).TryGetProperty("run", out _));

    public static TheoryData<string> All => new(Names);

    public static TheoryData<string> Runnable => new(RunnableNames);

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path(name));

    public static JsonElement For(string name) => Expected.GetProperty(name);

    public static string Path(string name) => System.IO.Path.Combine(Folder, name + ".onnx");

    public static bool HasExternalData(string name) => For(name).GetProperty("external_files").GetArrayLength() > 0;

    /// <summary>Opens a fixture the way serving would: from bytes, or from its path when weights sit in a side file.</summary>
    public static OnnxSession Session(string name) =>
        HasExternalData(name) ? OnnxSession.FromFile(Path(name)) : new OnnxSession(Bytes(name));
}
