namespace Crucible.Deploy.Tests;

/// <summary>
/// deploy/k8s/validate (validate.mjs with npm kubernetes-models and yaml at the versions its package.json pins),
/// installed once per machine in a folder under the temp folder and reused by later runs.
/// </summary>
internal static class SchemaValidator
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<string> EnsureAsync()
    {
        var source = Tools.Repo("deploy", "k8s", "validate");
        var package = await File.ReadAllTextAsync(Path.Combine(source, "package.json"));
        var folder = Path.Combine(Path.GetTempPath(), "crucible-k8s-validate-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(package)))[..12]);
        await Gate.WaitAsync();
        try
        {
            Directory.CreateDirectory(folder);
            File.Copy(Path.Combine(source, "validate.mjs"), Path.Combine(folder, "validate.mjs"), overwrite: true);
            if (!Directory.Exists(Path.Combine(folder, "node_modules", "kubernetes-models")))
            {
                await File.WriteAllTextAsync(Path.Combine(folder, "package.json"), package);
                await Tools.CheckAsync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], TimeSpan.FromMinutes(3), folder);
            }

            return folder;
        }
        finally
        {
            Gate.Release();
        }
    }
}
