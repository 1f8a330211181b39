namespace Crucible.Ui.Tests.Bench;

/// <summary>A fact that runs only when <c>CRUCIBLE_UI_BENCH=1</c> (a measurement, not a check for every test run).</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("CRUCIBLE_UI_BENCH") != "1")
        {
            Skip = "a benchmark: set CRUCIBLE_UI_BENCH=1 to run it";
        }
    }
}
