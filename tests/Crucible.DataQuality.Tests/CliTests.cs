using System.Diagnostics;
using System.Text.Json;
using Crucible.TestSupport;

namespace Crucible.DataQuality.Tests;

/// <summary>Runs the built <c>crucible</c> CLI as a process, as a user would.</summary>
public sealed class CliTests
{
    [Fact]
    public void Scan_pii_json_reports_exactly_the_documented_fields_per_column()
    {
        var (code, stdout, _) = Run("data", "scan-pii", FixturePaths.Of("pii.csv"), "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Array, json.RootElement.ValueKind);
        Assert.Equal(14, json.RootElement.GetArrayLength());
        foreach (JsonElement column in json.RootElement.EnumerateArray())
        {
            Assert.Equal(["column", "entity", "share", "matched", "non_null"], column.EnumerateObject().Select(p => p.Name));
            Assert.Equal(JsonValueKind.Number, column.GetProperty("share").ValueKind);
            Assert.Equal(200, column.GetProperty("non_null").GetInt64());
        }

        var entities = json.RootElement.EnumerateArray().ToDictionary(c => c.GetProperty("column").GetString()!, c => c.GetProperty("entity"));
        Assert.Equal("CREDIT_CARD", entities["card_number"].GetString());
        Assert.Equal(JsonValueKind.Null, entities["card_like"].ValueKind);
        Assert.Equal(JsonValueKind.Null, entities["contact_note"].ValueKind);
    }

    [Fact]
    public void Scan_pii_threshold_changes_the_decision()
    {
        var (code, stdout, _) = Run("data", "scan-pii", FixturePaths.Of("pii.csv"), "--json", "--threshold", "0.2");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        var note = json.RootElement.EnumerateArray().Single(c => c.GetProperty("column").GetString() == "contact_note");
        Assert.Equal("EMAIL_ADDRESS", note.GetProperty("entity").GetString());
    }

    [Fact]
    public void Check_exits_1_on_a_failed_check_and_0_on_the_clean_twin()
    {
        string reference = FixturePaths.Of("train_reference.csv");
        var dirty = Run("data", "check", FixturePaths.Of("dirty.csv"), "--label", "label", "--reference", reference, "--json");
        Assert.Equal(1, dirty.Code);
        using var report = JsonDocument.Parse(dirty.Stdout);
        Assert.Contains(report.RootElement.GetProperty("results").EnumerateArray(),
            r => r.GetProperty("check").GetString() == "label_leakage" && r.GetProperty("status").GetString() == "fail");

        var clean = Run("data", "check", FixturePaths.Of("clean.csv"), "--label", "label", "--reference", reference);
        Assert.Equal(0, clean.Code);
        Assert.Contains("train_test_overlap", clean.Stdout, StringComparison.Ordinal);

        var loose = Run("data", "check", FixturePaths.Of("dirty.csv"), "--json", "--condition", "max_duplicate_share=0.5", "--condition", "max_mixed_type_share=0.1");
        using var looseReport = JsonDocument.Parse(loose.Stdout);
        var duplicates = looseReport.RootElement.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("check").GetString() == "duplicate_rows");
        Assert.Equal("pass", duplicates.GetProperty("status").GetString());
        Assert.Equal(0.5, duplicates.GetProperty("threshold").GetDouble());
        Assert.Equal(2, Run("data", "check", FixturePaths.Of("clean.csv"), "--condition", "nonsense=1").Code);
    }

    [Theory]
    [InlineData("ragged.csv", "line 3:")]
    [InlineData("empty.csv", "line 1:")]
    [InlineData("missing-file.csv", "does not exist")]
    public void Bad_input_exits_2_with_the_line_on_stderr(string file, string expected)
    {
        var (code, _, stderr) = Run("data", "profile", FixturePaths.Bad(file));
        Assert.Equal(2, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Profile_prints_a_table_and_redact_writes_the_output()
    {
        var profile = Run("data", "profile", FixturePaths.Of("clean.csv"));
        Assert.Equal(0, profile.Code);
        Assert.Contains("signup_date", profile.Stdout, StringComparison.Ordinal);
        Assert.Contains("600 rows", profile.Stdout, StringComparison.Ordinal);

        using var temp = new TempDirectory();
        string output = temp.File("out.csv");
        var redact = Run("data", "redact", FixturePaths.Of("pii.csv"), "--out", output, "--drop", "ssn,iban", "--hash", "email", "--salt", "s3cret");
        Assert.Equal(0, redact.Code);
        Assert.True(File.Exists(output + ".provenance.json"));
        string[] header = File.ReadLines(output).First().Split(',');
        Assert.DoesNotContain("ssn", header);
        Assert.Contains("ssn_bad", header);

        var noSalt = Run("data", "redact", FixturePaths.Of("pii.csv"), "--out", output, "--hash", "email");
        Assert.Equal(2, noSalt.Code);
    }

    internal static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliPath());
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the CLI did not exit");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    // The CLI builds into its own bin folder (same configuration and framework as this assembly).
    private static string CliPath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        string framework = dir.Name;
        string configuration = dir.Parent!.Name;
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Crucible.slnx")))
        {
            dir = dir.Parent;
        }

        string path = Path.Combine(dir!.FullName, "src", "Crucible.Cli", "bin", configuration, framework, "crucible.dll");
        Assert.True(File.Exists(path), $"the CLI is not built at {path}");
        return path;
    }
}
