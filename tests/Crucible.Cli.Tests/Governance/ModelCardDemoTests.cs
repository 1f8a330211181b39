using System.Globalization;
using System.Text.Json;
using Crucible.Client;
using Crucible.Contracts.Governance;
using Crucible.Server;
using Crucible.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace Crucible.Cli.Tests.Governance;

/// <summary>
/// The model card of the demo's champion: the demo runs, then a server opens its folder again and every section of
/// the card is checked against the platform's own records (registry, run, datasets, evaluation, alerts) read through
/// the API. A version nobody evaluated shows its missing evaluation as a MEASURE gap.
/// </summary>
public sealed class ModelCardDemoTests : IDisposable
{
    private static readonly string[] Sections =
    [
        "identity", "intended-use", "out-of-scope", "owners", "limitations", "ethical-considerations", "training", "datasets",
        "evaluation", "fairness", "gates", "data-quality", "privacy", "deployments", "monitoring", "incidents",
    ];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"crucible-card-test-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_demo_champions_card_has_every_section_backed_by_the_records()
    {
        var demo = await Cli.RunAsync("demo", "--dir", _folder, "--json", "--requests", "120", "--seed", "11");
        Assert.True(demo.ExitCode == 0, demo.Error + demo.Output);
        using var summary = JsonDocument.Parse(demo.Output);
        var champion = summary.RootElement.GetProperty("champion_version").GetString()!;
        var driftAlert = summary.RootElement.GetProperty("drift_alert_id").GetString()!;

        var options = new ServerOptions
        {
            BackendStoreUri = $"sqlite:///{_folder}/crucible.db",
            ArtifactsDestination = Path.Combine(_folder, "artifacts"),
            Port = 0,
            SqliteFullSync = false,
            MonitorInterval = TimeSpan.Zero,
        };
        await using var app = await CrucibleServer.CreateAsync(options, b => b.Logging.SetMinimumLevel(LogLevel.Error));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = app.Address() };
        http.DefaultRequestHeaders.Authorization = new("Bearer", (await File.ReadAllTextAsync(options.AdminTokenFile())).Trim());
        using var client = new CrucibleClient(http);

        var card = await client.GetModelCardAsync("churn", champion);

        Assert.Equal(summary.RootElement.GetProperty("champion_card_digest").GetString(), card.Digest);
        Assert.Equal(Sections, card.Sections.Select(s => s.Id).ToArray());
        Assert.All(card.Sections, s => Assert.True(s.Gap is null, $"{s.Id} is a gap: {s.Gap}"));
        Assert.True(card.Gaps.Count == 0, string.Join("; ", card.Gaps.Select(g => $"{g.Section}: {g.Reason}")));

        // Identity and training: the registry's version and the run the lineage names, with the trainer's params.
        var version = await client.GetModelVersionAsync("churn", champion);
        var lineage = await client.GetModelLineageAsync("churn", champion);
        Assert.Equal(version.Source, Fact(card, "identity", "Source"));
        Assert.Contains("champion", Fact(card, "identity", "Aliases"), StringComparison.Ordinal);
        Assert.Equal(lineage.RunId, Fact(card, "training", "Run"));
        var parameters = Table(card, "training", "Parameters").Rows.ToDictionary(r => r[0], r => r[1]);
        Assert.Equal(("gbt_classifier", "60"), (parameters["trainer"], parameters["max_iter"]));
        Assert.Equal(DemoFieldText("intended_use"), Fact(card, "intended-use", "Intended use"));

        // Datasets: digest, licence and owner as registration recorded them.
        var recent = await client.GetDatasetVersionAsync("churn-recent", 1);
        var row = Assert.Single(Table(card, "datasets", "Datasets the training run logged").Rows);
        Assert.Equal(["churn-recent", "training", "churn-recent@1", recent.Digest], row.Take(4));
        Assert.Equal(("CC0-1.0", "demo"), (row[5], row[6]));

