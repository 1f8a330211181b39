using System.Diagnostics;

namespace Crucible.Bench.Metrics;

/// <summary>One way of keeping the server's measurements and rendering them for /metrics.</summary>
internal abstract class Side : IDisposable
{
    private static readonly string[] DeploymentNames = Enumerable.Range(0, Traffic.Deployments).Select(Traffic.Deployment).ToArray();

    public abstract string Name { get; }

    public abstract string Slug { get; }

    public abstract void Seed();

    /// <summary>Records one inference request's measurements.</summary>
    public abstract void Request(int i, string deployment);

    /// <summary>The /metrics body as the server would send it: UTF-8 bytes.</summary>
    public abstract ReadOnlyMemory<byte> RenderBytes();

    public string Text() => System.Text.Encoding.UTF8.GetString(RenderBytes().Span);

    public abstract void Dispose();

    /// <summary>Records requests for <paramref name="seconds"/>: thread CPU nanoseconds and bytes allocated per request.</summary>
    public (double Nanoseconds, double Bytes) Record(double seconds)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = ThreadCpu.Nanoseconds();
        var started = Stopwatch.GetTimestamp();
        var budget = (long)(seconds * Stopwatch.Frequency);
        var count = 0;
        while (Stopwatch.GetTimestamp() - started < budget)
        {
            for (var k = 0; k < 1000; k++, count++)
            {
                Request(count, DeploymentNames[count % Traffic.Deployments]);
            }
        }

        return ((ThreadCpu.Nanoseconds() - cpu) / (double)count, (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)count);
    }

    /// <summary>Renders repeatedly for <paramref name="seconds"/>: the median thread CPU microseconds of one render.</summary>
    public double Render(double seconds)
    {
        var times = new List<double>();
        var started = Stopwatch.GetTimestamp();
        var budget = (long)(seconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() - started < budget || times.Count < 5)
        {
            var thread = Environment.CurrentManagedThreadId;
            var t = ThreadCpu.Nanoseconds();
            RenderBytes();
            var spent = ThreadCpu.Nanoseconds() - t;
            if (Environment.CurrentManagedThreadId != thread)
            {
                throw new InvalidOperationException($"{Name} rendered on another thread: its CPU time would not be counted.");
            }

            times.Add(spent / 1000.0);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
