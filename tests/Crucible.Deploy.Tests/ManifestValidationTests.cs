using k8s;
using k8s.Models;

namespace Crucible.Deploy.Tests;

/// <summary>
/// deploy/k8s, rendered per overlay by <c>kubectl kustomize</c> (offline), passes both offline validators: KubernetesClient's
/// strict YAML load (unknown or misspelled fields, wrong types, removed API versions) and npm kubernetes-models
/// (required fields, enum values). Each validator is also shown a seeded error of the kind only it catches.
/// </summary>
public sealed class ManifestValidationTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public static TheoryData<string> Overlays => new() { "single-node", "ha" };

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task An_overlay_renders_and_every_object_passes_the_strict_load_and_the_schemas(string overlay)
    {
        var rendered = await RenderAsync(overlay);

        var objects = KubernetesYaml.LoadAllFromString(rendered, strict: true);

        var kinds = objects.Cast<IKubernetesObject>().Select(o => o.Kind).ToHashSet(StringComparer.Ordinal);
        Assert.Subset(kinds, new HashSet<string>(["ConfigMap", "Secret", "Deployment", "Service", "Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget", "CronJob"]));
        foreach (var deployment in objects.OfType<V1Deployment>())
        {
            var pod = deployment.Spec.Template;
            var container = Assert.Single(pod.Spec.Containers);
            Assert.Equal("/v2/health/ready", container.ReadinessProbe.HttpGet.Path);
            Assert.Equal("/health", container.LivenessProbe.HttpGet.Path);
            Assert.NotNull(container.StartupProbe);
            Assert.NotNull(container.Resources.Requests["cpu"]);
            Assert.NotNull(container.Resources.Limits["memory"]);
            Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
            Assert.Equal("true", pod.Metadata.Annotations["prometheus.io/scrape"]);
        }

        var file = Path.Combine(Path.GetTempPath(), $"crucible-{overlay}-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, rendered);
        try
        {
            var (exit, output, error) = await ValidateWithSchemasAsync(file);
            Assert.True(exit == 0, output + error);
            Assert.Equal(objects.Count, output.Split('\n').Count(l => l.StartsWith("ok   ", StringComparison.Ordinal)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_single_node_overlay_runs_one_server_on_sqlite_and_the_ha_overlay_three_with_serving_groups()
    {
        var single = KubernetesYaml.LoadAllFromString(await RenderAsync("single-node"), strict: true);
        var ha = KubernetesYaml.LoadAllFromString(await RenderAsync("ha"), strict: true);

        var server = single.OfType<V1Deployment>().Single();
        Assert.Equal(("crucible-server", 1, "Recreate"), (server.Metadata.Name, server.Spec.Replicas, server.Spec.Strategy.Type));
        Assert.Equal("crucible-data", server.Spec.Template.Spec.Volumes.Single(v => v.Name == "data").PersistentVolumeClaim.ClaimName);
        Assert.Equal("sqlite:////data/crucible.db", single.OfType<V1Secret>().Single().StringData["backend-store-uri"]);
        Assert.All(single.OfType<V1Ingress>().Single().Spec.Rules[0].Http.Paths, p => Assert.Equal("crucible-server", p.Backend.Service.Name));

        var deployments = ha.OfType<V1Deployment>().ToDictionary(d => d.Metadata.Name);
        Assert.Equal(3, deployments["crucible-server"].Spec.Replicas);
        Assert.Contains("--deployment=churn", deployments["crucible-serve-churn"].Spec.Template.Spec.Containers[0].Args);
        Assert.StartsWith("postgresql://", ha.OfType<V1Secret>().Single().StringData["backend-store-uri"], StringComparison.Ordinal);
        var serveScaling = ha.OfType<V2HorizontalPodAutoscaler>().Single(h => h.Metadata.Name == "crucible-serve");
        Assert.Equal(["Resource", "Pods"], serveScaling.Spec.Metrics.Select(m => m.Type));
        Assert.Equal("2", (string)ha.OfType<V1PodDisruptionBudget>().Single(p => p.Metadata.Name == "crucible-server").Spec.MinAvailable);
        Assert.Equal("crucible-serve-churn", ha.OfType<V1Ingress>().Single().Spec.Rules[0].Http.Paths[0].Backend.Service.Name);
    }

    [Fact]
    public async Task Each_validator_catches_a_seeded_error_of_its_own_kind()
    {
        var rendered = await RenderAsync("ha");

        // A misspelled optional field and a removed API version: only the strict load sees them.
        var misspelled = rendered.Replace("  revisionHistoryLimit: 5", "  revisionHistoryLimt: 5", StringComparison.Ordinal);
        var e = Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(misspelled, strict: true));
        Assert.Contains("revisionHistoryLimt", e.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<KeyNotFoundException>(() => KubernetesYaml.LoadAllFromString(rendered.Replace("apiVersion: policy/v1\n", "apiVersion: policy/v1beta1\n", StringComparison.Ordinal), strict: true));

        // A missing required field and a bad enum value: only the schemas see them.
        var noMax = rendered.Replace("  maxReplicas: 10\n", string.Empty, StringComparison.Ordinal);
        var badEnum = rendered.Replace("pathType: Prefix", "pathType: prefix", StringComparison.Ordinal);
        Assert.NotEqual(rendered, noMax);
        KubernetesYaml.LoadAllFromString(noMax, strict: true);
        KubernetesYaml.LoadAllFromString(badEnum, strict: true);
        foreach (var (text, expected) in new[] { (noMax, "must have required property maxReplicas"), (badEnum, "pathType must be equal to one of the allowed values") })
        {
            var file = Path.Combine(Path.GetTempPath(), $"crucible-seeded-{Guid.NewGuid():N}.yaml");
            await File.WriteAllTextAsync(file, text);
            try
            {
                var (exit, output, _) = await ValidateWithSchemasAsync(file);
                Assert.Equal(1, exit);
                Assert.Contains(expected, output, StringComparison.Ordinal);
            }
            finally
            {
                File.Delete(file);
            }
        }
    }

    private static Task<string> RenderAsync(string overlay)
    {
        var kubectl = Tools.Which("kubectl") ?? throw new InvalidOperationException("kubectl is not installed; it renders deploy/k8s offline (kubectl kustomize).");
        return Tools.CheckAsync(kubectl, ["kustomize", Tools.Repo("deploy", "k8s", "overlays", overlay)], Minute);
    }

    private static async Task<(int Exit, string Out, string Err)> ValidateWithSchemasAsync(string file)
    {
        var folder = await SchemaValidator.EnsureAsync();
        return await Tools.RunAsync("node", [Path.Combine(folder, "validate.mjs"), file], Minute, folder);
    }
}
