using Crucible.Onnx.Model;
using Crucible.Onnx.Runtime;
using Crucible.Onnx.Values;

namespace Crucible.Onnx.Tests.Runtime;

public sealed class OnnxSessionFixtureTests
{
    [Theory]
    [MemberData(nameof(Fixtures.Runnable), MemberType = typeof(Fixtures))]
    public void Run_fixture_gives_the_numpy_outputs(string name)
    {
        var run = Fixtures.For(name).GetProperty("run");
        using var session = Fixtures.Session(name);
        var inputs = run.GetProperty("inputs").EnumerateObject()
            .Select(p => KeyValuePair.Create(p.Name, JsonTensors.ToTensor(p.Value)));

        var outputs = session.Run(inputs);

        foreach (var expected in run.GetProperty("outputs").EnumerateObject())
        {
            JsonTensors.AssertMatches(expected.Value, outputs[expected.Name]);
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures.All), MemberType = typeof(Fixtures))]
    public void Session_signature_agrees_with_the_reader(string name)
    {
        var bytes = Fixtures.Bytes(name);
        var info = OnnxModelReader.Read(bytes);
        using var session = Fixtures.Session(name);

        Assert.Equal(info.Inputs.Select(i => i.ToString()), session.Inputs.Select(i => i.ToString()));
        Assert.Equal(info.Outputs.Select(i => i.Name), session.Outputs.Select(i => i.Name));
        Assert.Equal(info.Outputs.Select(i => i.Type.Kind), session.Outputs.Select(i => i.Type.Kind));
    }

    [Fact]
    public void Model_with_external_weights_needs_its_file_path()
    {
        var ex = Assert.Throws<OnnxRuntimeException>(() => new OnnxSession(Fixtures.Bytes("mlp_external")));

        Assert.Contains("external", ex.OrtMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Session_metadata_keeps_symbolic_dimensions()
    {
        using var session = new OnnxSession(Fixtures.Bytes("mlp"));

        Assert.Equal("input: float[batch,32]", session.Inputs.Single().ToString());
        Assert.Equal("probabilities: float[batch,3]", session.Outputs.Single().ToString());
    }

    [Fact]
    public void Zipmap_output_reads_as_dictionaries_and_can_be_skipped()
    {
        using var session = new OnnxSession(Fixtures.Bytes("tree_classifier"));
        Assert.StartsWith("seq(map(string, float", session.Outputs[2].Type.ToString(), StringComparison.Ordinal);
        var x = OnnxTensor.FromArray(new float[] { 0.1f, 0.2f, 0.3f, 0.4f, -1, -1, -1, -1 }, 2, 4);

        var all = session.Run([KeyValuePair.Create("X", (OnnxTensor)x)]);
        var rows = all["output_probability"].AsSequence().ToDictionaries<string, float>();
        var tensorOnly = session.Run([KeyValuePair.Create("X", (OnnxTensor)x)], ["label", "probability_tensor"]);

        Assert.Equal(2, rows.Count);
        float[] firstRow = [rows[0]["setosa"], rows[0]["versicolor"], rows[0]["virginica"]];
        Assert.Equal(tensorOnly["probability_tensor"].AsTensor().ToArray<float>()[..3], firstRow);
        Assert.Equal(2, tensorOnly.Count);
    }
}
