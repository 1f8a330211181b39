using System.Text.Json.Nodes;

namespace Crucible.Server.Tests.Registry;

/// <summary>MLflow's registry REST API over a real server: shapes, quirks and error codes.</summary>
public sealed class RegistryApiTests : IClassFixture<RegistryServer>
{
    private readonly RegistryServer _server;

    public RegistryApiTests(RegistryServer server) => _server = server;

    [Fact]
    public async Task Model_and_version_lifecycle_through_the_mlflow_api()
    {
        var created = await _server.PostAsync("registered-models/create", new JsonObject
        {
            ["name"] = "api-flow",
            ["description"] = "d",
            ["tags"] = new JsonArray(new JsonObject { ["key"] = "team", ["value"] = "ml" }),
        });
        Assert.Equal("api-flow", (string)created["registered_model"]!["name"]!);
        Assert.Equal("ml", (string)created["registered_model"]!["tags"]![0]!["value"]!);

        var (status, v1) = await _server.CreateVersionAsync("api-flow", "s3://bucket/model");
        Assert.Equal(200, status);
        Assert.Equal("1", (string)v1["model_version"]!["version"]!);
        Assert.Equal("READY", (string)v1["model_version"]!["status"]!);
        Assert.Equal("None", (string)v1["model_version"]!["current_stage"]!);
        await _server.CreateVersionAsync("api-flow", "s3://bucket/model2");

        await _server.PostAsync("registered-models/alias", new JsonObject { ["name"] = "api-flow", ["alias"] = "champion", ["version"] = "1" });
        var byAlias = await _server.GetAsync("registered-models/alias?name=api-flow&alias=champion");
        Assert.Equal("1", (string)byAlias["model_version"]!["version"]!);
        await _server.PostAsync("registered-models/alias", new JsonObject { ["name"] = "api-flow", ["alias"] = "champion", ["version"] = "2" });
        Assert.Equal("2", (string)(await _server.GetAsync("registered-models/alias?name=api-flow&alias=champion"))["model_version"]!["version"]!);

        var staged = await _server.PostAsync("model-versions/transition-stage", new JsonObject { ["name"] = "api-flow", ["version"] = "2", ["stage"] = "Production", ["archive_existing_versions"] = true });
        Assert.Equal("Production", (string)staged["model_version"]!["current_stage"]!);
        var latest = await _server.PostAsync("registered-models/get-latest-versions", new JsonObject { ["name"] = "api-flow", ["stages"] = new JsonArray("Production") });
        Assert.Equal("2", (string)latest["model_versions"]![0]!["version"]!);

        var uri = await _server.GetAsync("model-versions/get-download-uri?name=api-flow&version=1");
        Assert.Equal("s3://bucket/model", (string)uri["artifact_uri"]!);

        var model = await _server.GetAsync("registered-models/get?name=api-flow");
        Assert.Equal("champion", (string)model["registered_model"]!["aliases"]![0]!["alias"]!);
        Assert.Equal(2, model["registered_model"]!["latest_versions"]!.AsArray().Count);

        var renamed = await _server.PostAsync("registered-models/rename", new JsonObject { ["name"] = "api-flow", ["new_name"] = "api-flow-2" });
        Assert.Equal("api-flow-2", (string)renamed["registered_model"]!["name"]!);
        await _server.OkAsync(HttpMethod.Patch, "/api/2.0/mlflow/model-versions/update", new JsonObject { ["name"] = "api-flow-2", ["version"] = "1", ["description"] = "new" });
        await _server.PostAsync("model-versions/set-tag", new JsonObject { ["name"] = "api-flow-2", ["version"] = "1", ["key"] = "k", ["value"] = "v" });
        var found = await _server.GetAsync("model-versions/search?filter=" + Uri.EscapeDataString("tags.k = 'v'"));
        Assert.Equal("new", (string)found["model_versions"]![0]!["description"]!);

        await _server.OkAsync(HttpMethod.Delete, "/api/2.0/mlflow/model-versions/delete", new JsonObject { ["name"] = "api-flow-2", ["version"] = "1" });
        await _server.OkAsync(HttpMethod.Delete, "/api/2.0/mlflow/registered-models/delete", new JsonObject { ["name"] = "api-flow-2" });
        var (gone, _) = await _server.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/registered-models/get?name=api-flow-2");
        Assert.Equal(404, gone);
    }

    [Fact]
    public async Task Errors_use_mlflow_codes_and_statuses()
    {
        await _server.CreateModelAsync("errs");
        var (dup, dupBody) = await _server.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/create", new JsonObject { ["name"] = "errs" });
        Assert.Equal((400, "RESOURCE_ALREADY_EXISTS"), (dup, (string)dupBody["error_code"]!));

        var (missing, missingBody) = await _server.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/registered-models/get?name=nope");
        Assert.Equal((404, "RESOURCE_DOES_NOT_EXIST"), (missing, (string)missingBody["error_code"]!));

        var (alias, aliasBody) = await _server.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/registered-models/alias?name=nope&alias=champion");
        Assert.Equal((400, "INVALID_PARAMETER_VALUE"), (alias, (string)aliasBody["error_code"]!));

        var (noName, noNameBody) = await _server.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/create", new JsonObject());
        Assert.Equal((400, "INVALID_PARAMETER_VALUE"), (noName, (string)noNameBody["error_code"]!));
        Assert.Contains("'name'", (string)noNameBody["message"]!, StringComparison.Ordinal);

        var (version, versionBody) = await _server.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/model-versions/get?name=errs&version=7");
        Assert.Equal((404, "Model Version (name=errs, version=7) not found"), (version, (string)versionBody["message"]!));

        var (filter, _) = await _server.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/registered-models/search?filter=" + Uri.EscapeDataString("name > 'a'"));
        Assert.Equal(400, filter);
    }

    [Fact]
    public async Task Search_pages_registered_models_with_opaque_tokens()
    {
        for (var i = 0; i < 3; i++)
        {
            await _server.CreateModelAsync($"paged-{i}");
        }

        var first = await _server.GetAsync("registered-models/search?max_results=2&filter=" + Uri.EscapeDataString("name LIKE 'paged-%'"));
        Assert.Equal(2, first["registered_models"]!.AsArray().Count);
        var token = (string)first["next_page_token"]!;
        var second = await _server.GetAsync($"registered-models/search?max_results=2&page_token={Uri.EscapeDataString(token)}&filter=" + Uri.EscapeDataString("name LIKE 'paged-%'"));
        Assert.Equal("paged-2", (string)second["registered_models"]![0]!["name"]!);
        Assert.Null(second["next_page_token"]);
    }

    [Fact]
    public async Task Sixteen_concurrent_http_creators_get_distinct_consecutive_versions()
    {
        await _server.CreateModelAsync("http-busy");
        var creators = Enumerable.Range(0, 16).Select(i => _server.CreateVersionAsync("http-busy", $"s3://bucket/{i}")).ToList();
        var results = await Task.WhenAll(creators);
        Assert.All(results, r => Assert.Equal(200, r.Status));
        var numbers = results.Select(r => int.Parse((string)r.Body["model_version"]!["version"]!, System.Globalization.CultureInfo.InvariantCulture)).Order();
        Assert.Equal(Enumerable.Range(1, 16), numbers);
    }

    [Fact]
    public async Task Registry_is_also_served_under_the_ui_prefix()
    {
        await _server.CreateModelAsync("ajax");
        var model = await _server.OkAsync(HttpMethod.Get, "/ajax-api/2.0/mlflow/registered-models/get?name=ajax");
        Assert.Equal("ajax", (string)model["registered_model"]!["name"]!);
    }
}
