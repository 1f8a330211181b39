namespace Crucible.Cli.Demo;

/// <summary>The retraining pipeline the demo registers: what a user would write for their own model.</summary>
internal static class DemoPipeline
{
    public const string Name = "churn-retrain";

    /// <summary>The held-out recent customers on which the evaluate step scores both the retrained model and the champion.</summary>
    public const string EvaluationDataset = "churn-recent-holdout@1";

    /// <summary>
    /// On the deployment's retraining signal: check the recent data, train on it, evaluate against the champion on
    /// recent held-out customers, gate, register, canary 20% and promote once the canary has held.
    /// </summary>
    public static string Yaml(int seed, string canaryWindow) => $$"""
        name: {{Name}}
        trigger:
          on_retraining_signal: {deployment: {{DemoRunner.DeploymentName}}}
        steps:
          - id: check
            type: validate
            dataset: churn-recent@1
            label: {{ChurnScenario.Label}}
          - id: train
            type: train
            needs: [check]
            trainer: gbt_classifier
            dataset: churn-recent@1
            label: {{ChurnScenario.Label}}
            exclude_columns: [{{string.Join(", ", ChurnScenario.NonFeatures)}}]
            params: {max_iter: 60, seed: {{seed}}}
          - id: evaluate
            type: evaluate
            model: ${steps.train.outputs.model}
            dataset: {{EvaluationDataset}}
            label: {{ChurnScenario.Label}}
            champion: models:/{{DemoRunner.ModelName}}@{{DemoRunner.ChampionAlias}}
            sensitive: {{ChurnScenario.Sensitive}}
            slice_by: [{{ChurnScenario.Segment}}]
            exclude_columns: [{{string.Join(", ", ChurnScenario.NonFeatures)}}]
          - id: gate
            type: gate
            evaluation: evaluate
            condition: roc_auc >= champion.roc_auc
          - id: register
            type: register
            needs: [gate]
            model: ${steps.train.outputs.model}
            name: {{DemoRunner.ModelName}}
            description: Retrained on customers since the price rise.
          - id: canary
            type: deploy
            deployment: {{DemoRunner.DeploymentName}}
            model: ${steps.register.outputs.uri}
            weight: 20
          - id: promote
            type: promote
            needs: [canary]
            deployment: {{DemoRunner.DeploymentName}}
            model: ${steps.register.outputs.uri}
            alias: {{DemoRunner.ChampionAlias}}
            window: {{canaryWindow}}
        """;
}
