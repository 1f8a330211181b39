namespace Crucible.Contracts.Mlflow;

public sealed record FileInfoDto(string Path, bool IsDir, long? FileSize);

public sealed record ListArtifactsResponse(string? RootUri, IReadOnlyList<FileInfoDto>? Files, string? NextPageToken);
