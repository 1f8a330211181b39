using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Crucible.Server.Tests.Contract;

/// <summary>
/// The HTTP contract is generated from the endpoints and committed as <c>docs/api/openapi.v1.json</c>: a change to
/// any route, parameter or schema shows up as a diff here and has to be accepted on purpose. To accept one, run the
/// test with <c>CRUCIBLE_ACCEPT_OPENAPI=1</c> (it rewrites the committed file) and review the diff.
/// </summary>
public sealed partial class OpenApiDocumentTests
{
    [Fact]
    public async Task The_served_document_matches_the_committed_contract()
    {
        await using var server = await ServerFixture.StartAsync();
        using var response = await server.Http.GetAsync("/openapi/v1.json");
        Assert.Equal(200, (int)response.StatusCode);
        var served = Normalize(await response.Content.ReadAsStringAsync());

        var committedPath = Path.Combine(RepositoryRoot(), "docs", "api", "openapi.v1.json");
        if (Environment.GetEnvironmentVariable("CRUCIBLE_ACCEPT_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(committedPath)!);
            await File.WriteAllTextAsync(committedPath, served);
        }

        var committed = File.Exists(committedPath) ? Normalize(await File.ReadAllTextAsync(committedPath)) : "(no committed document)";
        if (committed != served)
        {
            await File.WriteAllTextAsync(Path.ChangeExtension(committedPath, ".received.json"), served);
        }

        Assert.True(committed == served, $"the API contract changed: compare {committedPath} with the .received.json beside it, and accept with CRUCIBLE_ACCEPT_OPENAPI=1 if the change is meant.");
    }

    [Fact]
    public async Task The_document_describes_every_api_family()
    {
        await using var server = await ServerFixture.StartAsync();
        var document = JsonNode.Parse(await server.Http.GetStringAsync("/openapi/v1.json"))!;
        Assert.StartsWith("3.", (string)document["openapi"]!, StringComparison.Ordinal);
        Assert.Equal("Crucible", (string)document["info"]!["title"]!);
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var expected in new[] { "/api/2.0/mlflow/runs/create", "/api/2.0/mlflow/registered-models/search", "/v2/models/{name}/infer", "/api/crucible/v1/deployments", "/health" })
        {
            Assert.Contains(expected, paths);
        }
    }

