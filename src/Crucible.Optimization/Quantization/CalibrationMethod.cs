namespace Crucible.Optimization.Quantization;

/// <summary>How calibration turns observed activations into a range.</summary>
public enum CalibrationMethod
{
    /// <summary>The smallest and largest value seen.</summary>
    MinMax,

    /// <summary>The values at the lower and upper percentile, so rare outliers do not stretch the scale.</summary>
    Percentile,
}
