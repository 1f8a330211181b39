namespace Crucible.Contracts.Serving;

/// <summary>OIP v2 tensor metadata: shape uses -1 for a variable dimension.</summary>
public sealed record TensorMetadataDto(string Name, string Datatype, IReadOnlyList<long> Shape);

/// <summary>GET /v2: server metadata.</summary>
public sealed record ServerMetadataDto(string Name, string Version, IReadOnlyList<string> Extensions);

/// <summary>GET /v2/models/{name}[/versions/{v}]: model metadata.</summary>
public sealed record ModelMetadataDto(string Name, IReadOnlyList<string>? Versions, string Platform, IReadOnlyList<TensorMetadataDto> Inputs, IReadOnlyList<TensorMetadataDto> Outputs);

/// <summary>GET /v2/models/{name}[/versions/{v}]/ready.</summary>
public sealed record ModelReadyDto(string Name, bool Ready);

/// <summary>GET /v2/health/live.</summary>
public sealed record LiveDto(bool Live);

/// <summary>GET /v2/health/ready.</summary>
public sealed record ReadyDto(bool Ready);

/// <summary>An Open Inference Protocol error: <c>{"error": "..."}</c> (written by the server's error mapping; here for the contract).</summary>
public sealed record OipErrorDto(string Error);
