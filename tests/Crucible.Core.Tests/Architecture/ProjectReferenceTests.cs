using System.Xml.Linq;

namespace Crucible.Core.Tests.Architecture;

/// <summary>
/// The allowed project references of docs/architecture.md, checked against every csproj under src/ and bench/: a
/// reference outside the table fails the build's tests, so dependencies keep pointing inward.
/// </summary>
public sealed class ProjectReferenceTests
{
    /// <summary>What each project may reference (docs/architecture.md, "Allowed references").</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Crucible.Core"] = [],
        ["Crucible.Stats"] = [],
        ["Crucible.Contracts"] = [],
        ["Crucible.Ui"] = [],
        ["Crucible.Tabular"] = ["Crucible.Core"],
        ["Crucible.Onnx"] = ["Crucible.Core"],
        ["Crucible.Storage"] = ["Crucible.Core"],
        ["Crucible.Artifacts.S3"] = ["Crucible.Core"],
        ["Crucible.DataQuality"] = ["Crucible.Core", "Crucible.Stats", "Crucible.Tabular"],
        ["Crucible.Evaluation"] = ["Crucible.Core", "Crucible.Stats", "Crucible.Onnx", "Crucible.Tabular"],
        ["Crucible.Monitoring"] = ["Crucible.Core", "Crucible.Stats", "Crucible.Tabular"],
        ["Crucible.Serving"] = ["Crucible.Core", "Crucible.Onnx"],
        // The package manifest and description are the wire records of Contracts (stored as the API shows them).
        ["Crucible.Registry"] = ["Crucible.Core", "Crucible.Onnx", "Crucible.Contracts"],
        // Registry: the register step packages and registers as the API does; Contracts: the notify step's webhook body is a wire record.
        ["Crucible.Pipelines"] =
        [
            "Crucible.Core", "Crucible.Stats", "Crucible.Onnx", "Crucible.Evaluation", "Crucible.DataQuality", "Crucible.Tabular", "Crucible.Monitoring",
            "Crucible.Registry", "Crucible.Contracts",
        ],
        ["Crucible.Client"] = ["Crucible.Contracts"],
        // Model cards read stored evaluations (Evaluation's JSON), rerun data checks and PII scans (DataQuality).
        ["Crucible.Governance"] = ["Crucible.Core", "Crucible.Contracts", "Crucible.Evaluation", "Crucible.DataQuality"],
        // Feature definitions reuse the pipeline YAML parser; the online store runs on Storage's SQL executor and store URIs
        // (a reference to Storage outside the host: to move behind a Core port, see docs/architecture.md).
        ["Crucible.Features"] = ["Crucible.Core", "Crucible.Tabular", "Crucible.Pipelines", "Crucible.Storage", "Crucible.Contracts"],
        // Graph rewrites on Onnx's model types; the accuracy delta runs through the evaluation harness.
        ["Crucible.Optimization"] = ["Crucible.Core", "Crucible.Onnx", "Crucible.Evaluation"],
        ["Crucible.Server"] =
        [
            "Crucible.Core", "Crucible.Storage", "Crucible.Artifacts.S3", "Crucible.Contracts", "Crucible.Onnx", "Crucible.Serving",
            "Crucible.Evaluation", "Crucible.Monitoring", "Crucible.DataQuality", "Crucible.Pipelines", "Crucible.Tabular", "Crucible.Registry",
            "Crucible.Ui", "Crucible.Governance", "Crucible.Features", "Crucible.Optimization",
        ],
        ["Crucible.Cli"] =
        [
            "Crucible.Server", "Crucible.Client", "Crucible.Contracts", "Crucible.Core", "Crucible.Stats", "Crucible.Tabular", "Crucible.Onnx",
            "Crucible.Evaluation", "Crucible.Monitoring", "Crucible.DataQuality", "Crucible.Pipelines", "Crucible.Features", "Crucible.Optimization",
        ],
        ["Crucible.Bench"] =
        [
            "Crucible.Client", "Crucible.Contracts", "Crucible.Core", "Crucible.Stats", "Crucible.Tabular", "Crucible.Onnx", "Crucible.Serving",
            "Crucible.Storage", "Crucible.Evaluation", "Crucible.Monitoring", "Crucible.DataQuality", "Crucible.Pipelines",
        ],
        ["Crucible.Bench.Metrics"] = ["Crucible.Serving"],
        ["Crucible.Bench.Naive"] = ["Crucible.Onnx"],
        ["Crucible.Bench.Ort"] = ["Crucible.Onnx"],
    };

    /// <summary>
    /// References that break the table today and are being removed (issue 14). Each must still exist: once it is
    /// gone, this test fails until the line is deleted, so the list only shrinks.
    /// </summary>
    private static readonly (string From, string To, string Why)[] Pending = [];

    [Fact]
    public void Every_project_reference_is_allowed_by_the_architecture()
    {
        var references = ProjectReferences();
        var violations = new List<string>();
        foreach (var (project, targets) in references)
        {
            Assert.True(Allowed.ContainsKey(project), $"{project} is not in docs/architecture.md's table: add it there and here before adding the project.");
            violations.AddRange(targets
                .Where(t => !Allowed[project].Contains(t, StringComparer.Ordinal) && !Pending.Any(p => p.From == project && p.To == t))
                .Select(t => $"{project} -> {t}"));
        }

        Assert.True(violations.Count == 0, "references outside docs/architecture.md: " + string.Join(", ", violations));
    }

    [Fact]
    public void Pending_exceptions_are_still_needed()
    {
        var references = ProjectReferences();
        foreach (var (from, to, why) in Pending)
        {
            Assert.True(
                references.TryGetValue(from, out var targets) && targets.Contains(to, StringComparer.Ordinal),
                $"{from} no longer references {to} ({why}): delete the line from Pending.");
        }
    }

    [Fact]
    public void Nothing_references_the_command_line_and_only_hosts_reference_the_server()
    {
        var references = ProjectReferences();
        Assert.DoesNotContain(references, r => r.Value.Contains("Crucible.Cli", StringComparer.Ordinal));
        var serverUsers = references.Where(r => r.Value.Contains("Crucible.Server", StringComparer.Ordinal)).Select(r => r.Key).Order(StringComparer.Ordinal);
        Assert.Equal(["Crucible.Cli"], serverUsers);
    }

    private static Dictionary<string, List<string>> ProjectReferences()
    {
        var root = RepositoryRoot();
        var projects = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "bench"), "*.csproj", SearchOption.AllDirectories));
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var path in projects)
        {
            var targets = XDocument.Load(path).Descendants("ProjectReference")
                .Select(e => Path.GetFileNameWithoutExtension((string)e.Attribute("Include")!))
                .ToList();
            result[Path.GetFileNameWithoutExtension(path)] = targets;
        }

        Assert.True(result.Count >= 14, $"found only {result.Count} projects under {root}");
        return result;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crucible.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Crucible.slnx not found above " + AppContext.BaseDirectory);
    }
}
