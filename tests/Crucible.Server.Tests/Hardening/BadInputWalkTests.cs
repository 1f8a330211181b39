using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Crucible.Server.Endpoints;
using Crucible.Server.Tests.Serving;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Crucible.Server.Tests.Hardening;

/// <summary>
/// The bad-input walk (issue 13): every route the running server maps, read from its own endpoint table (a new
/// route is walked without anyone listing it), gets each class of hostile input: nulls in every list, wrong types,
/// lone surrogates, int64 and date boundaries in bodies and query fields, NaN and Infinity, 10,000-level nesting,
/// empty and oversized bodies, wrong content types, dot segments and encoded traversal in the path. Route
/// parameters are filled with the names of things that exist (a model, a deployment with a monitor, a dataset, a
/// run) so handlers get past their lookups, and with unknown names. Every answer must come within 5 s, never be a
/// 5xx, and every error must be a non-empty JSON body in the route family's format (never HTML); afterwards the
/// managed heap is within 2x of before and a normal request still succeeds.
/// </summary>
[Collection(nameof(BadInputWalkTests))]
public sealed partial class BadInputWalkTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Max = "9223372036854775807";
    private const string Min = "-9223372036854775808";

    /// <summary>Every list-valued field of the request types, each sent as <c>[null]</c> on its own.</summary>
    private static readonly string[] ListFields =
    [
        "tags", "order_by", "metrics", "params", "datasets", "models", "experiment_ids", "run_ids", "stages", "conditions",
        "columns", "labels", "routes", "inputs", "outputs", "score_columns", "slice_by", "classes", "exclude_columns", "model_ids",
        "parents", "aliases", "instances", "data",
    ];

    private static readonly string[] NumberFields =
    [
        "max_results", "timestamp", "step", "start_time", "end_time", "window_ms", "window_start", "window_end", "reference_start",
        "reference_end", "value", "weight", "max_batch_size", "max_delay_ms", "bootstrap", "seed", "min_slice_size", "threshold",
        "drift_share", "min_value", "expected_revision", "creation_timestamp",
    ];

    private static readonly string[] QueryFields =
    [
        "start_ms", "end_ms", "window_ms", "reference_start_ms", "reference_end_ms", "from", "to", "max_results", "window_start_ms",
        "threshold", "page_token", "version", "digest", "path", "experiment_id", "run_id", "max_depth",
    ];

    private ServingServer _server = null!;
    private EdgeProbe _probe = null!;
    private Dictionary<string, string> _existing = null!;

    public async Task InitializeAsync()
    {
        _server = new ServingServer();
        await _server.InitializeAsync();
        _server.Http.Timeout = TimeSpan.FromSeconds(10);
        _probe = new EdgeProbe(_server.Http);

        var version = await _server.RegisterAsync("walkmodel", ServingServer.Fixture("linear_classifier.onnx"));
        var runId = _server.LastRunId;
        await _server.DeployAsync(new JsonObject
        {
            ["name"] = "walkdep",
            ["routes"] = new JsonArray(new JsonObject { ["model"] = "walkmodel", ["version"] = version }),
        });
        var monitor = await _server.OkAsync(HttpMethod.Post, "/api/crucible/v1/monitors", new JsonObject
        {
            ["deployment"] = "walkdep", ["reference_start"] = 0, ["reference_end"] = 3_600_000,
        });
        using (var csv = new ByteArrayContent(Encoding.UTF8.GetBytes("a,b,label\n1,2,0\n3,4,1\n5,6,0\n")))
        {
            csv.Headers.ContentType = new("text/csv");
            using var registered = await _server.Http.PostAsync("/api/crucible/v1/datasets/walkdata/versions?format=csv", csv);
            Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        }

        _existing = new Dictionary<string, string>
        {
            ["run"] = runId,
            ["monitor"] = (string)monitor["monitor"]!["id"]!,
            ["version"] = version,
        };
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Every_route_answers_every_class_of_bad_input_with_a_clear_4xx_in_its_family_format()
    {
        var routes = Routes();
        Assert.True(routes.Count >= 100, $"only {routes.Count} routes found");
        Assert.Contains(routes, r => r.Template == "/api/crucible/v1/deployments/{name}/performance");

        // The walk runs twice: the first pass fills what fills once (Kestrel's and the pools' buffers, caches of routes,
        // JSON metadata and statements); the second is measured, so growth between them is what a walk leaves behind.
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var requests = await WalkAllAsync(routes, failures);
        var heapBefore = Heap();
        var workingSetBefore = Environment.WorkingSet;
        var watch = Stopwatch.StartNew();
        requests += await WalkAllAsync(routes, failures);
        watch.Stop();
        var heapAfter = Heap();
        output.WriteLine(
            $"{routes.Count} routes, {requests / 2} requests a pass, measured pass in {watch.Elapsed.TotalSeconds:F1} s; managed heap {heapBefore / 1e6:F1} MB before, {heapAfter / 1e6:F1} MB after; "
            + $"process working set {workingSetBefore / 1e6:F0} MB before, {Environment.WorkingSet / 1e6:F0} MB after");
        Assert.True(failures.IsEmpty, $"{failures.Count} bad answers of {requests}:\n" + string.Join("\n", failures.Order().Take(80)));

        // The managed heap of this test process, which hosts the server in-process, after a full collection both times
        // (the walk runs alone: its collection is not parallelised with other tests, and it keeps only the start of each body it sent).
        Assert.True(heapAfter <= 2 * heapBefore, $"managed heap grew from {heapBefore} to {heapAfter} bytes");
        Assert.Equal("OK", await _server.Http.GetStringAsync("/health"));
        var experiment = await _server.OkAsync(HttpMethod.Get, "/api/2.0/mlflow/experiments/get?experiment_id=0");
        Assert.Equal("0", (string)experiment["experiment"]!["experiment_id"]!);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"the walk took {watch.Elapsed}");
    }

    private async Task<int> WalkAllAsync(List<Route> routes, System.Collections.Concurrent.ConcurrentBag<string> failures)
    {
        var requests = 0;
        await Parallel.ForEachAsync(routes, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (route, _) =>
        {
            foreach (var answer in await WalkAsync(route))
            {
                Interlocked.Increment(ref requests);
                if (Failure(route, answer) is { } failure)
                {
                    failures.Add(failure);
                }
            }
        });
        return requests;
    }

    /// <summary>What is wrong with one answer, or null: slow, 5xx, an empty, HTML or foreign error body, or a refusal that did not happen.</summary>
    private static string? Failure(Route route, EdgeAnswer answer)
    {
        var path = NormalisedPath(answer.Target);
        var refusal = answer.Status is >= 400 and < 500;
        var json = route.BodyTypes == BodyTypes.Json && answer.ContentType == "application/json";
        return answer switch
        {
            { Status: 0 } => "no answer: " + answer,
            _ when answer.Elapsed > TimeSpan.FromSeconds(5) => "slow: " + answer,
            { Status: >= 500 } => "5xx: " + answer,
            { Status: >= 400, Text.Length: 0 } => "empty error body: " + answer,
            { Status: >= 400, ResponseType: "text/html" } => "HTML error: " + answer,
            { Status: >= 400 } when !EdgeProbe.IsFamilyError(path, answer.ResponseType, answer.Json) => "not the family's error format: " + answer,
            _ when IsDotTarget(answer.Target) && answer.Status != 400 => "dot segment or encoded slash not refused: " + answer,
            _ when !refusal && route.BodyTypes == BodyTypes.Json && answer.Body.Length > 0
                && answer.ContentType is "text/plain" or "application/x-www-form-urlencoded" or null && answer.Method != "GET" =>
                "accepted a body of the wrong content type: " + answer,
            _ when !refusal && json && answer.Method is "POST" or "PUT" or "PATCH" && !route.Template.EndsWith("/verify", StringComparison.Ordinal)
                && (answer.Body.Contains("[null]", StringComparison.Ordinal) || answer.Body.Contains("\\ud800", StringComparison.Ordinal)) =>
                "accepted a null list element or a lone surrogate: " + answer,
            _ => null,
        };
    }

    private async Task<List<EdgeAnswer>> WalkAsync(Route route)
    {
        var answers = new List<EdgeAnswer>();
        var write = route.Method is "POST" or "PUT" or "PATCH" or "DELETE";
        // Destructive routes get unknown names only, so the walk keeps its model, deployment, monitor and dataset.
        var destructive = route.Method == "DELETE" || route.Template.Contains("delete", StringComparison.Ordinal) || route.Template.Contains("rename", StringComparison.Ordinal);
        var targets = destructive ? [Fill(route.Template, existing: false)] : new[] { Fill(route.Template, existing: true), Fill(route.Template, existing: false) };
        foreach (var target in targets.Distinct())
        {
            foreach (var body in write ? Bodies(destructive) : Bodies(destructive).Skip(ListFields.Length + 3).Take(7))
            {
                answers.Add(await _probe.SendAsync(route.Method, target, body));
            }

            foreach (var query in target == targets[0] ? Queries() : Queries().Take(2))
            {
                answers.Add(await _probe.SendAsync(route.Method, target + "?" + query));
            }

            if (write)
            {
                answers.Add(await _probe.SendAsync(route.Method, target, """{"name":"x"}""", "text/plain"));
                answers.Add(await _probe.SendAsync(route.Method, target, "name=x&experiment_id=0", "application/x-www-form-urlencoded"));
                answers.Add(await _probe.SendAsync(route.Method, target, """{"name":"x"}""", contentType: null));
                answers.Add(await _probe.SendAsync(route.Method, target, string.Empty, "application/json"));
            }
        }

        var hostile = Fill(route.Template, existing: false);
        foreach (var dotted in DotTargets(hostile))
        {
            answers.Add(await _probe.SendAsync(route.Method, dotted));
        }

        if (write && route.BodyTypes == BodyTypes.Json)
        {
            var oversized = "{\"name\":\"" + new string('x', (2 * 1024 * 1024) + 100) + "\"}";
            answers.Add(await _probe.SendAsync(route.Method, hostile, oversized));
        }

        return answers;
    }

    private IEnumerable<string> Bodies(bool destructive)
    {
        var run = destructive ? "ffffffffffffffffffffffffffffffff" : _existing["run"];
        var common = $$"""
            "run_id":"{{run}}","experiment_id":"0","name":"walkmodel","version":"1","deployment":"walkdep","key":"k","value":"v"
            """;
        foreach (var field in ListFields)
        {
            yield return $$"""{{{common}},"{{field}}":[null]}""";
        }

        yield return $$"""{{{common}},"datasets":[{"dataset":{"name":"d","digest":"x","source_type":"local","source":"s"},"tags":[null]}]}""";
        yield return $$"""{{{common}},"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[null,null,null,null]}]}""";
        yield return $$"""{{{common}},"routes":[{"model":null,"version":null,"weight":null}],"labels":[{"request_id":null,"label":null}]}""";

        // Wrong types.
        yield return """{"run_id":{"a":1},"experiment_id":[1],"name":{"a":1},"key":[],"value":{},"timestamp":"abc","max_results":"many","step":"x","tags":"notalist","metrics":{"a":1},"routes":"r","labels":7,"window_ms":"w","enabled":"yes"}""";
        yield return """[]""";
        yield return "\"text\"";
        yield return "null";
        yield return "{bad json";

        // Lone surrogates, in values and in a property name.
        yield return $$"""{{{common}},"status":"\ud800","description":"\udfff x","source":"\ud800"}""".Replace("\"key\":\"k\"", "\"key\":\"\\ud800\"", StringComparison.Ordinal);
        yield return $$"""{{{common}},"\ud800":1}""";

        // int64 and date boundaries, overflow, NaN and Infinity in every number field.
        foreach (var value in new[] { Max, Min, "9223372036854775808", "1e400", "-0", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "253402300800000" })
        {
            var numbers = string.Join(",", NumberFields.Select(f => $"\"{f}\":{value}"));
            yield return $$"""{"run_id":"{{run}}","experiment_id":"0","deployment":"walkdep","key":"k",{{numbers}}}""";
        }

        yield return "{\"value\":NaN}";

        // Deep nesting.
        yield return new string('[', 10_000) + new string(']', 10_000);
        yield return string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000);
    }

    private static IEnumerable<string> Queries()
    {
        foreach (var value in new[] { Max, Min, "NaN", "Infinity", "9999-12-31T23:59:59Z", "%00", "%ED%A0%80" })
        {
            yield return string.Join("&", QueryFields.Select(f => $"{f}={value}"));
        }

        // One bound at a time, so each reaches its own check (window_ms=max once looped without end).
        foreach (var field in new[] { "window_ms", "start_ms", "end_ms", "window_start_ms", "from", "max_results" })
        {
            yield return $"{field}={Max}";
            yield return $"{field}={Min}";
        }

        yield return $"reference_start_ms=0&reference_end_ms=1000&window_ms={Max}";
        yield return $"start_ms=0&end_ms={Max}&reference_start_ms=0&reference_end_ms=1000";
    }

    private static IEnumerable<string> DotTargets(string path)
    {
        yield return path + "/..";
        yield return path + "/.";
        yield return path + "/%2e%2e";
        yield return path + "/.%2E";
        var slash = path.LastIndexOf('/');
        yield return path[..slash] + "/../" + path[(slash + 1)..];
        yield return path[..slash] + "/..%2f..%2fetc";
        yield return path[..slash] + "/a%5c..%5c..";
    }

    private static bool IsDotTarget(string target)
    {
        var path = target.Split('?')[0];
        return path.Split('/').Any(s => s.Replace("%2e", ".", StringComparison.OrdinalIgnoreCase) is "." or "..")
            || path.Contains("%2f", StringComparison.OrdinalIgnoreCase) || path.Contains("%5c", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The path as Kestrel routes it (escaped dots decoded, dot segments removed), which picks the error family.</summary>
    private static string NormalisedPath(string target) =>
        new Uri("http://walk" + target.Split('?')[0].Replace("%2e", ".", StringComparison.OrdinalIgnoreCase)).AbsolutePath;

    private string Fill(string template, bool existing) => RouteParameter().Replace(template, m =>
    {
        var name = m.Groups["name"].Value;
        if (!existing)
        {
            return name == "path" ? "a/b.txt" : "x1";
        }

        var before = template[..m.Index];
        return name switch
        {
            "runId" => _existing["run"],
            "version" => _existing["version"],
            "id" when before.Contains("/monitors", StringComparison.Ordinal) => _existing["monitor"],
            "name" when before.Contains("/datasets", StringComparison.Ordinal) => "walkdata",
            "name" when before.Contains("/deployments", StringComparison.Ordinal) || before.StartsWith("/v2/", StringComparison.Ordinal) => "walkdep",
            "name" when before.Contains("/models", StringComparison.Ordinal) => "walkmodel",
            "path" when before.Contains("artifacts", StringComparison.Ordinal) => $"0/{_existing["run"]}/artifacts/walk.txt",
            "path" => "walk.csv",
            _ => "x1",
        };
    });

    private List<Route> Routes()
    {
        var routes = new List<Route>();
        foreach (var endpoint in _server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var template = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (template == "/" || template.StartsWith("/ui/", StringComparison.Ordinal))
            {
                continue; // the web UI's shell and assets: pages for a browser, not an API family (tests/Crucible.Ui.Tests)
            }

            var types = endpoint.Metadata.GetMetadata<BodyTypes>() ?? BodyTypes.Json;
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get])
            {
                routes.Add(new Route(method, template, types));
            }
        }

        return routes;
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    [GeneratedRegex(@"\{\**(?<name>[A-Za-z]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    private sealed record Route(string Method, string Template, BodyTypes BodyTypes);
}

/// <summary>The walk runs alone, so the managed heap it measures is the server's and its own.</summary>
[CollectionDefinition(nameof(BadInputWalkTests), DisableParallelization = true)]
public sealed class BadInputWalkCollection;
