using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Crucible.Server.Tests.Datasets;

/// <summary>Checks, PII scan and redaction of registered dataset versions over the native API.</summary>
public sealed class DatasetQualityApiTests : DatasetApiTestBase
{
    private const string People = "id,email,city\n1,ana@example.org,Porto\n2,bo@example.com,Lyon\n3,cy@example.net,Porto\n4,,Lyon\n";

    private const string Salt = "pepper-7f3a";

    private static string Hmac(string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Salt), Encoding.UTF8.GetBytes(value)));

    private static string[] Column(string csv, int index) =>
        [.. csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(',')[index])];

    [Fact]
    public async Task Redact_without_columns_hashes_the_columns_a_pii_scan_flags_into_a_child_version_that_never_holds_the_salt()
    {
        await RegisterAsync("people", People, "format=csv&owner=ana&license=CC-BY-4.0");
        var answer = await PostJsonOkAsync("/api/crucible/v1/datasets/people/versions/1/redact", new JsonObject { ["method"] = "hash", ["salt"] = Salt });
        Assert.True((bool)answer["created"]!);
        Assert.Equal(("hash", "email"), ((string)answer["method"]!, (string)answer["columns"]!.AsArray().Single()!));
        var v2 = answer["dataset_version"]!;
        Assert.Equal((2L, 4L, "csv"), ((long)v2["version"]!, (long)v2["row_count"]!, (string)v2["format"]!));
        Assert.Equal(["people@1"], v2["parents"]!.AsArray().Select(p => (string)p!));
        Assert.Equal("redact: hash (HMAC-SHA-256, secret salt) email (columns a PII scan flagged at threshold 0.5)", (string)v2["transform"]!);
        Assert.Equal(("ana", "CC-BY-4.0"), ((string)v2["owner"]!, (string)v2["license"]!));

        var file = await DownloadAsync("people", 2);
        Assert.Equal([Hmac("ana@example.org"), Hmac("bo@example.com"), Hmac("cy@example.net"), string.Empty], Column(file, 1));
        Assert.Equal(["Porto", "Lyon", "Porto", "Lyon"], Column(file, 2));
        Assert.Equal(Sha256(Encoding.UTF8.GetBytes(file)), (string)v2["digest"]!);

        var stored = (await OkAsync(HttpMethod.Get, "/api/crucible/v1/datasets/people/versions/2")).ToJsonString();
        Assert.DoesNotContain(Salt, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Sha256(Encoding.UTF8.GetBytes(Salt)), stored, StringComparison.Ordinal);

        // The same redaction again yields the same bytes: the existing version comes back.
        var again = await PostJsonOkAsync("/api/crucible/v1/datasets/people/versions/1/redact", new JsonObject { ["method"] = "hash", ["salt"] = Salt });
        Assert.Equal((false, 2L), ((bool)again["created"]!, (long)again["dataset_version"]!["version"]!));
    }

    [Fact]
    public async Task Redact_named_columns_into_another_dataset_masks_or_drops_them()
    {
        await RegisterAsync("people", People);
        var masked = await PostJsonOkAsync(
            "/api/crucible/v1/datasets/people/versions/1/redact",
            new JsonObject { ["method"] = "mask", ["columns"] = new JsonArray("email", "city"), ["target"] = "people-public", ["description"] = "for sharing" });
        var v = masked["dataset_version"]!;
        Assert.Equal(("people-public", 1L, "for sharing"), ((string)v["name"]!, (long)v["version"]!, (string)v["description"]!));
        Assert.Equal("redact: mask email, city", (string)v["transform"]!);
        var file = await DownloadAsync("people-public", 1);
        Assert.Equal(["***@*******.***", "**@*******.***", "**@*******.***", string.Empty], Column(file, 1));
        Assert.Equal(["*****", "****", "*****", "****"], Column(file, 2));

        var dropped = await PostJsonOkAsync("/api/crucible/v1/datasets/people/versions/1/redact", new JsonObject { ["method"] = "drop", ["columns"] = new JsonArray("email") });
        Assert.Equal("id,city", (await DownloadAsync("people", (long)dropped["dataset_version"]!["version"]!)).Split("\r\n")[0]);
    }

    public static TheoryData<string, int, string> BadRedactions() => new()
    {
        { """{"method":"hash"}""", 400, "salt" },
        { """{"method":"blur"}""", 400, "mask, hash or drop" },
        { """{}""", 400, "mask, hash or drop" },
        { """{"method":"mask","columns":["nope"]}""", 400, "'nope' is not in the file" },
        { """{"method":"mask","columns":[]}""", 400, "'columns' is empty" },
        { """{"method":"drop","columns":["id","email","city"]}""", 400, "nothing to write" },
        { """{"method":"mask","target":"bad name"}""", 400, "Invalid dataset name" },
        { """{"method":"mask","columns":"email"}""", 400, "columns" },
    };

    [Theory]
    [MemberData(nameof(BadRedactions))]
    public async Task A_bad_redaction_is_a_400_and_registers_nothing(string body, int status, string reason)
    {
        await RegisterAsync("people", People);
        var (actual, problem) = await SendAsync(HttpMethod.Post, "/api/crucible/v1/datasets/people/versions/1/redact", Encoding.UTF8.GetBytes(body));
        Assert.Equal(status, actual);
        Assert.Contains(reason, (string)problem!["detail"]!, StringComparison.Ordinal);
        Assert.Equal([1L], (await Store.ListVersionsAsync("people", CancellationToken.None)).Select(v => v.Version));
        Assert.Single(Directory.GetDirectories(Path.Combine(Artifacts, "datasets", "people")));
    }

    [Fact]
    public async Task Redact_finds_nothing_to_do_on_a_clean_file_and_unknown_versions_are_404()
    {
        await RegisterAsync("clean", "id,city\n1,Porto\n2,Lyon\n");
        var (status, problem) = await PostJsonAsync("/api/crucible/v1/datasets/clean/versions/1/redact", new JsonObject { ["method"] = "mask" });
        Assert.Equal(400, status);
        Assert.Contains("flagged no column", (string)problem!["detail"]!, StringComparison.Ordinal);
        Assert.Equal(404, (await PostJsonAsync("/api/crucible/v1/datasets/clean/versions/9/redact", new JsonObject { ["method"] = "mask" })).Status);
        Assert.Equal(404, (await PostJsonAsync("/api/crucible/v1/datasets/clean/versions/9/checks", new JsonObject())).Status);
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, "/api/crucible/v1/datasets/clean/versions/9/pii")).Status);
    }

    [Fact]
    public async Task Pii_scan_answers_the_scan_pii_json_per_column()
    {
        await RegisterAsync("people", People);
        var results = (await OkAsync(HttpMethod.Get, "/api/crucible/v1/datasets/people/versions/1/pii")).AsArray();
        Assert.Equal(["id", "email", "city"], results.Select(r => (string)r!["column"]!));
        var email = results[1]!;
        Assert.Equal(("EMAIL_ADDRESS", 3L, 3L, 1.0), ((string)email["entity"]!, (long)email["matched"]!, (long)email["non_null"]!, (double)email["share"]!));
        Assert.Null(results[2]!["entity"]);

        Assert.Equal(400, (await SendAsync(HttpMethod.Get, "/api/crucible/v1/datasets/people/versions/1/pii?threshold=1.5")).Status);
        Assert.Equal(400, (await SendAsync(HttpMethod.Get, "/api/crucible/v1/datasets/people/versions/1/pii?threshold=x")).Status);
    }

    [Fact]
    public async Task Checks_run_with_label_reference_and_condition_overrides_and_answer_the_check_json()
    {
        var rows = new StringBuilder("x,y\n");
        for (var i = 0; i < 40; i++)
        {
            rows.Append(i % 10).Append(',').Append(i % 2).Append('\n');
        }

        await RegisterAsync("train", rows.ToString());
        await RegisterAsync("test", "x,y\n1,1\n2,0\n30,1\n");

        var report = await PostJsonOkAsync("/api/crucible/v1/datasets/train/versions/1/checks", new JsonObject { ["label"] = "y" });
        Assert.Equal(("train@1", "y"), ((string)report["profile"]!["source"]!, (string)report["label"]!));
        Assert.Equal("fail", Status(report, "duplicate_rows"));

        var relaxed = await PostJsonOkAsync(
            "/api/crucible/v1/datasets/train/versions/1/checks",
            new JsonObject { ["label"] = "y", ["conditions"] = new JsonArray("max_duplicate_share=1") });
        Assert.Equal("pass", Status(relaxed, "duplicate_rows"));

        var compared = await PostJsonOkAsync("/api/crucible/v1/datasets/test/versions/1/checks", new JsonObject { ["reference"] = "train@1" });
        Assert.Equal("train@1", (string)compared["reference"]!);
        Assert.Equal("warn", Status(compared, "out_of_range"));
        Assert.Equal("fail", Status(compared, "train_test_overlap"));

        Assert.Equal(404, (await PostJsonAsync("/api/crucible/v1/datasets/test/versions/1/checks", new JsonObject { ["reference"] = "train@7" })).Status);
        Assert.Equal(400, (await PostJsonAsync("/api/crucible/v1/datasets/test/versions/1/checks", new JsonObject { ["reference"] = "train" })).Status);
        Assert.Equal(400, (await PostJsonAsync("/api/crucible/v1/datasets/test/versions/1/checks", new JsonObject { ["conditions"] = new JsonArray("nope=1") })).Status);
    }

    [Fact]
    public async Task A_changed_file_is_data_loss_for_checks_pii_and_redact()
    {
        var registered = await RegisterAsync("people", People);
        File.WriteAllText(Path.Combine(Artifacts, "datasets", "people", (string)registered["dataset_version"]!["digest"]!, "data.csv"), People + "5,e@x.org,Rome\n");
        var (status, problem) = await SendAsync(HttpMethod.Get, "/api/crucible/v1/datasets/people/versions/1/pii");
        Assert.Equal(("DATA_LOSS", true), ((string)problem!["errorCode"]!, status >= 500));
        Assert.Equal("DATA_LOSS", (string)(await PostJsonAsync("/api/crucible/v1/datasets/people/versions/1/redact", new JsonObject { ["method"] = "mask" })).Body!["errorCode"]!);
        Assert.Equal("DATA_LOSS", (string)(await PostJsonAsync("/api/crucible/v1/datasets/people/versions/1/checks", new JsonObject())).Body!["errorCode"]!);
    }

    private static string Status(JsonNode report, string check) =>
        (string)report["results"]!.AsArray().First(r => (string)r!["check"]! == check)!["status"]!;
}
