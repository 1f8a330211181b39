using System.Text.Json;
using Crucible.Monitoring.Drift;
using Crucible.TestSupport;

namespace Crucible.Monitoring.Tests.Cli;

public sealed class DriftCliTests
{
    private static readonly string Reference = CliRunner.Fixture("reference.csv");
    private static readonly string Shifted = CliRunner.Fixture("current_shifted.csv");

    [Fact]
    public void Drift_json_on_the_shifted_csv_flags_the_shifted_columns()
    {
        (int code, string output, string error) = CliRunner.Run("drift", "--reference", Reference, "--current", Shifted, "--json");

        Assert.True(code == 0, error);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement root = doc.RootElement;
        var columns = root.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("column").GetString()!);
        Assert.Equal(["age", "churned", "income", "note", "plan"], columns.Keys);
        Assert.Equal(
            new Dictionary<string, (string, bool)>
            {
                ["age"] = ("ks", true), ["churned"] = ("z", true), ["income"] = ("ks", false), ["note"] = ("chisquare", false), ["plan"] = ("chisquare", true),
            },
            columns.ToDictionary(kv => kv.Key, kv => (kv.Value.GetProperty("test").GetString()!, kv.Value.GetProperty("drift").GetBoolean())));
        foreach (JsonElement c in columns.Values)
        {
            Assert.Equal(0.05, c.GetProperty("threshold").GetDouble());
            Assert.InRange(c.GetProperty("p_value").GetDouble(), 0.0, 1.0);
            Assert.True(c.TryGetProperty("statistic", out _));
        }

        Assert.Equal(3, root.GetProperty("drifted_columns").GetInt32());
        Assert.Equal(0.6, root.GetProperty("share").GetDouble(), 12);
        Assert.True(root.GetProperty("dataset_drift").GetBoolean());
        Assert.Equal(300, root.GetProperty("reference_rows").GetInt64());
        Assert.Equal(250, root.GetProperty("current_rows").GetInt64());

        DriftReport direct = FileDrift.Compute(Reference, Shifted);
        Assert.Equal(direct, DriftJson.Deserialize(output), new ReportComparer());
    }

    [Fact]
    public void Reference_against_itself_does_not_drift_and_the_table_says_so()
    {
        (int code, string output, _) = CliRunner.Run("drift", "--reference", Reference, "--current", Reference, "--columns", "age,plan");

        Assert.Equal(0, code);
        Assert.Contains("Dataset drift not detected: 0 of 2 columns drifted", output, StringComparison.Ordinal);
        Assert.Contains("✗", output, StringComparison.Ordinal);
        Assert.DoesNotContain("income", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Stattest_and_threshold_apply_to_every_column()
    {
        (int code, string output, _) = CliRunner.Run(
            "drift", "--reference", Reference, "--current", Shifted, "--stattest", "psi", "--threshold", "0.2", "--columns", "age,income,plan", "--json");

        Assert.Equal(0, code);
        DriftReport report = DriftJson.Deserialize(output);
        Assert.All(report.Columns, c => Assert.Equal(("psi", 0.2, (double?)null), (c.Test, c.Threshold, c.PValue)));
    }

    [Theory]
    [InlineData("--stattest", "t-test")]
    [InlineData("--threshold", "abc")]
    [InlineData("--columns", "age,missing")]
    [InlineData("--correction", "holm")]
    public void Bad_options_exit_with_2(string option, string value)
    {
        (int code, _, string error) = CliRunner.Run("drift", "--reference", Reference, "--current", Shifted, option, value);

        Assert.Equal(2, code);
        Assert.StartsWith("error:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_or_malformed_files_exit_with_2_and_name_the_line()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("ragged.csv"), "age,plan\n1,a\n2\n");

        Assert.Equal(2, CliRunner.Run("drift", "--reference", dir.File("none.csv"), "--current", Shifted).ExitCode);
        Assert.Equal(2, CliRunner.Run("drift", "--current", Shifted).ExitCode);
        (int code, _, string error) = CliRunner.Run("drift", "--reference", Reference, "--current", dir.File("ragged.csv"));
        Assert.Equal(2, code);
        Assert.Contains("line 3", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Profile_writes_a_blob_that_drift_accepts_as_reference()
    {
        using var dir = new TempDirectory();
        string blob = dir.File("reference.bin");

        (int code, string output, _) = CliRunner.Run("profile", Reference, "--out", blob);
        Assert.Equal(0, code);
        Assert.Contains("300 rows, 5 columns", output, StringComparison.Ordinal);

        (code, output, _) = CliRunner.Run("drift", "--reference", blob, "--current", Shifted, "--json");
        Assert.Equal(0, code);
        DriftReport report = DriftJson.Deserialize(output);
        Assert.Equal("profiles", report.Source);
        Assert.True(report.DatasetDrift);
        Assert.Equal(["age", "churned", "plan"], report.Columns.Where(c => c.Drift).Select(c => c.Column));

        (code, output, _) = CliRunner.Run("profile", blob, "--json");
        Assert.Equal(0, code);
        Assert.Equal(300, JsonDocument.Parse(output).RootElement.GetProperty("row_count").GetInt64());

        File.WriteAllBytes(blob, File.ReadAllBytes(blob)[..^3]);
        (code, _, string error) = CliRunner.Run("profile", blob);
        Assert.Equal(2, code);
        Assert.Contains("truncated", error, StringComparison.Ordinal);
    }

    internal sealed class ReportComparer : IEqualityComparer<DriftReport>
    {
        public bool Equals(DriftReport? x, DriftReport? y) =>
            x is not null && y is not null
            && x.Columns.SequenceEqual(y.Columns)
            && x.Skipped.SequenceEqual(y.Skipped)
            && (x.DriftedColumns, x.Share, x.DatasetDrift, x.Source) == (y.DriftedColumns, y.Share, y.DatasetDrift, y.Source);

        public int GetHashCode(DriftReport obj) => obj.DriftedColumns;
    }
}
