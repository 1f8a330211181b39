using System.Security.Cryptography;
using System.Text.Json;
using Crucible.Contracts.Governance;
using Crucible.DataQuality.Checks;
using static Crucible.Governance.Cards.CardSectionBuilder;

namespace Crucible.Governance.Cards;

/// <summary>
/// Turns a version's <see cref="CardEvidence"/> into a <see cref="ModelCardDto"/>: one section per concern, each
/// naming the RMF categories it evidences; a section without evidence is a gap (listed under its RMF function), never
/// an empty section.
/// </summary>
internal static partial class ModelCardBuilder
{
    public const string SchemaVersion = "crucible.model-card/v1";

    /// <summary>The fields people write, as <c>crucible.card.&lt;field&gt;</c> tags on the model or the version.</summary>
    public static readonly IReadOnlyList<(string Field, string Title, RmfCategory Rmf)> WrittenFields =
    [
        ("intended_use", "Intended use", RmfCategories.Purpose),
        ("out_of_scope", "Out-of-scope uses", RmfCategories.Limits),
        ("owners", "Owners", RmfCategories.Roles),
        ("limitations", "Limitations", RmfCategories.Limits),
        ("ethical_considerations", "Ethical considerations", RmfCategories.Impacts),
    ];

    /// <summary>Data checks that look for poisoning rather than plain quality problems.</summary>
    private static readonly HashSet<string> PoisoningChecks = new(StringComparer.Ordinal) { CheckNames.LabelNeighbourDisagreement, CheckNames.OutlierCluster, CheckNames.ConflictingLabels };

    public static ModelCardDto Build(CardEvidence evidence, long generatedAtMs)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var sections = new List<(CardSectionBuilder Builder, string Gap)>
        {
            Identity(evidence),
        };
        foreach (var (field, title, rmf) in WrittenFields)
        {
            var section = new CardSectionBuilder(field.Replace('_', '-'), title, rmf).Fact(title, evidence.Written.GetValueOrDefault(field));
            sections.Add((section, $"Nobody has written this yet: set the tag '{CardEvidenceReader.FieldTagPrefix}{field}' on the model or the version."));
        }

        sections.Add(Training(evidence));
        sections.Add(Datasets(evidence));
        sections.Add(Evaluation(evidence));
        sections.Add(Fairness(evidence));
        sections.Add(Gates(evidence));
        sections.Add(DataQuality(evidence));
        sections.Add(Privacy(evidence));
        sections.Add(Deployments(evidence));
        sections.Add(Monitoring(evidence));
        sections.Add(Incidents(evidence));

        var built = sections.Select(s => s.Builder.Build(s.Gap)).ToList();
        var gaps = new List<CardGapDto>();
        foreach (var (builder, _) in sections)
        {
            var section = built.First(b => b.Id == builder.Id);
            if (section.Gap is { } reason)
            {
                foreach (var function in builder.Rmf.Select(r => r.Function).Distinct(StringComparer.Ordinal))
                {
                    gaps.Add(new CardGapDto(section.Id, function, [.. builder.Rmf.Where(r => r.Function == function).Select(r => r.Id)], reason));
                }
            }
        }

