using System.Text.Json.Serialization;

namespace Crucible.Contracts.Governance;

/// <summary>
/// A model card of one version: sections assembled from the platform's records and the fields people write, each
/// naming the NIST AI RMF categories it evidences; <see cref="Gaps"/> lists what is missing, per RMF function.
/// <see cref="Digest"/> is the SHA-256 of the card without its generation time, so the same evidence gives the same digest.
/// </summary>
public sealed record ModelCardDto(
    string SchemaVersion,
    string Model,
    string Version,
    long GeneratedAt,
    string Digest,
    IReadOnlyList<CardSectionDto> Sections,
    IReadOnlyList<CardGapDto> Gaps,
    IReadOnlyList<RmfCoverageDto> Rmf);

/// <summary>One section: facts (name, value) and tables; <see cref="Gap"/> says why it holds no evidence when it holds none.</summary>
public sealed record CardSectionDto(
    string Id,
    string Title,
    IReadOnlyList<string> Rmf,
    IReadOnlyList<CardFactDto> Facts,
    IReadOnlyList<CardTableDto> Tables,
    string? Gap);

public sealed record CardFactDto(string Name, string Value);

public sealed record CardTableDto(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>Missing evidence: the section, the RMF function it leaves short (GOVERN, MAP, MEASURE, MANAGE), its categories and why.</summary>
public sealed record CardGapDto(string Section, string Function, IReadOnlyList<string> Rmf, string Reason);

/// <summary>An RMF category the card refers to, the sections that evidence it, and whether any of them is a gap.</summary>
public sealed record RmfCoverageDto(string Id, string Function, string Summary, IReadOnlyList<string> Sections, string Status);

/// <summary>Source-generated JSON for model cards: snake_case, nulls omitted, indented (a card is read by people too).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(ModelCardDto))]
public sealed partial class GovernanceJsonContext : JsonSerializerContext;

/// <summary>An approval request of a protected promotion (an alias or stage move), with the card digest it was made on.</summary>
public sealed record ApprovalRequestDto(
    string Id,
    string Model,
    string Version,
    string TargetKind,
    string TargetName,
    string Requester,
    string CardDigest,
    string Status,
    string? Decider,
    string? Reason,
    long CreationTimestamp,
    long? DecisionTimestamp);

/// <summary>The body of an approve or reject call: the card digest the approver read (checked against the request's) and a reason.</summary>
public sealed record ApprovalDecisionRequest
{
    public string? CardDigest { get; init; }

    public string? Reason { get; init; }
}

public sealed record ApprovalResponse(ApprovalRequestDto Approval);

public sealed record ApprovalsResponse(IReadOnlyList<ApprovalRequestDto> Approvals);

/// <summary>Source-generated JSON for approvals: snake_case, nulls omitted, unknown fields refused.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ApprovalDecisionRequest))]
[JsonSerializable(typeof(ApprovalResponse))]
[JsonSerializable(typeof(ApprovalsResponse))]
public sealed partial class ApprovalsJsonContext : JsonSerializerContext;
