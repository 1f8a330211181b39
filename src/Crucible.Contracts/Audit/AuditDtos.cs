using System.Text.Json.Serialization;

namespace Crucible.Contracts.Audit;

/// <summary>
/// One audit-trail entry as <c>GET /api/crucible/v1/audit</c> and the export's JSON lines carry it. <c>target</c> is
/// the JSON object text that was hashed (kept as text so a verifier recomputes the same bytes).
/// </summary>
public sealed record AuditEntryDto(
    long Sequence,
    long TimeMs,
    string Actor,
    string ActorKind,
    string? TokenId,
    string Workspace,
    string Action,
    string Target,
    int Outcome,
    string? RemoteAddress,
    string? RequestId,
    string PrevHash,
    string Hash);

/// <summary>A page of entries in sequence order; <c>next_after</c> is the <c>after</c> of the next page, null on the last one.</summary>
public sealed record AuditListResponse(IReadOnlyList<AuditEntryDto> Entries, long? NextAfter);

/// <summary>
/// The answer of <c>POST /api/crucible/v1/audit/verify</c>: whether the chain is intact, and if not, the first
/// sequence where it breaks and why. <c>head_hash</c> may be published elsewhere to detect a later rewrite of the tail.
/// </summary>
public sealed record AuditVerifyResponse(bool Intact, long EntriesChecked, long? FirstBadSequence, string? Problem, long HeadSequence, string HeadHash);

/// <summary>Source-generated JSON for the audit API: snake_case, nulls written.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AuditEntryDto))]
[JsonSerializable(typeof(AuditListResponse))]
[JsonSerializable(typeof(AuditVerifyResponse))]
public sealed partial class AuditJsonContext : JsonSerializerContext;
