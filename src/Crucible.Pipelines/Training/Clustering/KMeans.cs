using Crucible.Stats.Metrics;

namespace Crucible.Pipelines.Training.Clustering;

/// <summary>
/// Lloyd's k-means on row-major doubles, as scikit-learn's <c>KMeans(algorithm="lloyd")</c> runs it: stop when the
/// labels no longer change or the summed squared center shift is at most tol × the mean feature variance; an empty
/// cluster takes the row farthest from its center; the inertia is the sum of squared distances to the final centers.
/// Initial centers come from the caller or from greedy k-means++ (2 + ln k local trials per center), seeded.
/// </summary>
internal static class KMeans
{
    internal sealed record Result(double[] Centers, int[] Labels, double Inertia, int Iterations);

    /// <summary>Runs <paramref name="inits"/> seeded k-means++ starts and keeps the one with the lowest inertia.</summary>
    public static Result Fit(double[] x, int rows, int columns, int k, int inits, int maxIterations, double tolerance, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        Result? best = null;
        for (var i = 0; i < inits; i++)
        {
            var result = Lloyd(x, rows, columns, PlusPlus(x, rows, columns, k, random), k, maxIterations, tolerance, cancellationToken);
            if (best is null || result.Inertia < best.Inertia)
            {
                best = result;
            }
        }

        return best!;
    }

    public static Result Lloyd(double[] x, int rows, int columns, double[] initialCenters, int k, int maxIterations, double tolerance, CancellationToken cancellationToken)
    {
        var threshold = tolerance * MeanVariance(x, rows, columns);
        var centers = (double[])initialCenters.Clone();
        var labels = new int[rows];
        var previous = new int[rows];
        Array.Fill(previous, -1);
        var strict = false;
        var iterations = 0;
        while (iterations < maxIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            iterations++;
            Assign(x, rows, columns, centers, k, labels);
            var updated = Means(x, rows, columns, centers, k, labels);
            var shift = 0.0;
            for (var i = 0; i < updated.Length; i++)
            {
                var d = updated[i] - centers[i];
                shift += d * d;
            }

            centers = updated;
            if (labels.AsSpan().SequenceEqual(previous))
            {
                strict = true;
                break;
            }

            if (shift <= threshold)
            {
                break;
            }

            (previous, labels) = (labels, previous);
        }

        if (!strict)
        {
            Assign(x, rows, columns, centers, k, labels);
        }

        var inertia = 0.0;
        for (var r = 0; r < rows; r++)
        {
            inertia += ClusteringMetrics.SquaredDistance(x.AsSpan(r * columns, columns), centers.AsSpan(labels[r] * columns, columns));
        }

        return new Result(centers, labels, inertia, iterations);
    }

    /// <summary>Each row's nearest center (the first on a tie).</summary>
    public static void Assign(ReadOnlySpan<double> x, int rows, int columns, ReadOnlySpan<double> centers, int k, Span<int> labels)
    {
        for (var r = 0; r < rows; r++)
        {
            var row = x.Slice(r * columns, columns);
            var (bestCluster, bestDistance) = (0, double.PositiveInfinity);
            for (var c = 0; c < k; c++)
            {
                var d = ClusteringMetrics.SquaredDistance(row, centers.Slice(c * columns, columns));
                if (d < bestDistance)
                {
                    (bestCluster, bestDistance) = (c, d);
                }
            }

            labels[r] = bestCluster;
        }
    }

    private static double[] Means(double[] x, int rows, int columns, double[] centers, int k, int[] labels)
    {
        var sums = new double[k * columns];
        var counts = new int[k];
        for (var r = 0; r < rows; r++)
        {
            counts[labels[r]]++;
            for (var j = 0; j < columns; j++)
            {
                sums[(labels[r] * columns) + j] += x[(r * columns) + j];
            }
        }

        for (var c = 0; c < k; c++)
        {
            if (counts[c] == 0)
            {
                // An empty cluster restarts at the row farthest from its own center.
                var far = Enumerable.Range(0, rows).MaxBy(r => ClusteringMetrics.SquaredDistance(x.AsSpan(r * columns, columns), centers.AsSpan(labels[r] * columns, columns)));
                x.AsSpan(far * columns, columns).CopyTo(sums.AsSpan(c * columns, columns));
                counts[c] = 1;
                continue;
            }

            for (var j = 0; j < columns; j++)
            {
                sums[(c * columns) + j] /= counts[c];
            }
        }

        return sums;
    }

    /// <summary>Greedy k-means++: each new center is the best of 2 + ⌊ln k⌋ candidates drawn ∝ squared distance.</summary>
    private static double[] PlusPlus(double[] x, int rows, int columns, int k, Random random)
    {
        var centers = new double[k * columns];
        var trials = 2 + (int)Math.Log(k);
        var first = random.Next(rows);
        x.AsSpan(first * columns, columns).CopyTo(centers);
        var closest = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            closest[r] = ClusteringMetrics.SquaredDistance(x.AsSpan(r * columns, columns), centers.AsSpan(0, columns));
        }

        var candidate = new double[rows];
        var bestCandidate = new double[rows];
        for (var c = 1; c < k; c++)
        {
            var cumulative = new double[rows];
            var running = 0.0;
            for (var r = 0; r < rows; r++)
            {
                running += closest[r];
                cumulative[r] = running;
            }

            var (bestId, bestPotential) = (-1, double.PositiveInfinity);
            for (var t = 0; t < trials; t++)
            {
                var target = random.NextDouble() * running;
                var id = Array.BinarySearch(cumulative, target);
                id = Math.Min(id < 0 ? ~id : id, rows - 1);
                var potential = 0.0;
                for (var r = 0; r < rows; r++)
                {
                    candidate[r] = Math.Min(closest[r], ClusteringMetrics.SquaredDistance(x.AsSpan(r * columns, columns), x.AsSpan(id * columns, columns)));
                    potential += candidate[r];
                }

                if (potential < bestPotential)
                {
                    (bestId, bestPotential) = (id, potential);
                    candidate.CopyTo(bestCandidate, 0);
                }
            }

            x.AsSpan(bestId * columns, columns).CopyTo(centers.AsSpan(c * columns, columns));
            bestCandidate.CopyTo(closest, 0);
        }

        return centers;
    }

    private static double MeanVariance(double[] x, int rows, int columns)
    {
        var total = 0.0;
        for (var j = 0; j < columns; j++)
        {
            var mean = 0.0;
            for (var r = 0; r < rows; r++)
            {
                mean += x[(r * columns) + j];
            }

            mean /= rows;
            var squares = 0.0;
            for (var r = 0; r < rows; r++)
            {
                var d = x[(r * columns) + j] - mean;
                squares += d * d;
            }

            total += squares / rows;
        }

        return total / columns;
    }
}
