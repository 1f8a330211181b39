using Crucible.Monitoring.Readers;

namespace Crucible.Monitoring.Multivariate;

/// <summary>
/// Multivariate drift between two tables held in memory: NannyML's PCA data reconstruction and a domain classifier,
/// both over the same preprocessing (impute, frequency-encode categories, standard-scale; fitted on the reference).
/// They catch changes that leave every column's own distribution alone, such as a change of correlation.
/// </summary>
public static class MultivariateDrift
{
    /// <summary>Compares current against reference.</summary>
    /// <exception cref="ArgumentException">Bad settings, no shared column, or too few rows.</exception>
    public static MultivariateReport Compute(RawTable reference, RawTable current, MultivariateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        options ??= new MultivariateOptions();
        options.Validate();
        if (current.RowCount == 0)
        {
            throw new ArgumentException("The current data has no rows.");
        }

        FeatureEncoder encoder = FeatureEncoder.Fit(reference, current, options.Columns);
        double[] r = encoder.Transform(reference), c = encoder.Transform(current);
        int nr = checked((int)reference.RowCount), nc = checked((int)current.RowCount);
        ReconstructionDrift reconstruction = DataReconstruction.Compute(r, nr, c, nc, encoder.Width, options);
        DomainClassifierDrift classifier = DomainClassifier.Compute(r, nr, c, nc, encoder.Width, options);
        return new MultivariateReport(encoder.Names, nr, nc, reconstruction, classifier, reconstruction.Drift || classifier.Drift);
    }
}
