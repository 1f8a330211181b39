using System.Net;
using System.Security.Cryptography;
using Crucible.Client;
using Crucible.Contracts.Mlflow;

namespace Crucible.Cli.Tests.Client;

/// <summary>Model packages and lineage through the client (Crucible's native API), against the real server.</summary>
public sealed class PackageClientTests(TrackingServer server) : IClassFixture<TrackingServer>
{
    [Fact]
    public async Task A_written_package_is_registered_verified_and_downloaded_with_its_recorded_checksums()
    {
        using var client = server.Client();
        var (runId, written) = await ClientFixtures.PackagedRunAsync(client);
        var name = TrackingServer.UniqueName("pkg");
        await client.CreateRegisteredModelAsync(name);
        await client.CreateModelVersionAsync(name, written.Source, runId);

        var package = await client.GetModelPackageAsync(name, "1");
        var verified = await client.VerifyModelPackageAsync(name, "1");
        var downloaded = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in package.Files ?? [])
        {
            using var buffer = new MemoryStream();
            await client.DownloadModelFileAsync(name, "1", file.Path, buffer);
            downloaded[file.Path] = Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
        }

        Assert.Equal($"runs:/{runId}/model", written.Source);
        Assert.Equal("model.onnx", Path.GetFileName(written.Package.ModelFile));
        var recorded = written.Files.ToDictionary(f => f.Path, f => f.Sha256);
        Assert.Contains(package.Files ?? [], f => f.Path == "model.onnx");
        Assert.All(package.Files ?? [], f => Assert.Equal(recorded[f.Path], f.Sha256));
        Assert.Equal(package.Files?.Select(f => f.Sha256), verified.Files?.Select(f => f.Sha256));
        Assert.Equal((package.Files ?? []).ToDictionary(f => f.Path, f => f.Sha256), downloaded);
    }

    [Fact]
    public async Task Bytes_that_are_not_onnx_are_refused_and_an_unrecorded_file_is_not_found()
    {
        using var client = server.Client();
        var run = await client.CreateRunAsync("0");
        var (name, _) = await ClientFixtures.RegisteredVersionAsync(client);

        var notOnnx = await Assert.ThrowsAsync<CrucibleApiException>(() => client.WriteModelPackageAsync(run.Info.RunId, new MemoryStream("not a model"u8.ToArray())));
        var missing = await Assert.ThrowsAsync<CrucibleApiException>(() => client.DownloadModelFileAsync(name, "1", "no/such.bin", Stream.Null));

        Assert.Equal((HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"), (notOnnx.StatusCode, notOnnx.ErrorCode));
        Assert.Equal((HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST"), (missing.StatusCode, missing.ErrorCode));
        Assert.Contains("no/such.bin", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lineage_names_the_run_its_params_and_datasets_and_the_dataset_names_the_version()
    {
        using var client = server.Client();
        var dataset = TrackingServer.UniqueName("train");
        var (runId, written) = await ClientFixtures.PackagedRunAsync(client);
        await client.LogParameterAsync(runId, "max_iter", "60");
        await client.LogInputsAsync(runId, [new DatasetInputDto(null, new DatasetDto(dataset, "d1g3st", "crucible", $"datasets:/{dataset}/1", null, null))]);
        var name = TrackingServer.UniqueName("lin");
        await client.CreateRegisteredModelAsync(name);
        await client.CreateModelVersionAsync(name, written.Source, runId);

        var lineage = await client.GetModelLineageAsync(name, "1");
        var trained = await client.ListModelVersionsTrainedOnAsync(dataset, "d1g3st");
        var otherDigest = await client.ListModelVersionsTrainedOnAsync(dataset, "other");

        Assert.Equal((runId, "0"), (lineage.RunId, lineage.ExperimentId));
        Assert.Contains(new KeyValue("max_iter", "60"), lineage.Params ?? []);
        var input = Assert.Single(lineage.Datasets ?? []);
        Assert.Equal((dataset, "d1g3st", $"datasets:/{dataset}/1"), (input.Name, input.Digest, input.Source));
        Assert.Equal([(name, "1")], trained.ModelVersions.Select(v => (v.Name, v.Version)));
        Assert.Empty(otherDigest.ModelVersions);
    }
}
