namespace Crucible.Core.Artifacts;

/// <summary>The <c>mlflow-artifacts:</c> URIs that name files in this server's artifact store.</summary>
public static class ArtifactUri
{
    public const string ProxyScheme = "mlflow-artifacts:";

    /// <summary>The store path of a <c>mlflow-artifacts:/x</c> URI, or null for any other scheme.</summary>
    public static string? StorePath(string uri)
    {
        if (!uri.StartsWith(ProxyScheme, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = uri[ProxyScheme.Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            // mlflow-artifacts://host:port/path: the authority names this server; the path follows it.
            var slash = rest.IndexOf('/', 2);
            rest = slash < 0 ? string.Empty : rest[slash..];
        }

        return ArtifactPath.Normalize(rest.TrimStart('/'));
    }
}
