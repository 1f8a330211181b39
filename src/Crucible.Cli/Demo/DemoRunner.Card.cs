using Crucible.Contracts.Evaluation;

namespace Crucible.Cli.Demo;

/// <summary>
/// The governance step: the fields a person writes on the model (intended use, limits, owners, ethics), an
/// evaluation of the champion with slices, fairness intervals and a gate stored on the version, then its model card.
/// </summary>
internal sealed partial class DemoRunner
{
    /// <summary>The written fields of the churn model's card, as <c>crucible.card.*</c> tags on the registered model.</summary>
    internal static readonly IReadOnlyList<(string Field, string Text)> CardFields =
    [
        ("intended_use", "Rank current customers by their risk of cancelling next month, so the retention team can call the riskiest first."),
        ("out_of_scope", "Decisions about a customer's price, credit or contract terms; customers outside the subscription business it was trained on."),
        ("owners", "Retention analytics team (demo)"),
        ("limitations", "Trained on generated data; a price rise shifts its inputs (the demo's drift), so it must be re-evaluated after pricing changes."),
        ("ethical_considerations", "Gender is kept out of the features and used only to measure fairness; a low score must not deny anyone service."),
        ("label", ChurnScenario.Label),
    ];

    private async Task CardAsync(string recentHoldout)
    {
        if (_summary.ChampionVersion is not { } champion)
        {
            _summary.LastDetail = "no champion: no card";
            return;
        }

        foreach (var (field, text) in CardFields)
        {
            await client.SetRegisteredModelTagAsync(ModelName, "crucible.card." + field, text, cancellationToken: _stop);
        }

        await client.EvaluateModelVersionAsync(ModelName, champion, new EvaluateVersionRequest
        {
            DatasetCsv = await File.ReadAllTextAsync(recentHoldout),
            LabelColumn = ChurnScenario.Label,
            ExcludeColumns = [.. ChurnScenario.NonFeatures],
            SliceBy = [ChurnScenario.Segment],
            Sensitive = ChurnScenario.Sensitive,
            ScoreOutput = "probabilities",
            DatasetName = "recent-holdout",
            Gate = "roc_auc >= 0.7",
            Bootstrap = 100,
            Seed = settings.Seed,
        }, cancellationToken: _stop);

        var card = await client.GetModelCardAsync(ModelName, champion, cancellationToken: _stop);
        _summary.ChampionCardDigest = card.Digest;
        _summary.ChampionCardGaps = card.Gaps.Count;
        var local = Path.Combine(settings.Folder, "reports", $"card-v{champion}.html");
        Directory.CreateDirectory(Path.GetDirectoryName(local)!);
        await File.WriteAllTextAsync(local, await client.GetModelCardTextAsync(ModelName, champion, "html", cancellationToken: _stop), _stop);
        _summary.Reports.Add(new DemoLink($"Model card of version {champion}", local));
        _summary.Reports.Add(new DemoLink($"Model card of version {champion} on the server", $"{_summary.Server}/api/crucible/v1/models/{ModelName}/versions/{champion}/card?format=html"));
        _summary.LastDetail = $"card of version {champion}: {card.Sections.Count} sections, {card.Gaps.Count} gap(s), digest {card.Digest[..12]}";
    }
}
