using Crucible.Onnx.Runtime;
using Crucible.Onnx.Values;
using Crucible.Onnx.Writing;

namespace Crucible.Optimization.Tests;

/// <summary>Fixture models and the helpers the tests share: inputs, runs, and output comparisons.</summary>
internal static class Models
{
    public static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name + ".onnx"));

    /// <summary>Deterministic inputs drawn from a standard normal distribution (Box-Muller over a seeded Random).</summary>
    public static float[] Normal(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        return values;
    }

    public static float[] Run(byte[] model, float[] input, params long[] shape)
    {
        using var session = new OnnxSession(model);
        return session.Run(OnnxTensor.FromArray(input, shape)).ToArray<float>();
    }

    public static double MaxAbsDifference(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
    }

    /// <summary>The share of rows whose largest column is the same in both [rows, columns] outputs.</summary>
    public static double Agreement(float[] a, float[] b, int columns)
    {
        var rows = a.Length / columns;
        var same = Enumerable.Range(0, rows).Count(r => ArgMax(a.AsSpan(r * columns, columns)) == ArgMax(b.AsSpan(r * columns, columns)));
        return same / (double)rows;
    }

    public static IEnumerable<IReadOnlyList<KeyValuePair<string, OnnxTensor>>> Batches(string input, int batches, int rows, int width, int seed)
    {
        for (var b = 0; b < batches; b++)
        {
            yield return [KeyValuePair.Create(input, (OnnxTensor)OnnxTensor.FromArray(Normal(rows * width, seed + b), rows, width))];
        }
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var i = 1; i < row.Length; i++)
        {
            best = row[i] > row[best] ? i : best;
        }

        return best;
    }

    /// <summary>y = Gemm(x, W^T, C) with transB=1, alpha 0.5 and beta 2, then Relu: x [N, 6] → [N, 4].</summary>
    public static byte[] Gemm() => new OnnxModelBuilder("gemm")
        .Opset(string.Empty, 13)
        .Input("x", Onnx.Model.OnnxElementType.Fp32, "N", 6)
        .Output("y", Onnx.Model.OnnxElementType.Fp32, "N", 4)
        .Initializer("w", Normal(24, 3), 4, 6)
        .Initializer("c", Normal(4, 4), 4)
        .Node("Gemm", ["x", "w", "c"], ["g"], a => a.Int("transB", 1).Float("alpha", 0.5f).Float("beta", 2f))
        .Node("Relu", ["g"], ["y"])
        .ToBytes();

    /// <summary>A 3x3 Conv with bias over [N, 2, 8, 8] into 5 channels, padded to keep 8x8.</summary>
    public static byte[] Conv() => new OnnxModelBuilder("conv")
        .Opset(string.Empty, 13)
        .Input("x", Onnx.Model.OnnxElementType.Fp32, "N", 2, 8, 8)
        .Output("y", Onnx.Model.OnnxElementType.Fp32, "N", 5, 8, 8)
        .Initializer("w", Normal(5 * 2 * 9, 5), 5, 2, 3, 3)
        .Initializer("b", Normal(5, 6), 5)
        .Node("Conv", ["x", "w", "b"], ["y"], a => a.Ints("kernel_shape", [3, 3]).Ints("pads", [1, 1, 1, 1]))
        .ToBytes();
}
