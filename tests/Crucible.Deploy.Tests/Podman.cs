using System.Runtime.InteropServices;

namespace Crucible.Deploy.Tests;

/// <summary>
/// podman as root on this machine kind, with the two settings it needs (runc instead of crun, rlimits within the VM's
/// hard limits: ../shared/reference/containers-and-kubernetes.md), and the local base images the image test builds
/// FROM, since no public registry can be reached: a Debian bookworm made with debootstrap from the machine's mirror,
/// and on it this machine's own .NET runtime (standing in for mcr.microsoft.com/dotnet/aspnet). Both are kept in
/// podman's store and reused by later runs.
/// </summary>
internal static class Podman
{
    public const string Base = "localhost/crucible-base:bookworm";

    private static readonly string Conf = WriteConf();

    public static string Runtime => "localhost/crucible-dotnet-runtime:" + Environment.Version.ToString(3);

    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["CONTAINERS_CONF"] = Conf };

    public static string Path() =>
        Tools.Which("podman") ?? throw new InvalidOperationException("podman is not installed; scripts/test.sh installs it (apt-get install podman buildah runc debootstrap).");

    public static Task<(int Exit, string Out, string Err)> RunAsync(TimeSpan timeout, params string[] args) => Tools.RunAsync(Path(), args, timeout, null, Settings);

    public static Task<string> CheckAsync(TimeSpan timeout, params string[] args) => Tools.CheckAsync(Path(), args, timeout, null, Settings);

    /// <summary>Makes the two base images when they are missing.</summary>
    public static async Task EnsureBaseImagesAsync()
    {
        if ((await RunAsync(TimeSpan.FromSeconds(30), "image", "exists", Base)).Exit != 0)
        {
            await DebootstrapAsync();
        }

        if ((await RunAsync(TimeSpan.FromSeconds(30), "image", "exists", Runtime)).Exit != 0)
        {
            await RuntimeImageAsync();
        }
    }

    private static async Task DebootstrapAsync()
    {
        var debootstrap = Tools.Which("debootstrap") ?? "/usr/sbin/debootstrap";
        Assert.True(File.Exists(debootstrap), "debootstrap is not installed; scripts/test.sh installs it.");
        var mirror = File.ReadLines("/etc/apt/sources.list.d/debian.sources").First(l => l.StartsWith("URIs:", StringComparison.Ordinal))["URIs:".Length..].Trim().Split(' ')[0];
        var root = Directory.CreateTempSubdirectory("crucible-rootfs-").FullName;
        try
        {
            await Tools.CheckAsync(debootstrap, ["--variant=minbase", "--include=ca-certificates,libssl3", "bookworm", root, mirror], TimeSpan.FromMinutes(6));
            File.Delete(System.IO.Path.Combine(root, "etc", "apt", "sources.list"));
            File.Copy("/etc/apt/sources.list.d/debian.sources", System.IO.Path.Combine(root, "etc", "apt", "sources.list.d", "debian.sources"), overwrite: true);
            await Tools.CheckAsync("sh", ["-c", $"tar -C '{root}' --numeric-owner -c . | '{Path()}' import --change 'CMD [\"/bin/bash\"]' - {Base}"], TimeSpan.FromMinutes(3), null, Settings);
        }
        finally
        {
            await Tools.RunAsync("rm", ["-rf", root], TimeSpan.FromMinutes(1));
        }
    }

    private static async Task RuntimeImageAsync()
    {
        // The runtime this test process runs on: dotnet, host/fxr and the two shared frameworks, as the aspnet image lays them out.
        var dotnet = System.IO.Path.GetDirectoryName(System.IO.Path.GetDirectoryName(System.IO.Path.GetDirectoryName(RuntimeEnvironment.GetRuntimeDirectory().TrimEnd('/'))))!;
        var version = Environment.Version.ToString(3);
        var context = Directory.CreateTempSubdirectory("crucible-runtime-").FullName;
        try
        {
            var target = System.IO.Path.Combine(context, "dotnet");
            Directory.CreateDirectory(System.IO.Path.Combine(target, "shared"));
            await Tools.CheckAsync("cp", ["-a", System.IO.Path.Combine(dotnet, "dotnet"), System.IO.Path.Combine(dotnet, "host"), target], TimeSpan.FromMinutes(1));
            foreach (var framework in new[] { "Microsoft.NETCore.App", "Microsoft.AspNetCore.App" })
            {
                Directory.CreateDirectory(System.IO.Path.Combine(target, "shared", framework));
                await Tools.CheckAsync("cp", ["-a", System.IO.Path.Combine(dotnet, "shared", framework, version), System.IO.Path.Combine(target, "shared", framework)], TimeSpan.FromMinutes(1));
            }

            await File.WriteAllTextAsync(System.IO.Path.Combine(context, "Containerfile"), $"FROM {Base}\nCOPY dotnet/ /usr/share/dotnet/\nRUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet\n");
            await CheckAsync(TimeSpan.FromMinutes(3), "build", "-t", Runtime, context);
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    private static string WriteConf()
    {
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "crucible-containers.conf");
        File.WriteAllText(file, "[containers]\ndefault_ulimits = [\"nofile=20000:20000\", \"nproc=32768:32768\"]\n[engine]\nruntime = \"runc\"\n");
        return file;
    }
}
