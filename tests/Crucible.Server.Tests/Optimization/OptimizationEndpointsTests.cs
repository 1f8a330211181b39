using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Crucible.Onnx.Runtime;
using Crucible.Onnx.Values;
using Crucible.Server.Tests.Serving;

namespace Crucible.Server.Tests.Optimization;

/// <summary>
/// <c>POST /api/crucible/v1/models/{name}/versions/{version}/optimize</c> and <c>GET .../variants</c> against a real
/// server with the MLP fixture registered: the variant is registered next to its parent with its lineage tags and its
/// accuracy delta, listed among the parent's variants, and a failing gate registers nothing.
/// </summary>
public sealed class OptimizationEndpointsTests(ServingServer server) : IClassFixture<ServingServer>
{
    [Fact]
    public async Task Int8_variant_is_registered_with_its_lineage_and_accuracy_delta_and_listed_as_a_variant()
    {
        var mlp = ServingServer.Fixture("mlp.onnx");
        var version = await server.RegisterAsync("opt-mlp", mlp);

        var answer = await server.OkAsync(HttpMethod.Post, $"/api/crucible/v1/models/opt-mlp/versions/{version}/optimize", new JsonObject
        {
            ["transform"] = "int8-dynamic",
            ["dataset_csv"] = LabelledByParent(mlp, 200),
            ["dataset_name"] = "holdout@1",
            ["task"] = "multiclass",
            ["gate"] = "agreement >= 0.9 and max_abs_diff <= 0.1",
        });

        Assert.True((bool)answer["registered"]!);
        var variant = (string)answer["model_version"]!["version"]!;
        Assert.Equal(long.Parse(version, CultureInfo.InvariantCulture) + 1, long.Parse(variant, CultureInfo.InvariantCulture));
        Assert.Equal($"opt-mlp/{version}", (string?)answer["optimized_from"]);
        Assert.True((long)answer["parent_bytes"]! > 2.5 * (long)answer["variant_bytes"]!);
        Assert.Equal(1.0, (double)answer["delta"]!["parent_metrics"]!["accuracy"]!);
        Assert.InRange((double)answer["delta"]!["agreement"]!, 0.9, 1.0);
        Assert.True((bool)answer["gate"]!["passed"]!);

        var tags = await VersionTagsAsync("opt-mlp", variant);
        Assert.Equal($"opt-mlp/{version}", tags["crucible.optimized_from"]);
        Assert.Equal("int8-dynamic", tags["crucible.optimization.transform"]);
        Assert.Contains("per-tensor", tags["crucible.optimization.settings"], StringComparison.Ordinal);
        Assert.Contains("\"dataset_name\":\"holdout@1\"", tags["crucible.optimization.delta"], StringComparison.Ordinal);
        Assert.Equal("true", tags["crucible.servable"]);

        var variants = await server.OkAsync(HttpMethod.Get, $"/api/crucible/v1/models/opt-mlp/versions/{version}/variants");
        var listed = Assert.Single(variants["variants"]!.AsArray());
        Assert.Equal(variant, (string?)listed!["version"]);
        Assert.Equal("int8-dynamic", (string?)listed["transform"]);
        Assert.Equal((long)answer["variant_bytes"]!, (long)listed["bytes"]!);
        Assert.Equal(mlp.LongLength, (long)variants["bytes"]!);
        Assert.Equal((double)answer["delta"]!["max_abs_diff"]!, (double)listed["delta"]!["max_abs_diff"]!);
    }

    [Fact]
    public async Task A_failing_gate_registers_nothing()
    {
        var mlp = ServingServer.Fixture("mlp.onnx");
        var version = await server.RegisterAsync("opt-gate", mlp);

        var answer = await server.OkAsync(HttpMethod.Post, $"/api/crucible/v1/models/opt-gate/versions/{version}/optimize", new JsonObject
        {
            ["transform"] = "int8-dynamic",
            ["dataset_csv"] = LabelledByParent(mlp, 50),
            ["task"] = "multiclass",
            ["gate"] = "max_abs_diff <= 0.0000001",
        });

        Assert.False((bool)answer["registered"]!);
        Assert.Null(answer["model_version"]);
        Assert.False((bool)answer["gate"]!["passed"]!);
        var variants = await server.OkAsync(HttpMethod.Get, $"/api/crucible/v1/models/opt-gate/versions/{version}/variants");
        Assert.Empty(variants["variants"]!.AsArray());
    }

    [Theory]
    [InlineData("mlp.onnx", "{\"transform\":\"int4\"}", "Invalid transform 'int4'")]
    [InlineData("mlp.onnx", "{\"transform\":\"int8-static\"}", "int8-static needs 'dataset_csv'")]
    [InlineData("mlp.onnx", "{\"transform\":\"fp16\",\"surprise\":1}", "surprise")]
    [InlineData("tree_classifier.onnx", "{\"transform\":\"int8-dynamic\"}", "TreeEnsembleClassifier (domain ai.onnx.ml)")]
    public async Task Bad_requests_and_unsupported_operators_are_400_with_the_reason(string fixture, string body, string mention)
    {
        var model = "opt-bad-" + fixture.Split('.')[0].Replace('_', '-');
        var version = await server.RegisterAsync(model, ServingServer.Fixture(fixture));

        var (status, answer) = await server.SendAsync(HttpMethod.Post, $"/api/crucible/v1/models/{model}/versions/{version}/optimize", raw: body);

        Assert.Equal(400, status);
        Assert.Contains(mention, $"{(string?)answer["detail"]} {answer.ToJsonString()}", StringComparison.Ordinal);
    }

    private async Task<Dictionary<string, string>> VersionTagsAsync(string model, string version)
    {
        var got = await server.OkAsync(HttpMethod.Get, $"/api/2.0/mlflow/model-versions/get?name={model}&version={version}");
        return (got["model_version"]!["tags"]?.AsArray() ?? []).ToDictionary(t => (string)t!["key"]!, t => (string)t!["value"]!);
    }

    /// <summary>Seeded rows of 32 features labelled with the parent's own predicted class (its accuracy is 1).</summary>
    private static string LabelledByParent(byte[] model, int rows)
    {
        var random = new Random(31);
        var features = Enumerable.Range(0, rows * 32).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
        using var session = new OnnxSession(model);
        var probabilities = session.Run(OnnxTensor.FromArray(features, rows, 32)).ToArray<float>();
        var csv = new StringBuilder(string.Join(',', Enumerable.Range(0, 32).Select(i => "f" + i)) + ",label\n");
        for (var r = 0; r < rows; r++)
        {
            var p = probabilities.AsSpan(r * 3, 3);
            var label = p[0] >= p[1] && p[0] >= p[2] ? 0 : p[1] >= p[2] ? 1 : 2;
            csv.Append(string.Join(',', features.Skip(r * 32).Take(32).Select(v => v.ToString("R", CultureInfo.InvariantCulture)))).Append(',').Append(label).Append('\n');
        }

        return csv.ToString();
    }
}
