namespace Crucible.Core.Monitoring;

/// <summary>The key of one replica's stored partial profile of a window.</summary>
/// <param name="Deployment">Deployment name.</param>
/// <param name="ModelVersion">Model version served.</param>
/// <param name="WindowStart">Window start (UTC).</param>
/// <param name="Length">Window length (positive).</param>
/// <param name="Replica">Replica (process) that wrote the partial.</param>
public sealed record ProfilePartialKey(string Deployment, string ModelVersion, DateTimeOffset WindowStart, TimeSpan Length, string Replica);

/// <summary>A stored partial profile: its key, the row count recorded when it was saved, its bytes and when it last changed.</summary>
/// <param name="Key">Whose partial of which window.</param>
/// <param name="RowCount">Rows the partial holds, as recorded at save time (readable without decoding the blob).</param>
/// <param name="Blob">The serialized profile, as saved (never decoded by the store).</param>
/// <param name="UpdatedTimeMs">Latest save (Unix ms).</param>
/// <param name="MergedReplicas">For the window's compacted row (replica <see cref="IProfilePartialStore.MergedReplica"/>), the replicas merged into it; null for a replica's own partial.</param>
public sealed record StoredProfilePartial(ProfilePartialKey Key, long RowCount, byte[] Blob, long UpdatedTimeMs, IReadOnlyList<string>? MergedReplicas = null)
{
    /// <summary>The replicas whose rows this partial holds: its own, or those merged into a compacted row.</summary>
    public IReadOnlyList<string> Replicas => MergedReplicas ?? [Key.Replica];
}

/// <summary>What to store for a key: the new blob and its row count.</summary>
/// <param name="Blob">The serialized profile.</param>
/// <param name="RowCount">Rows it holds.</param>
public sealed record ProfilePartialWrite(byte[] Blob, long RowCount);

/// <summary>One window of one model version of a deployment (all its replicas' partials).</summary>
/// <param name="Deployment">Deployment name.</param>
/// <param name="ModelVersion">Model version served.</param>
/// <param name="WindowStart">Window start (UTC).</param>
/// <param name="Length">Window length (positive).</param>
public sealed record ProfileWindowKey(string Deployment, string ModelVersion, DateTimeOffset WindowStart, TimeSpan Length);

/// <summary>A window with at least one stored partial.</summary>
/// <param name="WindowStart">Window start (UTC).</param>
/// <param name="Length">Window length.</param>
public sealed record ProfileWindowRef(DateTimeOffset WindowStart, TimeSpan Length);
