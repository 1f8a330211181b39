using System.Text.Json;
using Crucible.Monitoring.Drift;
using Crucible.Monitoring.Multivariate;
using Crucible.Monitoring.Readers;
using Crucible.Stats.Tests.Profiles;

namespace Crucible.Monitoring.Tests.Multivariate;

public sealed class MultivariateDriftTests
{
    private static string Golden(string file) => Path.Combine(AppContext.BaseDirectory, "Multivariate", "golden", file);

    [Fact]
    public void Pca_reconstruction_matches_numpy_and_scikit_learn()
    {
        // golden/make_pca_golden.py: NannyML's pipeline written out in numpy + sklearn 1.2.1.
        using JsonDocument golden = JsonDocument.Parse(File.ReadAllText(Golden("pca_golden.json")));
        JsonElement g = golden.RootElement;

        MultivariateReport report = MultivariateDrift.Compute(TabularFile.ReadRaw(Golden("mv_reference.csv")), TabularFile.ReadRaw(Golden("mv_current.csv")));
        ReconstructionDrift r = report.Reconstruction;

        Assert.Equal(g.GetProperty("n_components").GetInt32(), r.Components);
        AssertClose(g.GetProperty("explained_variance_ratio"), r.ExplainedVarianceRatio);
        AssertClose(g.GetProperty("reference_chunk_errors"), [.. r.ReferenceChunks.Select(c => c.Error)]);
        AssertClose(g.GetProperty("current_chunk_errors"), [.. r.CurrentChunks.Select(c => c.Error)]);
        Assert.Equal(g.GetProperty("current_error").GetDouble(), r.CurrentError, 1e-9);
        Assert.Equal(g.GetProperty("lower_threshold").GetDouble(), r.LowerThreshold, 1e-9);
        Assert.Equal(g.GetProperty("upper_threshold").GetDouble(), r.UpperThreshold, 1e-9);
        Assert.True(r.Drift);
        Assert.All(r.CurrentChunks, c => Assert.True(c.Alert));
        Assert.Equal(["a", "b", "c", "d", "segment"], report.Columns);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Two_samples_of_the_same_distribution_raise_no_alarm(int seed)
    {
        var rng = new Random(seed);
        RawTable reference = Correlated(rng, 3_000, 0.8);
        RawTable current = Correlated(rng, 1_500, 0.8);

        MultivariateReport report = MultivariateDrift.Compute(reference, current);

        Assert.False(report.Reconstruction.Drift, $"error {report.Reconstruction.CurrentError} outside [{report.Reconstruction.LowerThreshold}, {report.Reconstruction.UpperThreshold}]");
        Assert.False(report.DomainClassifier.Drift, $"AUC {report.DomainClassifier.Auc} ≥ {report.DomainClassifier.Threshold}");
        Assert.InRange(report.DomainClassifier.Auc, 0.4, 0.6);
        Assert.False(report.Drift);
    }

    [Fact]
    public void A_correlation_change_that_leaves_every_marginal_unchanged_raises_an_alarm_univariate_tests_miss()
    {
        var rng = new Random(7);
        RawTable reference = Correlated(rng, 3_000, 0.8);
        RawTable current = Correlated(rng, 1_500, -0.8);

        DriftReport univariate = RawDrift.Compute(reference, current);
        MultivariateReport report = MultivariateDrift.Compute(reference, current);

        Assert.False(univariate.DatasetDrift);
        Assert.Equal(0, univariate.DriftedColumns);
        Assert.True(report.Reconstruction.Drift, $"error {report.Reconstruction.CurrentError} inside [{report.Reconstruction.LowerThreshold}, {report.Reconstruction.UpperThreshold}]");
        Assert.True(report.Reconstruction.CurrentError > report.Reconstruction.UpperThreshold);
        Assert.True(report.DomainClassifier.Drift, $"AUC {report.DomainClassifier.Auc} < {report.DomainClassifier.Threshold}");
        Assert.True(report.DomainClassifier.Auc > 0.75);
        Assert.True(report.Drift);
    }

    [Fact]
    public void The_domain_classifier_is_reproducible_with_its_seed()
    {
        var rng = new Random(11);
        RawTable reference = Correlated(rng, 4_000, 0.5);
        RawTable current = Correlated(rng, 3_000, 0.2);
        var options = new MultivariateOptions { MaxClassifierRows = 1_000, Seed = 5 };

        double first = MultivariateDrift.Compute(reference, current, options).DomainClassifier.Auc;
        double second = MultivariateDrift.Compute(reference, current, options).DomainClassifier.Auc;

        Assert.Equal(first, second);
        Assert.Equal(1_000, MultivariateDrift.Compute(reference, current, options).DomainClassifier.ReferenceRows);
    }

    [Fact]
    public void Bad_input_is_a_clear_argument_error()
    {
        var rng = new Random(3);
        RawTable reference = Correlated(rng, 100, 0.5);
        RawTable tiny = Correlated(rng, 3, 0.5);
        var other = new RawTable(10, [new RawColumn("z", new double[10], null)]);

        Assert.Contains("share no column", Assert.Throws<ArgumentException>(() => MultivariateDrift.Compute(reference, other)).Message, StringComparison.Ordinal);
        Assert.Contains("rows on each side", Assert.Throws<ArgumentException>(() => MultivariateDrift.Compute(reference, tiny)).Message, StringComparison.Ordinal);
        Assert.Contains("missing from the current", Assert.Throws<ArgumentException>(() => MultivariateDrift.Compute(reference, reference with { Columns = [reference.Columns[0]] }, new MultivariateOptions { Columns = ["a", "b"] })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => MultivariateDrift.Compute(reference, reference, new MultivariateOptions { VarianceKept = 1.5 }));
    }

    [Fact]
    public void The_report_round_trips_through_json()
    {
        var rng = new Random(9);
        MultivariateReport report = MultivariateDrift.Compute(Correlated(rng, 500, 0.5), Correlated(rng, 200, 0.5));

        string json = MultivariateJson.Serialize(report);
        MultivariateReport back = MultivariateJson.Deserialize(json);

        Assert.Contains("\"domain_classifier\"", json, StringComparison.Ordinal);
        Assert.Contains("\"upper_threshold\"", json, StringComparison.Ordinal);
        Assert.Equal(report.DomainClassifier, back.DomainClassifier);
        Assert.Equal(report.Reconstruction.CurrentError, back.Reconstruction.CurrentError);
    }

    /// <summary>a, b standard normal with correlation rho; c independent; a category independent of all.</summary>
    internal static RawTable Correlated(Random rng, int rows, double rho)
    {
        double[] a = new double[rows], b = new double[rows], c = new double[rows];
        var seg = new string?[rows];
        for (int i = 0; i < rows; i++)
        {
            double z1 = ProfileData.Normal(rng), z2 = ProfileData.Normal(rng);
            a[i] = z1;
            b[i] = (rho * z1) + (Math.Sqrt(1 - (rho * rho)) * z2);
            c[i] = 5 + (2 * ProfileData.Normal(rng));
            seg[i] = ProfileData.Colors[rng.Next(0, 3)];
        }

        return new RawTable(rows, [new("a", a, null), new("b", b, null), new("c", c, null), new("segment", null, seg)]);
    }

    private static void AssertClose(JsonElement expected, IReadOnlyList<double> actual)
    {
        double[] e = [.. expected.EnumerateArray().Select(v => v.GetDouble())];
        Assert.Equal(e.Length, actual.Count);
        for (int i = 0; i < e.Length; i++)
        {
            Assert.Equal(e[i], actual[i], 1e-9);
        }
    }
}
