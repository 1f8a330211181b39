using Crucible.Stats.LinearAlgebra;
using Crucible.Stats.Models;

namespace Crucible.Stats.Tests.LinearAlgebra;

public sealed class LinearAlgebraTests
{
    [Fact]
    public void Cholesky_solves_a_hand_checked_system_reading_only_the_lower_triangle()
    {
        // A = [[4,2,0],[2,5,1],[0,1,3]], x = [1,-1,2] → b = A·x = [2,-1,5]. The upper triangle holds junk on purpose.
        double[] a = [4, 99, 99, 2, 5, 99, 0, 1, 3];
        double[] x = Cholesky.Solve(a, [2, -1, 5], 3)!;
        Assert.Equal(1, x[0], 12);
        Assert.Equal(-1, x[1], 12);
        Assert.Equal(2, x[2], 12);
    }

    [Fact]
    public void Cholesky_returns_null_for_a_matrix_that_is_not_positive_definite()
    {
        Assert.Null(Cholesky.Solve([1, 2, 2, 1], [1, 1], 2)); // eigenvalues 3 and -1
        Assert.Null(Cholesky.Solve([1, 1, 1, 1], [1, 1], 2)); // singular
    }

    [Fact]
    public void SymmetricEigen_matches_the_closed_form_of_a_2x2_matrix()
    {
        // [[2,1],[1,2]] has eigenvalues 3 and 1 with vectors (1,1)/√2 and (1,-1)/√2.
        (double[] values, double[] vectors) = SymmetricEigen.Decompose([2, 1, 1, 2], 2);
        Assert.Equal(3, values[0], 12);
        Assert.Equal(1, values[1], 12);
        Assert.Equal(1 / Math.Sqrt(2), Math.Abs(vectors[0]), 12);
        Assert.Equal(vectors[0], vectors[2], 12); // first column ∝ (1, 1)
        Assert.Equal(vectors[1], -vectors[3], 12); // second column ∝ (1, -1)
    }

    [Fact]
    public void Logistic_fit_reaches_the_stationary_point_found_by_bisection()
    {
        // x = (-1, 1), y = (0, 1), λ = 1: by symmetry b = 0, and ∂/∂w = -2σ(-w) + w = 0. Solve that by bisection.
        double lo = 0, hi = 2;
        for (int i = 0; i < 200; i++)
        {
            double mid = (lo + hi) / 2;
            if ((-2 / (1 + Math.Exp(mid))) + mid > 0)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        LogisticFit fit = PenalizedLogisticRegression.Fit([-1, 1], 1, [0, 1], rows: null, new LogisticFitOptions([1.0], 100, 1e-12));
        Assert.Equal(lo, fit.Weights[0], 10);
        Assert.Equal(0, fit.Intercept, 10);
        Assert.InRange(fit.Iterations, 1, 20);
    }

    [Fact]
    public void Logistic_fit_on_a_row_subset_equals_the_fit_on_those_rows_alone()
    {
        var random = new Random(7);
        const int n = 200, d = 3;
        var x = new double[n * d];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double m = 0;
            for (int j = 0; j < d; j++)
            {
                x[(i * d) + j] = (random.NextDouble() * 2) - 1;
                m += (j + 1) * x[(i * d) + j];
            }

            y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-m)) ? 1 : 0;
        }

        int[] rows = [.. Enumerable.Range(0, n).Where(i => i % 3 != 0)];
        double[] subsetX = [.. rows.SelectMany(i => x.Skip(i * d).Take(d))];
        double[] subsetY = [.. rows.Select(i => y[i])];
        var options = new LogisticFitOptions([0.5, 0.5, 0.5], 100, 1e-10);
        LogisticFit onRows = PenalizedLogisticRegression.Fit(x, d, y, rows, options);
        LogisticFit alone = PenalizedLogisticRegression.Fit(subsetX, d, subsetY, rows: null, options);
        for (int j = 0; j < d; j++)
        {
            Assert.Equal(alone.Weights[j], onRows.Weights[j], 12);
        }

        Assert.Equal(alone.Intercept, onRows.Intercept, 12);
        Assert.True(onRows.Weights[2] > onRows.Weights[0], "the largest true coefficient is recovered as the largest");
    }

    [Fact]
    public void Logistic_fit_refuses_a_penalty_vector_of_the_wrong_length()
    {
        Assert.Throws<ArgumentException>(() => PenalizedLogisticRegression.Fit([1, 2], 1, [0, 1], null, new LogisticFitOptions([1, 1], 10, 1e-6)));
    }
}
