using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crucible.Client;

/// <summary>
/// What a client sends to prove who it is: an API token (sent as Bearer) or a user name and password (HTTP Basic, as
/// MLflow's clients send <c>MLFLOW_TRACKING_USERNAME</c>/<c>PASSWORD</c>). <see cref="Resolve"/> finds them the way the
/// CLI does.
/// </summary>
public sealed record CrucibleCredentials
{
    public const string TokenVariable = "CRUCIBLE_TOKEN";
    public const string MlflowTokenVariable = "MLFLOW_TRACKING_TOKEN";
    public const string MlflowUserVariable = "MLFLOW_TRACKING_USERNAME";
    public const string MlflowPasswordVariable = "MLFLOW_TRACKING_PASSWORD";

    /// <summary>The server's first-start admin token file, relative to the folder a local server was started in.</summary>
    public const string LocalAdminTokenFile = "crucible-data/admin.token";

    public string? Token { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>Where these came from (an option, a variable's name, a file's path), for messages; never the secret.</summary>
    public string Source { get; init; } = "explicit";

    /// <summary>The default credentials file: <c>~/.crucible/credentials</c> (JSON, mode 0600, one entry per server URL).</summary>
    public static string DefaultFile => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".crucible", "credentials");

    /// <summary>The Authorization header value: Bearer for a token, Basic for a user and password.</summary>
    public AuthenticationHeaderValue? ToHeader() =>
        !string.IsNullOrEmpty(Token) ? new AuthenticationHeaderValue("Bearer", Token)
        : !string.IsNullOrEmpty(Username) ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")))
        : null;

    /// <summary>
    /// The credentials for <paramref name="server"/>, first found of: <paramref name="explicitCredentials"/>;
    /// <c>CRUCIBLE_TOKEN</c>; <c>MLFLOW_TRACKING_TOKEN</c>; <c>MLFLOW_TRACKING_USERNAME</c> and <c>MLFLOW_TRACKING_PASSWORD</c>;
    /// the credentials file's entry for the server URL; and, for a loopback server only, the first-start admin token
    /// file <c>crucible-data/admin.token</c> under the working folder. Null when none is found.
    /// </summary>
    public static CrucibleCredentials? Resolve(Uri server, CrucibleCredentials? explicitCredentials = null, Func<string, string?>? environment = null, string? credentialsFile = null, string? workingFolder = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (explicitCredentials?.ToHeader() is not null)
        {
            return explicitCredentials;
        }

        environment ??= Environment.GetEnvironmentVariable;
        if (environment(TokenVariable) is { Length: > 0 } token)
        {
            return new CrucibleCredentials { Token = token.Trim(), Source = TokenVariable };
        }

        if (environment(MlflowTokenVariable) is { Length: > 0 } mlflowToken)
        {
            return new CrucibleCredentials { Token = mlflowToken.Trim(), Source = MlflowTokenVariable };
        }

        if (environment(MlflowUserVariable) is { Length: > 0 } user)
        {
            return new CrucibleCredentials { Username = user, Password = environment(MlflowPasswordVariable) ?? string.Empty, Source = MlflowUserVariable };
        }

        var file = credentialsFile ?? DefaultFile;
        if (CredentialsFile.Read(file).TryGetValue(CredentialsFile.Key(server), out var stored) && !string.IsNullOrEmpty(stored.Token))
        {
            return new CrucibleCredentials { Token = stored.Token, Source = file };
        }

        var local = Path.Combine(workingFolder ?? Directory.GetCurrentDirectory(), LocalAdminTokenFile);
        if (IsLoopback(server) && File.Exists(local))
        {
            var text = File.ReadAllText(local).Trim();
            return text.Length > 0 ? new CrucibleCredentials { Token = text, Source = local } : null;
        }

        return null;
    }

    /// <summary>True for <c>localhost</c> and loopback addresses.</summary>
    public static bool IsLoopback(Uri server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return server.IsLoopback || (IPAddress.TryParse(server.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}

/// <summary>The credentials file: JSON <c>{"servers": {"http://host:port/": {"token": "crc_..."}}}</c>, readable by its owner only.</summary>
public static class CredentialsFile
{
    /// <summary>The entry key of a server URL: scheme, host and port, and path, lowercase, ending with a slash.</summary>
    public static string Key(Uri server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var text = server.GetLeftPart(UriPartial.Path).ToLowerInvariant();
        return text.EndsWith('/') ? text : text + "/";
    }

    /// <summary>The stored entries, empty when the file does not exist.</summary>
    public static IReadOnlyDictionary<string, StoredCredential> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return new Dictionary<string, StoredCredential>();
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), CredentialsJsonContext.Default.CredentialsDocument)?.Servers ?? new Dictionary<string, StoredCredential>();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The credentials file {path} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Stores <paramref name="token"/> for <paramref name="server"/>, keeping other servers' entries; the file is created with mode 0600.</summary>
    public static void Save(string path, Uri server, string token)
    {
        ArgumentNullException.ThrowIfNull(path);
        var servers = new Dictionary<string, StoredCredential>(Read(path), StringComparer.Ordinal) { [Key(server)] = new StoredCredential(token) };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        {
            JsonSerializer.Serialize(stream, new CredentialsDocument(servers), CredentialsJsonContext.Default.CredentialsDocument);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}

/// <summary>One server's entry in the credentials file.</summary>
public sealed record StoredCredential(string Token);

/// <summary>The credentials file's document.</summary>
public sealed record CredentialsDocument(IReadOnlyDictionary<string, StoredCredential> Servers);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(CredentialsDocument))]
internal sealed partial class CredentialsJsonContext : JsonSerializerContext;
