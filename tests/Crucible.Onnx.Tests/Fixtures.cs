using System.Text.Json;

namespace Crucible.Onnx.Tests;

/// <summary>The committed fixture models and the expectations make_fixtures.py computed for them.</summary>
internal static class Fixtures
{
    private static readonly Lazy<JsonDocument> s_expected = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json"))));

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static JsonElement Expected => s_expected.Value.RootElement;

    public static IEnumerable<string> Names => Expected.EnumerateObject().Select(p => p.Name);

    public static IEnumerable<string> RunnableNames => Names.Where(n => Expected.GetProperty(n).TryGetProperty("run", out _));

    public static TheoryData<string> All => new(Names);

    public static TheoryData<string> Runnable => new(RunnableNames);

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Folder, name + ".onnx"));

    public static JsonElement For(string name) => Expected.GetProperty(name);
}
