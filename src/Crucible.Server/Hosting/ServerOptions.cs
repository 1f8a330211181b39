namespace Crucible.Server.Hosting;

/// <summary>How a Crucible server is started; the CLI's <c>server</c> flags map one to one (as <c>mlflow server</c>'s do).</summary>
public sealed record ServerOptions
{
    public const string DefaultDataFolder = "crucible-data";

    /// <summary><c>sqlite:///path.db</c> (default under <c>./crucible-data</c>), a plain path, or <c>postgresql://...</c>.</summary>
    public string BackendStoreUri { get; init; } = $"sqlite:///{DefaultDataFolder}/crucible.db";

    /// <summary>Where proxied artifacts are stored: a path, <c>file:///...</c> or <c>s3://bucket/prefix</c>.</summary>
    public string ArtifactsDestination { get; init; } = $"{DefaultDataFolder}/artifacts";

    /// <summary>The artifact root new experiments get; defaults to the proxy scheme <c>mlflow-artifacts:/</c>.</summary>
    public string DefaultArtifactRoot { get; init; } = "mlflow-artifacts:/";

    public string Host { get; init; } = "127.0.0.1";

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; init; } = 5000;

    /// <summary>SQLite: fsync every commit (default). Off trades machine-crash durability for speed; process crashes stay safe.</summary>
    public bool SqliteFullSync { get; init; } = true;

    /// <summary>Largest JSON request body accepted by the tracking API (MLflow caps log-batch at 1 MB; other calls are smaller).</summary>
    public long MaxJsonBodyBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>Largest single artifact upload.</summary>
    public long MaxArtifactBytes { get; init; } = 5L * 1024 * 1024 * 1024;
}
