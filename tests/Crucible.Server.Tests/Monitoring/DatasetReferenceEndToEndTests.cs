using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Crucible.Core.Serving;
using Crucible.Evaluation.Models;
using Crucible.Onnx.Model;
using Crucible.Pipelines.Training;
using Crucible.Server.Tests.Serving;
using Crucible.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Monitoring;

/// <summary>
/// Issue 7: a deployment serves a model trained by a built-in trainer (its ONNX names the features); a monitor compares
/// the served traffic with the registered dataset the model was trained on. Traffic like the dataset raises nothing;
/// shifted monthly charges raise an alert whose evidence names <c>monthly_charges</c>, not <c>input[1]</c>.
/// </summary>
public sealed class DatasetReferenceEndToEndTests
{
    private const long Hour = 3_600_000;
    private static readonly string[] Features = ["tenure_months", "monthly_charges", "support_calls"];
    private static readonly DateTimeOffset HourA = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Traffic_like_the_dataset_is_quiet_and_shifted_traffic_alerts_naming_the_feature()
    {
        var clock = new ManualTimeProvider(HourA);
        await using var owned = await ServingServer.StartAsync(o => o with { Time = clock, MonitorInterval = TimeSpan.Zero }).AsDisposable();
        var server = owned.Server;
        var csv = Csv(Customers(new Random(20261122), 800));
        var model = Train(csv);
        Assert.Equal(Features, OnnxFeatureNames.Read(OnnxModelReader.Read(model)));
        var version = await server.RegisterAsync("churn", model);
        await server.DeployAsync("churn", "churn", version);
        await server.WaitReadyAsync("churn");
        var (status, registered) = await server.SendAsync(HttpMethod.Post, "/api/crucible/v1/datasets/customers/versions?format=csv", raw: csv, contentType: "text/csv");
        Assert.True(status == 200, registered.ToJsonString());

        var served = await server.OkAsync(HttpMethod.Post, "/v2/models/churn/infer", Request([12, 70, 1]));
        Assert.Equal("label", (string)served["outputs"]![0]!["name"]!);

        var a = HourA.ToUnixTimeMilliseconds();
        var log = server.App.Services.GetRequiredService<IPredictionLogStore>();
        await log.AppendPredictionsAsync(Records(version, Customers(new Random(5), 300), a + Hour), CancellationToken.None);
        await log.AppendPredictionsAsync(Records(version, Customers(new Random(6), 300, chargeShift: 40), a + (2 * Hour)), CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(4));

        var monitor = await server.OkAsync(HttpMethod.Post, "/api/crucible/v1/monitors", new JsonObject
        {
            ["deployment"] = "churn",
            ["reference_dataset"] = "customers@1",
            ["drift_share"] = 0.3,
        });
        Assert.Equal("customers@1", (string)monitor["monitor"]!["reference_dataset"]!);
        var id = (string)monitor["monitor"]!["id"]!;

        var quiet = await RunAsync(server, id, a + Hour);
        Assert.False((bool)quiet["dataset_drift"]!, quiet.ToJsonString());
        Assert.Null(quiet["alert"]);
        Assert.Equal((800L, 300L), ((long)quiet["reference_records"]!, (long)quiet["window_records"]!));
        var tested = quiet["drift"]!["columns"]!.AsArray().Select(c => (string)c!["column"]!).ToList();
        Assert.Equal(["monthly_charges", "support_calls", "tenure_months"], tested);
        var skipped = quiet["drift"]!["skipped"]!.AsArray().ToDictionary(c => (string)c!["column"]!, c => (string)c!["reason"]!);
        Assert.Equal(["prediction.label", "prediction.probabilities[0]", "prediction.probabilities[1]"], skipped.Keys.Order(StringComparer.Ordinal));
        Assert.All(skipped.Values, reason => Assert.Contains("reference dataset customers@1", reason, StringComparison.Ordinal));

        var shifted = await RunAsync(server, id, a + (2 * Hour));
        Assert.True((bool)shifted["dataset_drift"]!, shifted.ToJsonString());
        var alert = shifted["alert"]!;
        Assert.Equal("firing", (string)alert["status"]!);
        var drifted = alert["evidence"]!["columns"]!.AsArray().Where(c => (bool)c!["drift"]!).Select(c => (string)c!["column"]!).ToList();
        Assert.Equal(["monthly_charges"], drifted);
        Assert.DoesNotContain("input[", alert["evidence"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_drift_over_time_report_names_columns_by_feature()
    {
        await using var owned = await ServingServer.StartAsync(o => o with { MonitorInterval = TimeSpan.Zero }).AsDisposable();
        var server = owned.Server;
        var version = await server.RegisterAsync("churn", Train(Csv(Customers(new Random(2), 400))));
        await server.DeployAsync("churn", "churn", version);
        await server.WaitReadyAsync("churn");
        var a = HourA.ToUnixTimeMilliseconds();
        var log = server.App.Services.GetRequiredService<IPredictionLogStore>();
        await log.AppendPredictionsAsync(Records(version, Customers(new Random(5), 300), a), CancellationToken.None);
        await log.AppendPredictionsAsync(Records(version, Customers(new Random(6), 300, chargeShift: 40), a + Hour), CancellationToken.None);

        using var response = await server.Http.GetAsync(
            $"/api/crucible/v1/deployments/churn/drift-report?start_ms={a + Hour}&end_ms={a + (2 * Hour)}&reference_start_ms={a}&reference_end_ms={a + Hour}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, html);
        Assert.Contains(" of 1 windows with data drifted", html, StringComparison.Ordinal);
        foreach (var feature in Features)
        {
            Assert.Contains(feature, html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("input[", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_references_are_ProblemDetails()
    {
        await using var owned = await ServingServer.StartAsync(o => o with { MonitorInterval = TimeSpan.Zero }).AsDisposable();
        var server = owned.Server;
        var version = await server.RegisterAsync("churn", Train(Csv(Customers(new Random(1), 200))));
        await server.DeployAsync("churn", "churn", version);
        (string Body, int Status, string Mentions)[] cases =
        [
            ("""{"deployment":"churn"}""", 400, "reference_dataset"),
            ("""{"deployment":"churn","reference_dataset":"customers@1","reference_start":0,"reference_end":10}""", 400, "not both"),
            ("""{"deployment":"churn","reference_dataset":"customers"}""", 400, "NAME@VERSION"),
            ("""{"deployment":"churn","reference_dataset":"customers@1","rule":"traffic_drop"}""", 400, "traffic_drop"),
            ("""{"deployment":"churn","reference_dataset":"customers@1"}""", 404, "customers"),
        ];
        foreach (var (body, expected, mentions) in cases)
        {
            var (status, problem) = await server.SendAsync(HttpMethod.Post, "/api/crucible/v1/monitors", raw: body);
            Assert.True(status == expected, $"{body} gave {status}: {problem.ToJsonString()}");
            Assert.Equal(expected, (int)problem["status"]!);
            Assert.Contains(mentions, (string)problem["detail"]!, StringComparison.Ordinal);
        }
    }

    /// <summary>Customers with a seeded churn label: tenure U(0, 72) months, charges N(70 + shift, 20), support calls 0..4.</summary>
    private static List<double[]> Customers(Random rng, int rows, double chargeShift = 0)
    {
        var result = new List<double[]>();
        for (var i = 0; i < rows; i++)
        {
            var tenure = Math.Floor(rng.NextDouble() * 72);
            var charges = Math.Round(70 + chargeShift + (20 * Normal(rng)), 2);
            var calls = Math.Floor(rng.NextDouble() * 5);
            var churn = rng.NextDouble() < 1 / (1 + Math.Exp((0.05 * tenure) - (0.02 * (charges - 70)) - (0.5 * calls))) ? 1 : 0;
            result.Add([tenure, charges, calls, churn]);
        }

        return result;
    }

    private static string Csv(List<double[]> rows)
    {
        var text = new StringBuilder(string.Join(',', Features) + ",churned\n");
        foreach (var row in rows)
        {
            text.AppendLine(string.Join(',', row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        }

        return text.ToString();
    }

    private static byte[] Train(string csv)
    {
        var path = Path.Combine(Path.GetTempPath(), $"crucible-customers-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, csv);
        try
        {
            var data = Dataset.Read(path, "churned");
            return Trainers.Create("logistic_regression").Train(data, "churned", new Dictionary<string, string>(), null, CancellationToken.None).Onnx;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Captured predictions of the churn deployment, as serving writes them, spread over the hour.</summary>
    private static List<PredictionRecord> Records(string version, List<double[]> rows, long hourStart) =>
        [.. rows.Select((r, i) => new PredictionRecord(
            $"r{hourStart}-{i}", "churn", "churn", version, hourStart + (i * (Hour / (rows.Count + 1))),
            Request(r[..3])["inputs"]![0]!.ToJsonString() is var input ? $"{{\"input\":{input}}}" : string.Empty,
            $"{{\"label\":{{\"datatype\":\"INT64\",\"shape\":[1],\"data\":[{r[3].ToString(CultureInfo.InvariantCulture)}]}},\"probabilities\":{{\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[0.4,0.6]}}}}",
            1,
            false))];

    private static JsonObject Request(double[] features) => new()
    {
        ["inputs"] = new JsonArray(new JsonObject
        {
            ["name"] = "input",
            ["datatype"] = "FP32",
            ["shape"] = new JsonArray(1, features.Length),
            ["data"] = new JsonArray([.. features.Select(f => JsonValue.Create(f))]),
        }),
    };

    private static Task<JsonNode> RunAsync(ServingServer server, string id, long windowStart) =>
        server.OkAsync(HttpMethod.Post, $"/api/crucible/v1/monitors/{id}/run", new JsonObject { ["window_start"] = windowStart, ["window_end"] = windowStart + Hour });

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
