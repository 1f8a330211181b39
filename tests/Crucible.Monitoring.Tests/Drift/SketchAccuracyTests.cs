using Crucible.Monitoring.Drift;
using Crucible.Stats.Profiles;
using Crucible.Monitoring.Readers;
using Crucible.Stats.Sketches;
using Crucible.TestSupport;

namespace Crucible.Monitoring.Tests.Drift;

public sealed class SketchAccuracyTests
{
    [Theory]
    [InlineData("ks")]
    [InlineData("wasserstein")]
    [InlineData("psi")]
    [InlineData("jensenshannon")]
    public void Drift_from_compacted_sketches_stays_close_to_the_raw_result(string test)
    {
        var rng = new Random(42);
        (RawTable rawRef, DatasetProfile profRef) = DriftData.Make(rng, 30_000, 0.0);
        (RawTable rawCur, DatasetProfile profCur) = DriftData.Make(rng, 20_000, 0.1);
        var options = new DriftOptions { Test = test, Columns = ["x"] };

        ColumnDrift raw = Assert.Single(RawDrift.Compute(rawRef, rawCur, options).Columns);
        ColumnDrift sketch = Assert.Single(ProfileDrift.Compute(profRef, profCur, options).Columns);

        Assert.False(sketch.Exact);
        double eps = KllSketch.NormalizedRankError(KllSketch.DefaultK, pmf: true);
        double tolerance = test switch
        {
            "ks" => 2 * eps,
            "wasserstein" => 0.1 * raw.Statistic,
            // Binned distances from sketches carry a noise floor of a few hundredths at k = 256.
            _ => Math.Max(0.03, 0.25 * raw.Statistic),
        };
        Assert.InRange(sketch.Statistic, raw.Statistic - tolerance, raw.Statistic + tolerance);
    }

    [Fact]
    public void Json_lines_and_csv_files_of_the_same_rows_give_the_same_drift()
    {
        using var dir = new TempDirectory();
        var rng = new Random(42);
        string[] csv = ["x,c"], jsonl = [];
        for (int i = 0; i < 400; i++)
        {
            double x = Math.Round(rng.NextDouble() + (i >= 200 ? 0.3 : 0), 4);
            string c = i % 3 == 0 ? "a" : "b";
            csv = [.. csv, FormattableString.Invariant($"{x},{c}")];
            jsonl = [.. jsonl, FormattableString.Invariant($"{{\"x\": {x}, \"c\": \"{c}\"}}")];
        }

        File.WriteAllLines(dir.File("ref.csv"), csv[..201]);
        File.WriteAllLines(dir.File("cur.csv"), [csv[0], .. csv[201..]]);
        File.WriteAllLines(dir.File("ref.jsonl"), jsonl[..200]);
        File.WriteAllLines(dir.File("cur.jsonl"), jsonl[200..]);

        DriftReport fromCsv = FileDrift.Compute(dir.File("ref.csv"), dir.File("cur.csv"));
        DriftReport fromJsonl = FileDrift.Compute(dir.File("ref.jsonl"), dir.File("cur.jsonl"));
        DriftReport fromProfiles = FileDrift.Compute(dir.File("ref.jsonl"), dir.File("cur.csv"), exact: false);

        Assert.Equal(fromCsv.Columns, fromJsonl.Columns);
        Assert.Equal(["c", "x"], fromCsv.Columns.Select(c => c.Column));
        Assert.True(fromCsv.Columns[1].Drift);
        Assert.Equal(fromCsv.Columns.Select(c => (c.Test, c.Drift)), fromProfiles.Columns.Select(c => (c.Test, c.Drift)));
        Assert.Equal(fromCsv.Columns[1].Statistic, fromProfiles.Columns[1].Statistic, 1e-12);
    }
}
