using Crucible.Client;
using Crucible.Contracts.Mlflow;

namespace Crucible.Cli.Tests.Client;

/// <summary>ONNX fixtures and a registered, packaged version, made through the client itself.</summary>
internal static class ClientFixtures
{
    /// <summary>The path of a model in <c>tests/Crucible.Onnx.Tests/Fixtures</c>.</summary>
    public static string Onnx(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Crucible.Onnx.Tests", "Fixtures", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"Fixture {name} not found above {AppContext.BaseDirectory}");
    }

    /// <summary>A finished run holding <paramref name="fixture"/> as a package under <c>model</c>.</summary>
    public static async Task<(string RunId, WritePackageResponse Package)> PackagedRunAsync(CrucibleClient client, string fixture = "mlp.onnx")
    {
        var run = await client.CreateRunAsync("0");
        await using var model = File.OpenRead(Onnx(fixture));
        var written = await client.WriteModelPackageAsync(run.Info.RunId, model);
        await client.UpdateRunAsync(run.Info.RunId, RunStatus.Finished);
        return (run.Info.RunId, written);
    }

    /// <summary>A new registered model whose version 1 is <paramref name="fixture"/>, packaged into a run.</summary>
    public static async Task<(string Name, string RunId)> RegisteredVersionAsync(CrucibleClient client, string fixture = "mlp.onnx")
    {
        var name = TrackingServer.UniqueName("model");
        var (runId, package) = await PackagedRunAsync(client, fixture);
        await client.CreateRegisteredModelAsync(name);
        await client.CreateModelVersionAsync(name, package.Source, runId);
        return (name, runId);
    }
}
