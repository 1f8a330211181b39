namespace Crucible.Serving.Hosting;

public sealed record DeploymentTableOptions
{
    /// <summary>How often the table re-reads deployments and re-resolves aliases (other replicas' changes, alias moves).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Serve only this deployment (<c>crucible serve --deployment NAME</c>); null serves all.</summary>
    public string? OnlyDeployment { get; init; }

    /// <summary>Seeds the weighted routers (tests); null seeds from the shared random source.</summary>
    public ulong? RouterSeed { get; init; }
}
