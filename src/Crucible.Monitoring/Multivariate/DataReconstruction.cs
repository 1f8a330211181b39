namespace Crucible.Monitoring.Multivariate;

/// <summary>
/// NannyML's data-reconstruction drift: PCA fitted on the encoded, scaled reference keeps a share of the variance; a
/// chunk's error is the mean distance between its rows and their reconstruction; the band is mean ± σs × std (ddof 0)
/// of the reference chunks' errors. Chunks split rows as <c>np.array_split</c> does.
/// </summary>
internal static class DataReconstruction
{
    public static ReconstructionDrift Compute(double[] reference, int referenceRows, double[] current, int currentRows, int width, MultivariateOptions options)
    {
        if (referenceRows < options.ReferenceChunks)
        {
            throw new ArgumentException($"The reference needs at least {options.ReferenceChunks} rows (one per chunk), got {referenceRows}.");
        }

        Pca pca = Pca.Fit(reference, referenceRows, width, options.VarianceKept);
        double[] refErrors = pca.Errors(reference, referenceRows);
        double[] curErrors = pca.Errors(current, currentRows);
        List<(int Start, int End, double Error)> refChunks = Chunks(refErrors, options.ReferenceChunks);
        double mean = refChunks.Average(c => c.Error);
        double std = Math.Sqrt(refChunks.Sum(c => (c.Error - mean) * (c.Error - mean)) / refChunks.Count);
        double lower = Math.Max(0, mean - (options.Sigmas * std)), upper = mean + (options.Sigmas * std);
        bool Outside(double e) => e < lower || e > upper;
        int currentChunks = Math.Max(1, (int)Math.Round(currentRows / (referenceRows / (double)options.ReferenceChunks), MidpointRounding.ToEven));
        double currentError = currentRows == 0 ? double.NaN : curErrors.Average();
        return new ReconstructionDrift(
            pca.Components,
            pca.ExplainedVarianceRatio,
            [.. refChunks.Select(c => new ChunkError(c.Start, c.End, c.Error, Outside(c.Error)))],
            currentRows == 0 ? [] : [.. Chunks(curErrors, currentChunks).Select(c => new ChunkError(c.Start, c.End, c.Error, Outside(c.Error)))],
            currentError,
            lower,
            upper,
            currentRows > 0 && Outside(currentError));
    }

    /// <summary>Mean of each of <paramref name="count"/> contiguous chunks, the first n mod count one row longer.</summary>
    private static List<(int Start, int End, double Error)> Chunks(double[] errors, int count)
    {
        count = Math.Min(count, errors.Length);
        var chunks = new List<(int, int, double)>(count);
        int size = errors.Length / count, extra = errors.Length % count, start = 0;
        for (int c = 0; c < count; c++)
        {
            int end = start + size + (c < extra ? 1 : 0);
            double sum = 0;
            for (int i = start; i < end; i++)
            {
                sum += errors[i];
            }

            chunks.Add((start, end, sum / (end - start)));
            start = end;
        }

        return chunks;
    }
}
