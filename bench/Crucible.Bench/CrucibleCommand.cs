using System.Globalization;

namespace Crucible.Bench;

/// <summary>
/// The one place the runner builds <c>crucible server</c>'s command line: the benchmark starts the platform only as a
/// child process of the built CLI, never by referencing the host.
/// </summary>
internal static class CrucibleCommand
{
    /// <summary>Where <c>dotnet build src/Crucible.Cli -c Release</c> puts the CLI, from the repo root.</summary>
    public const string DefaultCli = "src/Crucible.Cli/bin/Release/net10.0/crucible.dll";

    /// <summary>
    /// Flags every server the runner starts gets, after its own: authentication is on by default, and <c>--no-auth</c>
    /// (accepted on loopback) keeps the timings those of the API; the auth benchmark adds its own token instead.
    /// </summary>
    public static readonly IReadOnlyList<string> CommonFlags = ["--no-auth"];

    /// <summary><c>server</c> on 127.0.0.1:<paramref name="port"/> over the given store and artifact folder.</summary>
    public static IReadOnlyList<string> Server(int port, string storeUri, string artifacts) =>
    [
        "server", "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
        "--backend-store-uri", storeUri, "--artifacts-destination", artifacts,
        .. CommonFlags,
    ];
}