        // Evaluation: the metrics the evaluation logged on the run, with intervals; slices per region; the pipeline's too.
        var run = await client.GetRunAsync(lineage.RunId!);
        var logged = (run.Data.Metrics ?? []).First(m => m.Key == "eval.recent-holdout.roc_auc").Value!.Value;
        var metrics = card.Sections.Single(s => s.Id == "evaluation").Tables[0];
        var auc = metrics.Rows.Single(r => r[0] == "roc_auc");
        Assert.Equal(Math.Round(logged, 4), double.Parse(auc[1], CultureInfo.InvariantCulture), 4);
        Assert.Contains("resamples", auc[2], StringComparison.Ordinal);
        Assert.NotEmpty(card.Sections.Single(s => s.Id == "evaluation").Tables.First(t => t.Title.EndsWith("slices", StringComparison.Ordinal)).Rows);
        Assert.Contains(card.Sections.Single(s => s.Id == "evaluation").Tables, t => t.Title.Contains("churn-retrain", StringComparison.Ordinal));

        // Fairness, gates, data checks, PII.
        Assert.Contains("gender", card.Sections.Single(s => s.Id == "fairness").Facts[0].Value, StringComparison.Ordinal);
        Assert.Contains(card.Sections.Single(s => s.Id == "fairness").Tables.SelectMany(t => t.Rows), r => r[0] == "demographic_parity_ratio" && r[2].Contains("resamples", StringComparison.Ordinal));
        var gates = Table(card, "gates", "Gates this version went through").Rows;
        Assert.Contains(gates, g => g[1] == "roc_auc >= 0.7" && g[2] == "passed");
        Assert.Contains(gates, g => g[1] == "roc_auc >= champion.roc_auc" && g[2] == "passed");
        Assert.Equal("churn-recent@1", Fact(card, "data-quality", "Dataset checked"));
        Assert.Contains("poisoning check(s)", Fact(card, "data-quality", "Poisoning signals"), StringComparison.Ordinal);
        var columns = recent.Schema!.Value.GetArrayLength();
        Assert.Equal(columns, Table(card, "privacy", "PII scan per column").Rows.Count);

        // Deployment, monitoring and incidents: the deployment serving it and the drift alert the monitor raised.
        Assert.Contains("churn", Fact(card, "deployments", "Serving now"), StringComparison.Ordinal);
        Assert.Contains(Table(card, "deployments", "Registry and deployment changes naming the model (audit trail)").Rows, r => r[2].Contains("alias", StringComparison.Ordinal));
        Assert.Contains(Table(card, "monitoring", "Alerts").Rows, r => r[0] == driftAlert);
        Assert.Contains(Table(card, "incidents", "Alerts raised while it served").Rows, r => r[0] == driftAlert);
        Assert.Contains(card.Rmf, r => r.Id == "MEASURE 2.11" && r.Status == "evidenced");

        // The same evidence gives the same digest; the Markdown and HTML forms carry the mapping.
        Assert.Equal(card.Digest, (await client.GetModelCardAsync("churn", champion)).Digest);
        var markdown = await client.GetModelCardTextAsync("churn", champion, "md");
        Assert.Contains("| MEASURE 2.11 | MEASURE | evidenced |", markdown, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", await client.GetModelCardTextAsync("churn", champion, "html"), StringComparison.Ordinal);

        // A version nobody evaluated: its missing evaluation is a MEASURE gap, not an empty section.
        var bare = await client.CreateModelVersionAsync("churn", version.Source, lineage.RunId);
        var gaps = (await client.GetModelCardAsync("churn", bare.Version)).Gaps;
        Assert.Contains(gaps, g => g.Section == "evaluation" && g.Function == "MEASURE" && g.Rmf.Contains("MEASURE 2.3"));
        Assert.Contains(gaps, g => g.Section == "fairness" && g.Rmf.SequenceEqual(["MEASURE 2.11"]));
        Assert.Contains(gaps, g => g.Section == "gates" && g.Function == "MANAGE");
        await app.StopAsync();
    }

    [Fact]
    public async Task A_card_argument_without_a_version_is_a_usage_error()
    {
        var result = await Cli.RunAsync("card", "churn");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("NAME/VERSION", result.Error, StringComparison.Ordinal);
    }

    private static string DemoFieldText(string field) => Crucible.Cli.Demo.DemoRunner.CardFields.Single(f => f.Field == field).Text;

    private static string Fact(ModelCardDto card, string section, string name) =>
        card.Sections.Single(s => s.Id == section).Facts.Single(f => f.Name == name).Value;

    private static CardTableDto Table(ModelCardDto card, string section, string title) =>
        card.Sections.Single(s => s.Id == section).Tables.Single(t => t.Title == title);
}
