using System.Text.Json.Nodes;
using Crucible.Server.Tests.Monitoring;
using Crucible.Server.Tests.Serving;

namespace Crucible.Server.Tests.Exposure;

/// <summary>
/// Issue 15: "five /invocations calls recover a logistic model's weights exactly from its full-precision
/// probabilities". The attack, as a caller would run it: score the zero row and the four unit rows; the logit of each
/// probability is x·w + b, so the first gives b and the others w_i + b. Then the same five calls against the same
/// model behind output controls.
/// </summary>
public sealed class ModelExtractionTests
{
    private static readonly double[] Truth = [.. ClassifierModels.Weights.Select(w => (double)w), ClassifierModels.Bias];

    [Fact]
    public async Task Five_calls_recover_a_logistic_model_at_full_precision_and_fail_when_rounded_to_two_decimals_or_label_only()
    {
        await using var owned = await ServingServer.StartAsync(o => o).AsDisposable();
        var server = owned.Server;
        var version = await server.RegisterAsync("logistic", ClassifierModels.Logistic());
        await server.DeployAsync(ExposureModels.Deployment("open", "logistic", version, null));
        await server.DeployAsync(ExposureModels.Deployment("four", "logistic", version, new JsonObject { ["output"] = new JsonObject { ["decimals"] = 4 } }));
        await server.DeployAsync(ExposureModels.Deployment("two", "logistic", version, new JsonObject { ["output"] = new JsonObject { ["decimals"] = 2 } }));
        await server.DeployAsync(ExposureModels.Deployment("labels", "logistic", version, new JsonObject { ["output"] = new JsonObject { ["mode"] = "label" } }));

        foreach (var name in new[] { "open", "four", "two", "labels" })
        {
            await server.WaitReadyAsync(name);
        }

        var open = await StealAsync(server, "open");
        var four = await StealAsync(server, "four");
        var two = await StealAsync(server, "two");
        var labels = await StealAsync(server, "labels");

        // Full precision: every weight and the bias, to float precision, from five calls.
        Assert.True(open.Error < 1e-5, $"full precision: recovered {Show(open.Weights)}, error {open.Error}");
        // Four decimals still gives the weights to about three decimals: rounding alone is no defence at 4.
        Assert.True(four.Error < 1e-3, $"4 decimals: error {four.Error}");
        // Two decimals: off by more than 0.01; label only: no probability to invert at all.
        Assert.True(two.Error > 1e-2, $"2 decimals: recovered {Show(two.Weights)}, error {two.Error}");
        Assert.False(labels.SawProbabilities);
        Assert.True(labels.Error > 1, $"label only: error {labels.Error}");
    }

    /// <summary>The attacker: five scoring calls, then logits; with labels only it can do no better than treat the label as a probability.</summary>
    private static async Task<(double[] Weights, double Error, bool SawProbabilities)> StealAsync(ServingServer server, string deployment)
    {
        var logits = new double[5];
        var sawProbabilities = true;
        for (var call = 0; call < 5; call++)
        {
            var row = new float[4];
            if (call > 0)
            {
                row[call - 1] = 1;
            }

            var answer = await server.OkAsync(HttpMethod.Post, $"/deployments/{deployment}/invocations", ExposureModels.Instances([row]));
            var predictions = answer["predictions"]!;
            double p;
            if (predictions is JsonObject outputs && outputs["probabilities"] is { } probabilities)
            {
                p = probabilities[0]![1]!.GetValue<double>();
            }
            else
            {
                sawProbabilities = false;
                var label = predictions is JsonObject named ? named["label"]![0]![0]!.GetValue<double>() : predictions[0]![0]!.GetValue<double>();
                p = Math.Clamp(label, 1e-6, 1 - 1e-6);
            }

            logits[call] = Math.Log(p / (1 - p));
        }

        double[] weights = [logits[1] - logits[0], logits[2] - logits[0], logits[3] - logits[0], logits[4] - logits[0], logits[0]];
        var error = weights.Zip(Truth, (a, b) => Math.Abs(a - b)).Max();
        return (weights, error, sawProbabilities);
    }

    private static string Show(double[] values) => string.Join(", ", values.Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)));
}
