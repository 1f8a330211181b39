using System.Text.Json;

namespace Crucible.Monitoring.Tests.Cli;

public sealed class MultivariateCliTests
{
    private static string Golden(string file) => Path.Combine(AppContext.BaseDirectory, "Multivariate", "golden", file);

    [Fact]
    public void Drift_multivariate_json_adds_both_methods_next_to_the_per_column_report()
    {
        (int code, string output, string error) = CliRunner.Run(
            "drift", "--reference", Golden("mv_reference.csv"), "--current", Golden("mv_current.csv"), "--multivariate", "--json");

        Assert.True(code == 0, error);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement root = doc.RootElement;
        Assert.True(root.TryGetProperty("columns", out _));
        JsonElement mv = root.GetProperty("multivariate");
        Assert.True(mv.GetProperty("drift").GetBoolean());
        JsonElement pca = mv.GetProperty("reconstruction");
        Assert.Equal(2, pca.GetProperty("components").GetInt32());
        Assert.True(pca.GetProperty("current_error").GetDouble() > pca.GetProperty("upper_threshold").GetDouble());
        Assert.Equal(10, pca.GetProperty("reference_chunks").GetArrayLength());
        JsonElement dc = mv.GetProperty("domain_classifier");
        Assert.True(dc.GetProperty("auc").GetDouble() > dc.GetProperty("threshold").GetDouble());
        Assert.Equal(5, dc.GetProperty("folds").GetInt32());
    }

    [Fact]
    public void Drift_multivariate_prints_a_table_and_refuses_profile_blobs()
    {
        (int code, string output, _) = CliRunner.Run("drift", "--reference", Golden("mv_reference.csv"), "--current", Golden("mv_current.csv"), "--multivariate");
        Assert.Equal(0, code);
        Assert.Contains("domain classifier auc", output, StringComparison.Ordinal);
        Assert.Contains("Multivariate drift DETECTED", output, StringComparison.Ordinal);

        string blob = Path.Combine(Path.GetTempPath(), $"mv-{Guid.NewGuid():N}.bin");
        try
        {
            Assert.Equal(0, CliRunner.Run("profile", Golden("mv_reference.csv"), "--out", blob).ExitCode);
            (int bad, _, string error) = CliRunner.Run("drift", "--reference", blob, "--current", Golden("mv_current.csv"), "--multivariate");
            Assert.Equal(2, bad);
            Assert.Contains("profile blob holds none", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(blob);
        }
    }

    [Fact]
    public void A_corrupted_profile_blob_is_reported_with_its_path_and_exit_code_2()
    {
        string blob = Path.Combine(Path.GetTempPath(), $"corrupt-{Guid.NewGuid():N}.bin");
        try
        {
            Assert.Equal(0, CliRunner.Run("profile", Golden("mv_reference.csv"), "--out", blob).ExitCode);
            byte[] bytes = File.ReadAllBytes(blob);
            bytes[bytes.Length / 2] ^= 0x5A;
            File.WriteAllBytes(blob, bytes);

            (int code, string output, string error) = CliRunner.Run("drift", "--reference", blob, "--current", Golden("mv_current.csv"));

            Assert.Equal(2, code);
            Assert.Equal(string.Empty, output);
            Assert.Contains(blob, error, StringComparison.Ordinal);
            Assert.Contains("checksum", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(blob);
        }
    }
}
