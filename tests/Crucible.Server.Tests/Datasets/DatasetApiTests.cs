using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Crucible.Server.Tests.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Datasets;

/// <summary>Datasets as named, versioned records over the native API: registration, provenance, bad files, download, lineage.</summary>
public sealed class DatasetApiTests : DatasetApiTestBase
{
    [Fact]
    public async Task Register_profiles_stores_and_numbers_versions_and_re_registering_is_idempotent()
    {
        var bytes = Encoding.UTF8.GetBytes(Csv);
        var first = await RegisterAsync("customers", Csv);
        Assert.True((bool)first["created"]!);
        var v1 = first["dataset_version"]!;
        Assert.Equal(1, (long)v1["version"]!);
        Assert.Equal(Sha256(bytes), (string)v1["digest"]!);
        Assert.Equal((3L, (long)bytes.Length, "csv"), ((long)v1["row_count"]!, (long)v1["size_bytes"]!, (string)v1["format"]!));
        Assert.Equal($"mlflow-artifacts:/datasets/customers/{Sha256(bytes)}/data.csv", (string)v1["artifact_location"]!);
        Assert.Equal(["id", "age", "email"], v1["schema"]!.AsArray().Select(c => (string)c!["name"]!));
        Assert.Equal(["integer", "integer", "string"], v1["schema"]!.AsArray().Select(c => (string)c!["type"]!));
        Assert.True((bool)v1["schema"]![1]!["nullable"]!);
        Assert.Equal(3L, (long)v1["profile"]!["row_count"]!);
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(Artifacts, "datasets", "customers", Sha256(bytes), "data.csv")));

        var again = await RegisterAsync("customers", Csv, "format=csv&owner=someone");
        Assert.False((bool)again["created"]!);
        Assert.Equal(1, (long)again["dataset_version"]!["version"]!);

        var jsonl = "{\"id\":1,\"x\":0.5}\n{\"id\":2,\"x\":null}\n";
        var second = await RegisterAsync("customers", jsonl, "format=jsonl");
        Assert.Equal((2L, "jsonl", 2L), ((long)second["dataset_version"]!["version"]!, (string)second["dataset_version"]!["format"]!, (long)second["dataset_version"]!["row_count"]!));

        var versions = await OkAsync(HttpMethod.Get, "/api/crucible/v1/datasets/customers/versions");
        Assert.Equal([1L, 2L], versions["versions"]!.AsArray().Select(v => (long)v!["version"]!));
        Assert.Null(versions["versions"]![0]!["profile"]);
        var all = await OkAsync(HttpMethod.Get, "/api/crucible/v1/datasets");
        Assert.Equal(("customers", 2L), ((string)all["datasets"]![0]!["name"]!, (long)all["datasets"]![0]!["latest_version"]!));
    }

    [Fact]
    public async Task Provenance_round_trips()
    {
        await RegisterAsync("raw", Csv);
        var redacted = Csv.Replace("@x.org", "@masked", StringComparison.Ordinal);
        await RegisterAsync(
            "clean",
            redacted,
            "format=csv&source=s3%3A%2F%2Fbucket%2Fraw.csv&owner=ana&license=CC-BY-4.0&description=masked%20emails&parents=raw%401&transform=redact%3A%20mask%20email");
        var v = await OkAsync(HttpMethod.Get, "/api/crucible/v1/datasets/clean/versions/1");
        Assert.Equal("s3://bucket/raw.csv", (string)v["source"]!);
        Assert.Equal(("ana", "CC-BY-4.0", "masked emails", "redact: mask email"), ((string)v["owner"]!, (string)v["license"]!, (string)v["description"]!, (string)v["transform"]!));
        Assert.Equal(["raw@1"], v["parents"]!.AsArray().Select(p => (string)p!));
        Assert.Equal("s3://bucket/raw.csv", (string)v["profile"]!["source"]!);

        var (status, problem) = await SendAsync(HttpMethod.Post, "/api/crucible/v1/datasets/orphan/versions?parents=raw%409", Encoding.UTF8.GetBytes(Csv));
        Assert.Equal((404, "RESOURCE_DOES_NOT_EXIST"), (status, (string)problem!["errorCode"]!));
        var (bad, _) = await SendAsync(HttpMethod.Post, "/api/crucible/v1/datasets/orphan/versions?parents=raw", Encoding.UTF8.GetBytes(Csv));
        Assert.Equal(400, bad);
    }

    public static TheoryData<string, string, byte[], string> BadFiles() => new()
    {
        { "ragged", "csv", Encoding.UTF8.GetBytes("a,b\n1,2\n3\n"), "line 3" },
        { "quote", "csv", Encoding.UTF8.GetBytes("a,b\n1,\"open\n2,3\n"), "line 2" },
        { "utf8", "csv", [.. Encoding.UTF8.GetBytes("a,b\n1,2\n"), 0xC3, 0x28, (byte)',', (byte)'1', (byte)'\n'], "line 3" },
        { "empty", "csv", [], "line 1" },
        { "header", "csv", Encoding.UTF8.GetBytes("a,b\n"), "line 2" },
        { "json", "jsonl", Encoding.UTF8.GetBytes("{\"a\":1}\n{\"a\":\n"), "line 2" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_is_a_400_naming_the_line_and_nothing_is_registered_or_stored(string name, string format, byte[] content, string line)
    {
        var (status, problem) = await SendAsync(HttpMethod.Post, $"/api/crucible/v1/datasets/{name}/versions?format={format}", content);
        Assert.Equal(400, status);
        Assert.Equal("INVALID_PARAMETER_VALUE", (string)problem!["errorCode"]!);
        Assert.Contains(line, (string)problem["detail"]!, StringComparison.Ordinal);

        var (listed, _) = await SendAsync(HttpMethod.Get, $"/api/crucible/v1/datasets/{name}/versions");
        Assert.Equal(404, listed);
        Assert.DoesNotContain(await Store.ListDatasetsAsync(CancellationToken.None), d => d.Name == name);
        Assert.Null(await Store.FindByDigestAsync(name, Sha256(content), CancellationToken.None));
        Assert.False(Directory.Exists(Path.Combine(Artifacts, "datasets", name)));
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_and_nothing_is_stored()
    {
        var big = new StringBuilder("id,text\n");
        for (var i = 0; big.Length <= Limit; i++)
        {
            big.Append(i).Append(",some text to fill the file\n");
        }

        // Chunked (no Content-Length), so the limit is enforced while streaming.
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big.ToString())));
        using var response = await Http.PostAsync("/api/crucible/v1/datasets/big/versions?format=csv", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains($"limit of {Limit} bytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Artifacts, "datasets", "big")));
        Assert.Empty(await Store.ListDatasetsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Bad_names_versions_and_formats_are_400_and_unknown_ones_404()
    {
        Assert.Equal(400, (await SendAsync(HttpMethod.Post, "/api/crucible/v1/datasets/-bad/versions", Encoding.UTF8.GetBytes(Csv))).Status);
        Assert.Equal(400, (await SendAsync(HttpMethod.Post, "/api/crucible/v1/datasets/ok/versions?format=parquet", Encoding.UTF8.GetBytes(Csv))).Status);
        Assert.Equal(400, (await SendAsync(HttpMethod.Get, "/api/crucible/v1/datasets/ok/versions/one")).Status);
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, "/api/crucible/v1/datasets/ok/versions/1")).Status);
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, "/api/crucible/v1/datasets/ok/versions/1/file")).Status);
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, "/api/crucible/v1/datasets/ok/versions/1/model-versions")).Status);
    }

    [Fact]
    public async Task Download_is_checksum_verified()
    {
        var bytes = Encoding.UTF8.GetBytes(Csv);
        await RegisterAsync("dl", Csv);
        using (var response = await Http.GetAsync("/api/crucible/v1/datasets/dl/versions/1/file"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Sha256(bytes), response.Headers.GetValues("X-Checksum-Sha256").Single());
            Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        }

        File.WriteAllText(Path.Combine(Artifacts, "datasets", "dl", Sha256(bytes), "data.csv"), Csv.Replace("34", "99", StringComparison.Ordinal));
        var (status, problem) = await SendAsync(HttpMethod.Get, "/api/crucible/v1/datasets/dl/versions/1/file");
        Assert.Equal("DATA_LOSS", (string)problem!["errorCode"]!);
        Assert.True(status >= 500, $"status {status}");
        Assert.Contains("Checksum mismatch", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lineage_finds_the_model_versions_whose_run_logged_the_dataset()
    {
        var registered = await RegisterAsync("churn-train", Csv);
        var digest = (string)registered["dataset_version"]!["mlflow_digest"]!;
        Assert.Equal(((string)registered["dataset_version"]!["digest"]!)[..32], digest);
        var run = await PostJsonOkAsync("/api/2.0/mlflow/runs/create", new JsonObject { ["experiment_id"] = "0" });
        var runId = (string)run["run"]!["info"]!["run_id"]!;
        await PostJsonOkAsync("/api/2.0/mlflow/runs/log-inputs", new JsonObject
        {
            ["run_id"] = runId,
            ["datasets"] = new JsonArray(new JsonObject
            {
                ["dataset"] = new JsonObject { ["name"] = "churn-train", ["digest"] = digest, ["source_type"] = "http", ["source"] = "crucible:churn-train@1" },
            }),
        });
        await OkAsync(HttpMethod.Post, $"/api/crucible/v1/runs/{runId}/packages/model", File.ReadAllBytes(RegistryServer.Fixture("mlp.onnx")));
        await PostJsonOkAsync("/api/2.0/mlflow/registered-models/create", new JsonObject { ["name"] = "churn" });
        await PostJsonOkAsync("/api/2.0/mlflow/model-versions/create", new JsonObject { ["name"] = "churn", ["source"] = $"runs:/{runId}/model", ["run_id"] = runId });

        var trained = await OkAsync(HttpMethod.Get, "/api/crucible/v1/datasets/churn-train/versions/1/model-versions");
        Assert.Equal(digest, (string)trained["digest"]!);
        Assert.Equal(("churn", "1"), ((string)trained["model_versions"]![0]!["name"]!, (string)trained["model_versions"]![0]!["version"]!));

        // Another version of the same name (another digest) trained nothing.
        await RegisterAsync("churn-train", Csv + "4,40,d@x.org\n");
        var none = await OkAsync(HttpMethod.Get, "/api/crucible/v1/datasets/churn-train/versions/2/model-versions");
        Assert.Empty(none["model_versions"]!.AsArray());
    }

}
