using Crucible.Monitoring.Drift;
using Crucible.Monitoring.Readers;

namespace Crucible.Monitoring.Multivariate;

/// <summary>
/// NannyML's preprocessing, fitted on the reference: missing numbers take the reference mean, missing categories the
/// most frequent reference value (ties: the ordinally smallest); categories become their share of reference rows
/// (unseen: 0); then every column is standard-scaled (population std, zero std left at 1). NaN and ±∞ count as missing.
/// </summary>
internal sealed class FeatureEncoder
{
    private readonly string[] _names;
    private readonly bool[] _numeric;
    private readonly double[] _fill;
    private readonly Dictionary<string, double>?[] _frequencies;
    private readonly string?[] _mode;
    private readonly double[] _mean;
    private readonly double[] _scale;

    private FeatureEncoder(string[] names, bool[] numeric)
    {
        _names = names;
        _numeric = numeric;
        _fill = new double[names.Length];
        _frequencies = new Dictionary<string, double>?[names.Length];
        _mode = new string?[names.Length];
        _mean = new double[names.Length];
        _scale = new double[names.Length];
    }

    public IReadOnlyList<string> Names => _names;

    public int Width => _names.Length;

    /// <summary>Fits on the reference over the shared columns (a column numeric on one side only is a category on both).</summary>
    public static FeatureEncoder Fit(RawTable reference, RawTable current, IReadOnlyList<string>? columns)
    {
        var r = reference.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var c = current.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        string[] names = (columns ?? [.. reference.Columns.Select(x => x.Name).Where(c.ContainsKey)]).ToArray();
        if (names.Length == 0)
        {
            throw new ArgumentException("The reference and current data share no column.");
        }

        foreach (string name in names.Where(n => !r.ContainsKey(n) || !c.ContainsKey(n)))
        {
            throw new ArgumentException($"Column '{name}' is missing from the {(r.ContainsKey(name) ? "current" : "reference")} data.");
        }

        var encoder = new FeatureEncoder(names, [.. names.Select(n => r[n].IsNumeric && c[n].IsNumeric)]);
        for (int j = 0; j < names.Length; j++)
        {
            encoder.FitColumn(j, r[names[j]]);
        }

        double[] encoded = encoder.Encode(reference);
        int n = (int)reference.RowCount, p = names.Length;
        for (int j = 0; j < p; j++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += encoded[(i * p) + j];
            }

            double mean = sum / n, ss = 0;
            for (int i = 0; i < n; i++)
            {
                double d = encoded[(i * p) + j] - mean;
                ss += d * d;
            }

            double std = Math.Sqrt(ss / n);
            encoder._mean[j] = mean;
            encoder._scale[j] = std > 0 ? std : 1;
        }

        return encoder;
    }

    /// <summary>The table as a row-major matrix (rows × <see cref="Width"/>), imputed, encoded and scaled.</summary>
    public double[] Transform(RawTable table)
    {
        double[] x = Encode(table);
        int p = _names.Length;
        for (int k = 0; k < x.Length; k++)
        {
            int j = k % p;
            x[k] = (x[k] - _mean[j]) / _scale[j];
        }

        return x;
    }

    private void FitColumn(int j, RawColumn column)
    {
        if (_numeric[j])
        {
            double sum = 0;
            long n = 0;
            foreach (double v in column.Numbers!)
            {
                if (double.IsFinite(v))
                {
                    sum += v;
                    n++;
                }
            }

            _fill[j] = n == 0 ? 0 : sum / n;
            return;
        }

        string?[] values = RawDrift.Strings(column);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string? v in values)
        {
            if (v is not null)
            {
                counts[v] = counts.GetValueOrDefault(v) + 1;
            }
        }

        string mode = counts.Count == 0
            ? string.Empty
            : counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key;
        counts[mode] = counts.GetValueOrDefault(mode) + values.Count(v => v is null);
        _mode[j] = mode;
        _frequencies[j] = counts.ToDictionary(kv => kv.Key, kv => (double)kv.Value / values.Length, StringComparer.Ordinal);
    }

    private double[] Encode(RawTable table)
    {
        var byName = table.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        int n = checked((int)table.RowCount), p = _names.Length;
        var x = new double[checked(n * p)];
        for (int j = 0; j < p; j++)
        {
            RawColumn column = byName[_names[j]];
            if (_numeric[j])
            {
                double[] v = column.Numbers!;
                for (int i = 0; i < n; i++)
                {
                    x[(i * p) + j] = double.IsFinite(v[i]) ? v[i] : _fill[j];
                }
            }
            else
            {
                string?[] s = RawDrift.Strings(column);
                Dictionary<string, double> freq = _frequencies[j]!;
                for (int i = 0; i < n; i++)
                {
                    x[(i * p) + j] = freq.GetValueOrDefault(s[i] ?? _mode[j]!);
                }
            }
        }

        return x;
    }
}
