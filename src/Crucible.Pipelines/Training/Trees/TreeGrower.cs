namespace Crucible.Pipelines.Training.Trees;

/// <summary>
/// Grows one tree leaf-wise, as sklearn's HistGradientBoosting does: the open leaf with the largest gain is split next
/// until <c>max_leaf_nodes</c> leaves; a split must leave <c>min_samples_leaf</c> rows and a hessian sum of at least
/// 1e-3 on each side and gain more than 0, where gain = G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ). The smaller child's
/// histograms are built, the larger's are the parent's minus them. Leaf values are −lr·G/(H+λ).
/// </summary>
internal sealed class TreeGrower(byte[] bins, int n, int features, int[] binCounts, GradientBoostingTrainer.Options options)
{
    private const double MinHessianToSplit = 1e-3;

    private readonly int[] _rows = new int[n];
    private readonly int[] _buffer = new int[n];
    private readonly double[] _orderedGradients = new double[n];
    private readonly double[] _orderedHessians = new double[n];
    private readonly Stack<HistogramBin[]> _freeHistograms = new();

    /// <summary>Grows a tree on the gradients and hessians and adds its leaf values to <paramref name="raw"/>.</summary>
    public RegressionTree Grow(double[] gradients, double[] hessians, float[][] thresholds, double[] raw)
    {
        for (var i = 0; i < n; i++)
        {
            _rows[i] = i;
        }

        var tree = new RegressionTree();
        var root = NewLeaf(0, 0, n, gradients, hessians, null, null);
        var open = new List<Leaf> { root };
        var leaves = 1;
        while (leaves < options.MaxLeafNodes)
        {
            var best = -1;
            for (var k = 0; k < open.Count; k++)
            {
                if (open[k].Split is { } s && (best < 0 || s.Gain > open[best].Split!.Value.Gain))
                {
                    best = k;
                }
            }

            if (best < 0)
            {
                break;
            }

            var parent = open[best];
            open.RemoveAt(best);
            var split = parent.Split!.Value;
            var (leftId, rightId) = tree.Split(parent.NodeId, split.Feature, thresholds[split.Feature][split.Bin]);
            var leftCount = Partition(parent.Start, parent.Count, split.Feature, split.Bin);
            var rightCount = parent.Count - leftCount;
            Leaf left, right;
            if (leftCount <= rightCount)
            {
                left = NewLeaf(leftId, parent.Start, leftCount, gradients, hessians, null, null);
                right = NewLeaf(rightId, parent.Start + leftCount, rightCount, gradients, hessians, parent.Histograms, left.Histograms);
            }
            else
            {
                right = NewLeaf(rightId, parent.Start + leftCount, rightCount, gradients, hessians, null, null);
                left = NewLeaf(leftId, parent.Start, leftCount, gradients, hessians, parent.Histograms, right.Histograms);
            }

            Release(parent.Histograms);
            open.Add(left);
            open.Add(right);
            leaves++;
        }

        foreach (var leaf in open)
        {
            Release(leaf.Histograms);
            var value = (float)(-options.LearningRate * leaf.Gradient / (leaf.Hessian + options.L2Regularization));
            tree.SetLeafValue(leaf.NodeId, value);
            foreach (var row in _rows.AsSpan(leaf.Start, leaf.Count))
            {
                raw[row] += value;
            }
        }

        return tree;
    }

    /// <summary>A new leaf over rows[start..start+count): its sums, histograms (built or by subtraction) and best split.</summary>
    private Leaf NewLeaf(int nodeId, int start, int count, double[] gradients, double[] hessians, HistogramBin[]? parent, HistogramBin[]? sibling)
    {
        var node = _rows.AsSpan(start, count);
        double g = 0, h = 0;
        for (var k = 0; k < node.Length; k++)
        {
            g += _orderedGradients[start + k] = gradients[node[k]];
            h += _orderedHessians[start + k] = hessians[node[k]];
        }

        var canSplit = count >= 2 * options.MinSamplesLeaf;
        HistogramBin[]? hist = null;
        if (parent is not null && sibling is not null)
        {
            hist = Rent();
            Histogram.Subtract(parent, sibling, hist);
        }
        else if (parent is null)
        {
            hist = Rent();
            Histogram.Build(hist, bins, n, features, _rows, start, count, _orderedGradients, _orderedHessians);
        }

        var split = canSplit && hist is not null ? BestSplit(hist, g, h, count) : null;
        return new Leaf(nodeId, start, count, g, h, hist, split);
    }

    /// <summary>Histograms are large (features × 256 bins); they are reused across nodes and trees.</summary>
    private HistogramBin[] Rent() => _freeHistograms.TryPop(out var hist) ? hist : new HistogramBin[features * Histogram.Stride];

    private void Release(HistogramBin[]? hist)
    {
        if (hist is not null)
        {
            _freeHistograms.Push(hist);
        }
    }

    private SplitInfo? BestSplit(HistogramBin[] hist, double g, double h, int count)
    {
        var lambda = options.L2Regularization;
        var parentScore = g * g / (h + lambda);
        var candidates = new SplitInfo?[features];
        void One(int f)
        {
            var bins = hist.AsSpan(f * Histogram.Stride, binCounts[f]);
            double gl = 0, hl = 0;
            var cl = 0;
            SplitInfo? best = null;
            for (var b = 0; b < bins.Length - 1; b++)
            {
                gl += bins[b].Gradient;
                hl += bins[b].Hessian;
                cl += bins[b].Count;
                var (gr, hr, cr) = (g - gl, h - hl, count - cl);
                if (cl < options.MinSamplesLeaf || hl < MinHessianToSplit)
                {
                    continue;
                }

                if (cr < options.MinSamplesLeaf || hr < MinHessianToSplit)
                {
                    break;
                }

                var gain = (gl * gl / (hl + lambda)) + (gr * gr / (hr + lambda)) - parentScore;
                if (gain > 0 && (best is null || gain > best.Value.Gain))
                {
                    best = new SplitInfo(f, b, gain);
                }
            }

            candidates[f] = best;
        }

        if ((long)count * features >= 1 << 16)
        {
            Parallel.For(0, features, One);
        }
        else
        {
            for (var f = 0; f < features; f++)
            {
                One(f);
            }
        }

        SplitInfo? result = null;
        foreach (var c in candidates)
        {
            if (c is { } s && (result is null || s.Gain > result.Value.Gain))
            {
                result = s;
            }
        }

        return result;
    }

    /// <summary>Stable partition of rows[start..start+count) by bin ≤ <paramref name="bin"/>; returns the left count.</summary>
    private int Partition(int start, int count, int feature, int bin)
    {
        var column = bins.AsSpan(feature * n, n);
        var node = _rows.AsSpan(start, count);
        var left = 0;
        var right = count;
        foreach (var row in node)
        {
            if (column[row] <= bin)
            {
                _buffer[left++] = row;
            }
            else
            {
                _buffer[--right] = row;
            }
        }

        _buffer.AsSpan(0, left).CopyTo(node);
        for (var k = 0; k < count - left; k++)
        {
            node[left + k] = _buffer[count - 1 - k];
        }

        return left;
    }

    private readonly record struct SplitInfo(int Feature, int Bin, double Gain);

    private sealed record Leaf(int NodeId, int Start, int Count, double Gradient, double Hessian, HistogramBin[]? Histograms, SplitInfo? Split);
}