        gaps.AddRange(LicenceGaps(evidence));
        var card = new ModelCardDto(SchemaVersion, evidence.Version.Name, evidence.Version.Version, 0, string.Empty, built, gaps, Coverage(sections.Select(s => s.Builder).ToList(), built));
        return card with { GeneratedAt = generatedAtMs, Digest = Digest(card) };
    }

    /// <summary>SHA-256 of the card's JSON with no generation time and no digest: the same evidence gives the same digest.</summary>
    public static string Digest(ModelCardDto card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var json = JsonSerializer.SerializeToUtf8Bytes(card with { GeneratedAt = 0, Digest = string.Empty }, GovernanceJsonContext.Default.ModelCardDto);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }

    private static List<RmfCoverageDto> Coverage(IReadOnlyList<CardSectionBuilder> builders, IReadOnlyList<CardSectionDto> built)
    {
        var categories = builders.SelectMany(b => b.Rmf).DistinctBy(r => r.Id).OrderBy(r => Order(r.Function)).ThenBy(r => r.Id, StringComparer.Ordinal);
        return
        [
            .. categories.Select(category =>
            {
                var sections = built.Where(s => s.Rmf.Contains(category.Id)).ToList();
                var evidenced = sections.Count(s => s.Gap is null);
                var status = evidenced == sections.Count ? "evidenced" : evidenced == 0 ? "gap" : "partial";
                return new RmfCoverageDto(category.Id, category.Function, category.Summary, [.. sections.Select(s => s.Id)], status);
            }),
        ];
    }

    private static int Order(string function) => function switch
    {
        RmfCategories.Govern => 0,
        RmfCategories.Map => 1,
        RmfCategories.Measure => 2,
        _ => 3,
    };

    private static (CardSectionBuilder, string) Identity(CardEvidence e)
    {
        var v = e.Version;
        var section = new CardSectionBuilder("identity", "Model and version", RmfCategories.Inventory)
            .Fact("Model", v.Name)
            .Fact("Version", v.Version)
            .Fact("Description", v.Description ?? e.Model.Description)
            .Fact("Stage", v.CurrentStage)
            .Fact("Aliases", v.Aliases.Count == 0 ? "none" : string.Join(", ", v.Aliases))
            .Fact("Status", v.Status)
            .Fact("Source", v.Source)
            .Fact("Registered", Time(v.CreationTimestamp))
            .Fact("Registered by", v.UserId)
            .Table("Package files (SHA-256 recorded at registration)", ["file", "sha256", "bytes"], (e.Package?.Files ?? []).Select(f => (IReadOnlyList<string>)[f.Path, f.Sha256, Count(f.Size)]));
        return (section, "The version is not in the registry.");
    }

    private static (CardSectionBuilder, string) Training(CardEvidence e)
    {
        var section = new CardSectionBuilder("training", "Training run and parameters", RmfCategories.Method);
        if (e.Run is { } run)
        {
            section.Fact("Run", run.Info.RunId)
                .Fact("Run name", run.Info.RunName)
                .Fact("Experiment", run.Info.ExperimentId)
                .Fact("Status", run.Info.Status.ToString().ToUpperInvariant())
                .Fact("Started", Time(run.Info.StartTime))
                .Fact("Run by", run.Info.UserId)
                .Table("Parameters", ["parameter", "value"], run.Data.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (IReadOnlyList<string>)[p.Key, p.Value]))
                .Table("Metrics", ["metric", "value"], run.Data.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => (IReadOnlyList<string>)[m.Key, Number(m.Value)]));
        }

        return (section, e.Version.RunId is null
            ? "The version names no source run: how it was trained is not recorded."
            : $"The source run '{e.Version.RunId}' no longer exists.");
    }

    private static (CardSectionBuilder, string) Datasets(CardEvidence e)
    {
        var section = new CardSectionBuilder("datasets", "Datasets and provenance", RmfCategories.DataRisks, RmfCategories.ThirdParty);
        section.Table(
            "Datasets the training run logged",
            ["dataset", "context", "registered version", "digest", "rows", "licence", "owner", "source"],
            e.Datasets.Select(d => (IReadOnlyList<string>)
            [
                d.Input.Dataset.Name, d.Context ?? "", d.Registered is { } r ? $"{r.Name}@{Count(r.Version)}" : "not registered",
                d.Registered?.Digest ?? d.Input.Dataset.Digest, d.Registered is { } rows ? Count(rows.RowCount) : "",
                d.Registered?.Provenance.License ?? "unknown", d.Registered?.Provenance.Owner ?? "unknown", d.Registered?.SourceUri ?? d.Input.Dataset.Source,
            ]));
        section.Table(
            "Provenance chain (parents of the registered versions)",
            ["dataset", "derived from", "digest", "transform", "licence", "owner"],
            e.Datasets.SelectMany(d => d.Ancestors.Select(a => (IReadOnlyList<string>)
            [
                $"{d.Registered!.Name}@{Count(d.Registered.Version)}", $"{a.Name}@{Count(a.Version)}", a.Digest, a.Provenance.Transform ?? "", a.Provenance.License ?? "unknown", a.Provenance.Owner ?? "unknown",
            ])));
        if (section.IsEmpty is false)
        {
            section.Fact("Datasets", Count(e.Datasets.Count));
        }

        return (section, "The training run logged no dataset inputs: the data the model learnt from is not recorded.");
    }

    private static IEnumerable<CardGapDto> LicenceGaps(CardEvidence e) =>
        e.Datasets.Where(d => d.Registered is null || string.IsNullOrEmpty(d.Registered.Provenance.License)).Select(d => new CardGapDto(
            "datasets", RmfCategories.Govern, [RmfCategories.ThirdParty.Id],
            d.Registered is null ? $"Dataset '{d.Input.Dataset.Name}' is not registered: its licence and owner are unknown." : $"Dataset '{d.Input.Dataset.Name}' has no licence recorded."));
}