    [Fact]
    public async Task Every_operation_has_a_unique_id_and_a_described_answer()
    {
        await using var server = await ServerFixture.StartAsync();
        var document = JsonNode.Parse(await server.Http.GetStringAsync("/openapi/v1.json"))!;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        var count = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject().Where(p => p.Key is "get" or "post" or "put" or "patch" or "delete"))
            {
                count++;
                var where = $"{method.ToUpperInvariant()} {path}";
                var id = (string?)operation!["operationId"];
                if (string.IsNullOrEmpty(id))
                {
                    problems.Add($"{where}: no operationId (WithName)");
                }
                else if (!ids.Add(id))
                {
                    problems.Add($"{where}: operationId '{id}' is used twice");
                }

                if (string.IsNullOrEmpty((string?)operation["summary"]))
                {
                    problems.Add($"{where}: no summary");
                }

                var success = operation["responses"]?.AsObject().Where(r => r.Key.StartsWith('2')).Select(r => r.Value).ToList() ?? [];
                var contents = success.SelectMany(r => r?["content"]?.AsObject().AsEnumerable() ?? []).ToList();
                if (contents.Count == 0)
                {
                    problems.Add($"{where}: no 2xx response with a body is declared");
                }

                foreach (var (mediaType, content) in contents.Concat(operation["requestBody"]?["content"]?.AsObject().AsEnumerable() ?? []))
                {
                    if (mediaType.Contains("json", StringComparison.Ordinal) && content?["schema"] is null)
                    {
                        problems.Add($"{where}: {mediaType} without a schema");
                    }
                }
            }
        }

        Assert.True(count > 100, $"only {count} operations in the document");
        Assert.True(problems.Count == 0, "routes without contract metadata:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task Schemas_describe_the_contracts_as_they_are_written_and_every_reference_resolves()
    {
        await using var server = await ServerFixture.StartAsync();
        var text = await server.Http.GetStringAsync("/openapi/v1.json");
        var document = JsonNode.Parse(text)!;
        var schemas = document["components"]!["schemas"]!.AsObject();

        // snake_case as the source-generated contexts write them, for MLflow, native and inference DTOs alike.
        Assert.NotNull(schemas["CreateRunRequest"]!["properties"]!["experiment_id"]);
        Assert.NotNull(schemas["DeploymentRequest"]!["properties"]!["routes"]);
        Assert.NotNull(schemas["ErrorResponse"]!["properties"]!["error_code"]);
        Assert.NotNull(schemas["OipErrorDto"]!["properties"]!["error"]);
        var createRun = document["paths"]!["/api/2.0/mlflow/runs/create"]!["post"]!;
        Assert.Equal("#/components/schemas/CreateRunRequest", (string?)createRun["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]);
        Assert.Equal("#/components/schemas/RunResponse", (string?)createRun["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]);
        Assert.Equal("#/components/schemas/ErrorResponse", (string?)createRun["responses"]!["400"]!["content"]!["application/json"]!["schema"]!["$ref"]);
        // An MLflow GET reads its message from the query string: its fields are the parameters, and it has no body.
        var searchRuns = document["paths"]!["/api/2.0/mlflow/runs/search"]!;
        Assert.Contains(searchRuns["get"]!["parameters"]!.AsArray(), p => (string?)p!["name"] == "experiment_ids" && (string?)p["in"] == "query" && (string?)p["schema"]!["type"] == "array");
        Assert.Null(searchRuns["get"]!["requestBody"]);
        Assert.NotNull(searchRuns["post"]!["requestBody"]);
        var getDeployment = document["paths"]!["/api/crucible/v1/deployments/{name}"]!["get"]!;
        Assert.NotNull(getDeployment["responses"]!["404"]!["content"]!["application/problem+json"]);

        foreach (Match reference in SchemaReference().Matches(text))
        {
            Assert.True(schemas.ContainsKey(reference.Groups[1].Value), $"{reference.Value} does not resolve");
        }

        // The UI's copy of the MLflow routes is answered but not listed twice.
        Assert.DoesNotContain(document["paths"]!.AsObject(), p => p.Key.StartsWith("/ajax-api/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_reference_page_and_its_script_are_served_by_crucible_itself()
    {
        await using var server = await ServerFixture.StartAsync();
        using var page = await server.Http.GetAsync("/api-reference/");
        Assert.Equal(200, (int)page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        Assert.Equal(200, (int)(await server.Http.GetAsync("/openapi/v1.json")).StatusCode);
        var scripts = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        long total = 0;
        foreach (var src in scripts)
        {
            Assert.False(src.StartsWith("http", StringComparison.OrdinalIgnoreCase), $"the page loads {src} from the network");
            var url = src.StartsWith('/') ? src : "/api-reference/" + src;
            using var script = await server.Http.GetAsync(url);
            Assert.True((int)script.StatusCode == 200, $"{url} answered {(int)script.StatusCode}");
            var length = (await script.Content.ReadAsByteArrayAsync()).Length;
            Assert.True(length > 0, $"{url} is empty");
            total += length;
        }

        Assert.True(total > 1_000_000, $"the page's scripts hold only {total} bytes: the reference's bundle is not among them");
    }

    private static string Normalize(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";

    private static string RepositoryRoot()
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

    [GeneratedRegex("<script[^>]*\\bsrc=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();

    [GeneratedRegex("\"#/components/schemas/([^\"]+)\"")]
    private static partial Regex SchemaReference();
}
