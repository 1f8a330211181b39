using System.Net;
using Crucible.Client;
using Crucible.Contracts.Serving;

namespace Crucible.Cli.Tests.Client;

/// <summary>What the registry, dataset and inference calls put on the wire, against a stub.</summary>
public sealed class RegistryWireTests
{
    [Fact]
    public async Task Deleting_an_alias_sends_mlflows_json_body_with_delete()
    {
        using var handler = new StubHandler(HttpStatusCode.OK, "{}");
        using var client = Stub(handler);

        await client.DeleteRegisteredModelAliasAsync("churn", "champion");

        var (method, uri, body) = handler.Requests.Single();
        Assert.Equal(HttpMethod.Delete, method);
        Assert.Equal("http://tracking.test/api/2.0/mlflow/registered-models/alias", uri.AbsoluteUri);
        Assert.Equal("""{"name":"churn","alias":"champion"}""", body);
    }

    [Fact]
    public async Task A_dataset_registration_carries_its_provenance_in_the_escaped_query()
    {
        using var handler = new StubHandler(HttpStatusCode.OK, """{"dataset_version":{"name":"a b","version":1,"digest":"d","mlflow_digest":"d","artifact_location":"x","format":"csv","row_count":1,"size_bytes":4,"creation_timestamp":1},"created":true}""");
        using var client = Stub(handler);

        var answer = await client.RegisterDatasetAsync(
            "a b", new MemoryStream("x\n1\n"u8.ToArray()), new DatasetRegistrationOptions("csv", "file:///tmp/a b.csv", Description: "A & B", Parents: ["p@1", "q@2"]));

        Assert.True(answer.Created);
        Assert.Equal(
            "http://tracking.test/api/crucible/v1/datasets/a%20b/versions?format=csv&source=file%3A%2F%2F%2Ftmp%2Fa%20b.csv&description=A%20%26%20B&parents=p%401%2Cq%402",
            handler.Requests.Single().Uri.AbsoluteUri);
        Assert.Equal("x\n1\n", handler.Requests.Single().Body);
    }

    [Fact]
    public async Task An_open_inference_error_becomes_the_message_with_a_code_from_the_status()
    {
        using var handler = new StubHandler(HttpStatusCode.BadRequest, """{"error":"input 'x' is not an input of the model"}""");
        using var client = Stub(handler);

        var e = await Assert.ThrowsAsync<CrucibleApiException>(() => client.InferAsync("m", new InferRequestDto([InferTensorDto.Fp32("x", [1], [1f])])));

        Assert.Equal((HttpStatusCode.BadRequest, "BAD_REQUEST", "input 'x' is not an input of the model"), (e.StatusCode, e.ErrorCode, e.Message));
        Assert.Equal("""{"inputs":[{"name":"x","datatype":"FP32","shape":[1],"data":[1]}]}""", handler.Requests.Single().Body);
    }

    [Fact]
    public async Task Model_file_paths_keep_their_slashes_and_escape_each_segment()
    {
        using var handler = new StubHandler(HttpStatusCode.OK, "bytes");
        using var client = Stub(handler);
        using var target = new MemoryStream();

        await client.DownloadModelFileAsync("my model", "3", "sub dir/m#1.onnx", target);

        Assert.Equal("http://tracking.test/api/crucible/v1/models/my%20model/versions/3/files/sub%20dir/m%231.onnx", handler.Requests.Single().Uri.AbsoluteUri);
        Assert.Equal("bytes"u8.ToArray(), target.ToArray());
    }

    private static CrucibleClient Stub(StubHandler handler) => new(new HttpClient(handler) { BaseAddress = new Uri("http://tracking.test") });
}
