using Crucible.Stats.Metrics;

namespace Crucible.Monitoring.Performance;

/// <summary>
/// NannyML's calibration choice for CBPE (shared/reference/anchors.md, section 2): the labelled reference is split by a
/// stratified shuffle split into 3 splits (10% held out each, seeded); on each, an isotonic regression fitted on the rest
/// calibrates the held-out scores, and the expected calibration error (10 uniform bins on P(class 1)) of the raw and the
/// calibrated scores is compared. Isotonic calibration, refitted on the whole reference, is used only when it lowers the
/// mean ECE.
/// </summary>
public static class CbpeCalibration
{
    public const int Splits = 3;
    public const double TestShare = 0.1;
    public const int EceBins = 10;

    /// <summary>The calibrator to use, or null when the raw scores are as well calibrated (or the reference cannot tell).</summary>
    public static IsotonicRegression? Choose(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels, int seed, out double rawEce, out double calibratedEce)
    {
        rawEce = calibratedEce = double.NaN;
        var positives = new List<int>();
        var negatives = new List<int>();
        for (var i = 0; i < labels.Length; i++)
        {
            (labels[i] == 1 ? positives : negatives).Add(i);
        }

        if (positives.Count < 2 || negatives.Count < 2)
        {
            return null;
        }

        var random = new Random(seed);
        double raw = 0, calibrated = 0;
        var x = scores.ToArray();
        var y = labels.ToArray();
        for (var split = 0; split < Splits; split++)
        {
            var test = new HashSet<int>();
            foreach (var group in new[] { positives, negatives })
            {
                var shuffled = group.ToArray();
                random.Shuffle(shuffled);
                test.UnionWith(shuffled.Take(Math.Max(1, (int)Math.Round(group.Count * TestShare))));
            }

            var train = Enumerable.Range(0, x.Length).Where(i => !test.Contains(i)).ToArray();
            var iso = IsotonicRegression.Fit(train.Select(i => x[i]).ToArray(), train.Select(i => (double)y[i]).ToArray());
            var testRows = test.Order().ToArray();
            var yTest = testRows.Select(i => y[i]).ToArray();
            raw += ProbabilityMetrics.ExpectedCalibrationError(yTest, testRows.Select(i => Math.Clamp(x[i], 0, 1)).ToArray(), EceBins);
            calibrated += ProbabilityMetrics.ExpectedCalibrationError(yTest, testRows.Select(i => iso.Predict(x[i])).ToArray(), EceBins);
        }

        rawEce = raw / Splits;
        calibratedEce = calibrated / Splits;
        return calibratedEce < rawEce ? IsotonicRegression.Fit(scores, labels.ToArray().Select(l => (double)l).ToArray()) : null;
    }
}
