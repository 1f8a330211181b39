using Crucible.Core.Audit;
using Crucible.Core.Datasets;
using Crucible.Core.Monitoring;
using Crucible.Core.Pipelines;
using Crucible.Core.Registry;
using Crucible.Core.Serving;
using Crucible.Core.Tracking;
using Crucible.DataQuality.Checks;
using Crucible.DataQuality.Pii;
using Crucible.Evaluation.Harness;

namespace Crucible.Governance.Cards;

/// <summary>A dataset the version's run logged, with the registered version it resolves to (null when it resolves to none).</summary>
internal sealed record CardDataset(DatasetInput Input, DatasetVersion? Registered, IReadOnlyList<DatasetVersion> Ancestors)
{
    public string? Context => Input.Tags.FirstOrDefault(t => t.Key == "mlflow.data.context")?.Value;
}

/// <summary>An evaluation stored on the version (id and result) by the evaluation API.</summary>
internal sealed record CardEvaluation(string Id, EvaluationResult Result);

/// <summary>Data checks and the PII scan of the training dataset, rerun from its verified file when the card is assembled.</summary>
internal sealed record CardDataChecks(string Dataset, CheckReport Report, IReadOnlyList<PiiColumnResult> Pii);

/// <summary>A deployment that routes to the version (directly or through an alias pointing at it), with its monitors and alerts.</summary>
internal sealed record CardDeployment(Deployment Deployment, IReadOnlyList<string> Routes, IReadOnlyList<DriftMonitor> Monitors, IReadOnlyList<Alert> Alerts);

/// <summary>
/// Everything the platform records about one model version, read by <see cref="CardEvidenceReader"/> and turned into
/// sections by <see cref="ModelCardBuilder"/>.
/// </summary>
internal sealed record CardEvidence(
    RegisteredModel Model,
    ModelVersion Version,
    ModelPackageRecord? Package,
    Run? Run,
    IReadOnlyList<CardDataset> Datasets,
    IReadOnlyList<CardEvaluation> Evaluations,
    IReadOnlyList<PipelineRun> PipelineRuns,
    CardDataChecks? DataChecks,
    IReadOnlyList<CardDeployment> Deployments,
    IReadOnlyList<AuditEntry> Audit,
    IReadOnlyDictionary<string, string> Written);
