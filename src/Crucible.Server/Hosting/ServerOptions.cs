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

    /// <summary>Largest dataset file accepted by <c>POST /api/crucible/v1/datasets/{name}/versions</c>; null means <see cref="MaxArtifactBytes"/>.</summary>
    public long? MaxDatasetBytes { get; init; }

    /// <summary>Aliases (e.g. <c>champion</c>) a version may only be moved to with another principal's approval (docs/governance.md).</summary>
    public IReadOnlyList<string> ProtectedAliases { get; init; } = [];

    /// <summary>Stages (e.g. <c>Production</c>) a version may only be moved to with another principal's approval.</summary>
    public IReadOnlyList<string> ProtectedStages { get; init; } = [];

    /// <summary><c>crucible serve</c>: only the serving protocols, health and metrics; no tracking, registry or management API.</summary>
    public bool ServingOnly { get; init; }

    /// <summary>Serve only this deployment, and answer plain <c>/invocations</c> and <c>/ping</c> for it.</summary>
    public string? ServeDeployment { get; init; }

    /// <summary>Bounds on inference requests (body size, elements, rows, string length).</summary>
    public Crucible.Serving.Inference.ServingLimits ServingLimits { get; init; } = Crucible.Serving.Inference.ServingLimits.Default;

    /// <summary>How often deployments are re-read and aliases re-resolved (changes made through another replica, alias moves).</summary>
    public TimeSpan DeploymentRefreshInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Captured predictions waiting to be written; beyond this they are dropped (and counted), never waited for.</summary>
    public int CaptureCapacity { get; init; } = 10_000;

    /// <summary>
    /// The fraction of answered requests written to the prediction log (1: every one). Capture costs CPU on the
    /// serving host (about 20 µs a request on the benchmark machine, mostly the database insert); sample on busy hosts.
    /// </summary>
    public double CaptureSampleRate { get; init; } = 1;

    /// <summary>This replica's id on the partial profiles it writes from captured predictions; null: machine name and process id.</summary>
    public string? ProfileReplica { get; init; }

    /// <summary>How often captured predictions' window profiles are saved as this replica's partials (also saved at shutdown).</summary>
    public TimeSpan ProfileFlushInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Prediction-log retention by age for deployments without their own (0: no age bound).</summary>
    public TimeSpan PredictionRetentionMaxAge { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Prediction-log retention by size, per deployment, for deployments without their own (0: no size bound).</summary>
    public long PredictionRetentionMaxBytes { get; init; } = 1L << 30;

    /// <summary>How often prediction-log compaction runs; zero turns it off.</summary>
    public TimeSpan PredictionCompactionInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Where models with external weights are laid out for ONNX Runtime; defaults to a folder under the system temp folder.</summary>
    public string? ModelCacheFolder { get; init; }

    /// <summary>Seeds the canary routers (tests); null seeds randomly.</summary>
    public ulong? RouterSeed { get; init; }

    /// <summary>The clock of the server (prediction timestamps, monitor windows); null is the system clock. Tests set a manual one.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>How often the monitor loop looks for completed windows to evaluate; zero turns the loop off (runs on demand still work).</summary>
    public TimeSpan MonitorInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Alert webhook delivery: attempts, backoff, timeout.</summary>
    public Crucible.Monitoring.Running.WebhookOptions Webhooks { get; init; } = new();

    /// <summary>How often scheduled pipelines are checked for a new period; zero turns schedules off (manual and signal runs still work).</summary>
    public TimeSpan PipelineScheduleInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The lease a replica holds on background work it is doing (a pipeline run, a monitor window), renewed every third
    /// of it: when a replica dies, another takes over (or fails the run, saying why) once this much time has passed.
    /// </summary>
    public TimeSpan ReplicaLease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where pipeline runs keep their files while they run (one folder per run, removed at its end); defaults to a folder under the system temp folder.</summary>
    public string? PipelineWorkFolder { get; init; }

    /// <summary>The feature store's online store (a backend store URI); null: the metadata store's database.</summary>
    public string? FeatureOnlineStoreUri { get; init; }

    /// <summary>The built-in trainers a pipeline's <c>train: {trainer: NAME}</c> uses: a catalog lookup that throws <see cref="ArgumentException"/> for unknown names; the built-in catalog by default, null offers none (commands still work).</summary>
    public Func<string, Crucible.Pipelines.Training.ITrainer>? PipelineTrainers { get; init; } = Crucible.Pipelines.Training.Trainers.Create;

    /// <summary>Host allow-list, CORS origins and TLS (<see cref="NetworkOptions"/>).</summary>
    public NetworkOptions Network { get; init; } = new();
    /// <summary>Authentication: on by default; see <see cref="AuthOptions"/>.</summary>
    public AuthOptions Auth { get; init; } = new();
    /// <summary>Command steps, webhook targets and inference rate limits: what callers may turn against the host (docs/security.md).</summary>
    public ExposureOptions Exposure { get; init; } = new();

    /// <summary>
    /// The URL Kestrel listens on: an IPv4-mapped IPv6 address (<c>::ffff:127.0.0.1</c>) is its IPv4 address (an IPv6
    /// socket cannot bind it), another IPv6 address goes in brackets.
    /// </summary>
    public string ListenUrl()
    {
        if (!System.Net.IPAddress.TryParse(Host.Trim('[', ']'), out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return $"http://{Host}:{Port}";
        }

        return address.IsIPv4MappedToIPv6 ? $"http://{address.MapToIPv4()}:{Port}" : $"http://[{address}]:{Port}";
    }

    /// <summary>
    /// A store URI or connection string fit to print: the password of <c>scheme://user:password@host</c> and any
    /// <c>Password=</c>/<c>password=</c> setting (a connection string or a URI query) are replaced by <c>***</c>.
    /// </summary>
    public static string Redact(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var text = System.Text.RegularExpressions.Regex.Replace(uri, @"(?<=://[^/@:\s]*:)[^/@\s]*(?=@)", "***");
        return System.Text.RegularExpressions.Regex.Replace(
            text, @"(?<=(^|[;&?])\s*(password|pwd|secret|access_key|secret_access_key)\s*=)[^;&]*", "***", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
    }
}
