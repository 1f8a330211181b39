using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Crucible.Server.Serving.Grpc.Wire;
using Google.Protobuf;
using Grpc.Core;
using InputTensor = Crucible.Server.Serving.Grpc.Wire.ModelInferRequest.Types.InferInputTensor;

namespace Crucible.Server.Tests.Serving.Grpc;

/// <summary>
/// Issue 17, item 3: the Open Inference Protocol's gRPC service on its own HTTP/2 port, called with a real
/// Grpc.Net.Client against a real server running real ONNX models: the same answers as the REST API (typed contents
/// and raw contents), every datatype's wire form, gRPC status codes for bad calls, capture and metrics through the
/// same core, and the REST port still on HTTP/1.1.
/// </summary>
public sealed class GrpcInferenceTests(GrpcInferenceTests.Server fixture) : IClassFixture<GrpcInferenceTests.Server>
{
    private GRPCInferenceService.GRPCInferenceServiceClient Client => fixture.Grpc.Client;

    private ServingServer Rest => fixture.Grpc.Serving;

    [Fact]
    public async Task Health_and_metadata_answer_as_over_rest()
    {
        Assert.True((await Client.ServerLiveAsync(new ServerLiveRequest())).Live);
        Assert.True((await Client.ServerReadyAsync(new ServerReadyRequest())).Ready);
        var server = await Client.ServerMetadataAsync(new ServerMetadataRequest());
        Assert.Equal("crucible", server.Name);
        Assert.False(string.IsNullOrEmpty(server.Version));
        Assert.True((await Client.ModelReadyAsync(new ModelReadyRequest { Name = "regress" })).Ready);
        Assert.True((await Client.ModelReadyAsync(new ModelReadyRequest { Name = "regress", Version = fixture.RegressVersion })).Ready);
        var missing = await Assert.ThrowsAsync<RpcException>(() => Client.ModelReadyAsync(new ModelReadyRequest { Name = "nope" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);

        var metadata = await Client.ModelMetadataAsync(new ModelMetadataRequest { Name = "regress" });
        var rest = await Rest.OkAsync(HttpMethod.Get, "/v2/models/regress");
        Assert.Equal((string)rest["platform"]!, metadata.Platform);
        Assert.Equal([fixture.RegressVersion], metadata.Versions);
        var input = Assert.Single(metadata.Inputs);
        Assert.Equal(("x", "FP32"), (input.Name, input.Datatype));
        Assert.Equal(rest["inputs"]![0]!["shape"]!.AsArray().Select(d => (long)d!), input.Shape);
        Assert.Equal(("y", "FP32"), (metadata.Outputs[0].Name, metadata.Outputs[0].Datatype));
    }

    [Fact]
    public async Task Typed_and_raw_inference_give_the_rest_answer()
    {
        var rows = Enumerable.Range(0, 24).Select(i => (float)Math.Sin(i) * 3).ToArray();
        var rest = await Rest.OkAsync(HttpMethod.Post, "/v2/models/regress/infer", new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject { ["name"] = "x", ["shape"] = new JsonArray(3, 8), ["datatype"] = "FP32", ["data"] = new JsonArray(rows.Select(v => (JsonNode)v).ToArray()) }),
        });
        var expected = rest["outputs"]![0]!["data"]!.AsArray().Select(v => (float)v!).ToArray();

        var typed = new ModelInferRequest { ModelName = "regress", Id = "typed-1" };
        typed.Inputs.Add(Input("x", "FP32", [3, 8], c => c.Fp32Contents.AddRange(rows)));
        var answer = await Client.ModelInferAsync(typed);
        Assert.Equal(("regress", fixture.RegressVersion, "typed-1"), (answer.ModelName, answer.ModelVersion, answer.Id));
        var output = Assert.Single(answer.Outputs);
        Assert.Equal(("y", "FP32"), (output.Name, output.Datatype));
        Assert.Equal([3L, 1L], output.Shape);
        Assert.Equal(expected, output.Contents.Fp32Contents);
        Assert.Empty(answer.RawOutputContents);

        var raw = new ModelInferRequest { ModelName = "regress", ModelVersion = fixture.RegressVersion };
        raw.Inputs.Add(new InputTensor { Name = "x", Datatype = "FP32", Shape = { 3, 8 } });
        raw.RawInputContents.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(rows.AsSpan())));
        var rawAnswer = await Client.ModelInferAsync(raw);
        Assert.Null(Assert.Single(rawAnswer.Outputs).Contents);
        Assert.Equal([3L, 1L], rawAnswer.Outputs[0].Shape);
        Assert.Equal(expected, MemoryMarshal.Cast<byte, float>(rawAnswer.RawOutputContents[0].Span).ToArray());
    }

    [Fact]
    public async Task Fp16_bytes_and_int8_travel_in_their_wire_forms()
    {
        Half[] halves = [(Half)1.5, (Half)(-2.25), (Half)0.125, (Half)65504];
        var half = new ModelInferRequest { ModelName = "half" };
        half.Inputs.Add(new InputTensor { Name = "x", Datatype = "FP16", Shape = { 2, 2 } });
        half.RawInputContents.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(halves.AsSpan())));
        var halfAnswer = await Client.ModelInferAsync(half);
        Assert.Equal("FP16", halfAnswer.Outputs[0].Datatype);
        Assert.Equal(halves, MemoryMarshal.Cast<byte, Half>(halfAnswer.RawOutputContents[0].Span).ToArray());
        var typedHalf = new ModelInferRequest { ModelName = "half" };
        typedHalf.Inputs.Add(Input("x", "FP16", [1, 2], c => c.Fp32Contents.AddRange([1f, 2f])));
        var refused = await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(typedHalf).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("raw_input_contents", refused.Status.Detail, StringComparison.Ordinal);

        string[] words = ["alpha", "ü-beta", "", "γάμμα"];
        var text = new ModelInferRequest { ModelName = "text" };
        text.Inputs.Add(Input("x", "BYTES", [2, 2], c => c.BytesContents.AddRange(words.Select(ByteString.CopyFromUtf8))));
        var textAnswer = await Client.ModelInferAsync(text);
        Assert.Equal(words, textAnswer.Outputs[0].Contents.BytesContents.Select(b => b.ToStringUtf8()));
        var rawText = new ModelInferRequest { ModelName = "text" };
        rawText.Inputs.Add(new InputTensor { Name = "x", Datatype = "BYTES", Shape = { 2, 2 } });
        rawText.RawInputContents.Add(LengthPrefixed(words));
        var rawTextAnswer = await Client.ModelInferAsync(rawText);
        Assert.Equal(LengthPrefixed(words), rawTextAnswer.RawOutputContents[0]);

        var small = new ModelInferRequest { ModelName = "small" };
        small.Inputs.Add(Input("x", "INT8", [1, 2], c => c.IntContents.AddRange([-128, 127])));
        Assert.Equal([-128, 127], (await Client.ModelInferAsync(small)).Outputs[0].Contents.IntContents);
        var overflow = new ModelInferRequest { ModelName = "small" };
        overflow.Inputs.Add(Input("x", "INT8", [1, 2], c => c.IntContents.AddRange([1, 128])));
        var tooBig = await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(overflow).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, tooBig.StatusCode);
        Assert.Contains("out of range", tooBig.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_calls_get_invalid_argument_not_found_or_unimplemented()
    {
        var unknown = new ModelInferRequest { ModelName = "no-such-deployment" };
        unknown.Inputs.Add(Input("x", "FP32", [1, 8], c => c.Fp32Contents.AddRange(new float[8])));
        Assert.Equal(StatusCode.NotFound, (await FailAsync(unknown)).StatusCode);

        var wrongType = new ModelInferRequest { ModelName = "regress" };
        wrongType.Inputs.Add(Input("x", "FP64", [1, 8], c => c.Fp64Contents.AddRange(new double[8])));
        var typeError = await FailAsync(wrongType);
        Assert.Equal(StatusCode.InvalidArgument, typeError.StatusCode);
        Assert.Contains("FP32", typeError.Status.Detail, StringComparison.Ordinal);

        var shortRaw = new ModelInferRequest { ModelName = "regress" };
        shortRaw.Inputs.Add(new InputTensor { Name = "x", Datatype = "FP32", Shape = { 2, 8 } });
        shortRaw.RawInputContents.Add(ByteString.CopyFrom(new byte[60]));
        var sizeError = await FailAsync(shortRaw);
        Assert.Equal(StatusCode.InvalidArgument, sizeError.StatusCode);
        Assert.Contains("64 raw bytes", sizeError.Status.Detail, StringComparison.Ordinal);

        var extraRaw = shortRaw.Clone();
        extraRaw.RawInputContents.Add(ByteString.CopyFrom(new byte[4]));
        Assert.Contains("2 entries for 1 inputs", (await FailAsync(extraRaw)).Status.Detail, StringComparison.Ordinal);

        var noData = new ModelInferRequest { ModelName = "regress" };
        noData.Inputs.Add(new InputTensor { Name = "x", Datatype = "FP32", Shape = { 1, 8 } });
        Assert.Contains("fp32_contents has 0", (await FailAsync(noData)).Status.Detail, StringComparison.Ordinal);

        var unnamed = new ModelInferRequest();
        Assert.Equal(StatusCode.InvalidArgument, (await FailAsync(unnamed)).StatusCode);

        var repository = new Method<ServerLiveRequest, ServerLiveResponse>(
            MethodType.Unary, "inference.GRPCInferenceService", "RepositoryIndex", Marshallers.Create<ServerLiveRequest>(r => r.ToByteArray(), b => ServerLiveRequest.Parser.ParseFrom(b)), Marshallers.Create<ServerLiveResponse>(r => r.ToByteArray(), b => ServerLiveResponse.Parser.ParseFrom(b)));
        var unimplemented = await Assert.ThrowsAsync<RpcException>(() => fixture.Grpc.Channel.CreateCallInvoker().AsyncUnaryCall(repository, null, default, new ServerLiveRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, unimplemented.StatusCode);
    }

    [Fact]
    public async Task Grpc_calls_are_captured_and_counted_by_the_same_core_while_rest_stays_on_http_1_1()
    {
        for (var i = 0; i < 5; i++)
        {
            var request = new ModelInferRequest { ModelName = "captured", Id = $"grpc-{i}" };
            request.Inputs.Add(Input("x", "FP32", [1, 8], c => c.Fp32Contents.AddRange(Enumerable.Repeat((float)i, 8))));
            await Client.ModelInferAsync(request);
        }

        var ids = new List<string>();
        for (var attempt = 0; attempt < 200 && ids.Count < 5; attempt++)
        {
            await Task.Delay(50);
            var logged = (await Rest.OkAsync(HttpMethod.Get, "/api/crucible/v1/deployments/captured/predictions"))["predictions"]!.AsArray();
            ids = [.. logged.Select(p => (string)p!["request_id"]!).Order(StringComparer.Ordinal)];
        }

        Assert.Equal(["grpc-0", "grpc-1", "grpc-2", "grpc-3", "grpc-4"], ids);
        var metrics = await Rest.Http.GetStringAsync("/metrics");
        Assert.Contains("protocol=\"v2-grpc\"", metrics, StringComparison.Ordinal);

        using var response = await Rest.Http.GetAsync("/v2/models/captured");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Version(1, 1), response.Version);
    }

    internal static InputTensor Input(string name, string datatype, long[] shape, Action<InferTensorContents> fill)
    {
        var input = new InputTensor { Name = name, Datatype = datatype, Contents = new InferTensorContents() };
        input.Shape.AddRange(shape);
        fill(input.Contents);
        return input;
    }

    private static ByteString LengthPrefixed(string[] words)
    {
        using var bytes = new MemoryStream();
        var length = new byte[4];
        foreach (var word in words)
        {
            var utf8 = Encoding.UTF8.GetBytes(word);
            BinaryPrimitives.WriteInt32LittleEndian(length, utf8.Length);
            bytes.Write(length);
            bytes.Write(utf8);
        }

        return ByteString.CopyFrom(bytes.ToArray());
    }

    private async Task<RpcException> FailAsync(ModelInferRequest request) =>
        await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(request).ResponseAsync);

    /// <summary>One server for the class: a regressor, FP16, BYTES and INT8 identities, and a deployment for the capture test.</summary>
    public sealed class Server : IAsyncLifetime
    {
        public GrpcServer Grpc { get; private set; } = null!;

        public string RegressVersion { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            Grpc = await GrpcServer.StartAsync();
            RegressVersion = await Grpc.DeployFixtureAsync("regress", "linear_regressor");
            await Grpc.DeployFixtureAsync("half", "identity_fp16");
            await Grpc.DeployFixtureAsync("text", "identity_bytes");
            await Grpc.DeployFixtureAsync("small", "identity_int8");
            await Grpc.DeployFixtureAsync("captured", "linear_regressor");
        }

        public async Task DisposeAsync() => await Grpc.DisposeAsync();
    }
}
