using System.Globalization;
using Crucible.Bench.Metrics;

// The /metrics decision (issue 14, item 5): the server's hand-written writer (PrometheusMetrics, compiled in from
// src/Crucible.Server) against prometheus-net 8.2.1, on the measurements one inference request makes in the server,
// same process, rounds alternating the sides so that machine load hits them alike.
//   dotnet Crucible.Bench.Metrics.dll [--seconds S] [--rounds R] [--names FILE_PREFIX]
var seconds = 1.0;
var rounds = 5;
string? names = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seconds": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--names": names = args[++i]; break;
        default: await Console.Error.WriteLineAsync($"unknown argument {args[i]}"); return 2;
    }
}

Console.WriteLine($"prometheus-net {typeof(Prometheus.Metrics).Assembly.GetName().Version}; {Environment.ProcessorCount} cores; .NET {Environment.Version}; load {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine($"one request = {Traffic.MeasurementsPerRequest} measurements; {Traffic.Deployments} deployments, {Traffic.Routes} other routes x 2 status codes seeded before timing");

using var sides = new SideSet();
sides.Seed();
foreach (var side in sides.All)
{
    side.Record(0.2);
    side.Render(0.2);
}

var hot = sides.All.ToDictionary(s => s.Name, _ => new List<double>());
var bytes = sides.All.ToDictionary(s => s.Name, _ => new List<double>());
var render = sides.All.ToDictionary(s => s.Name, _ => new List<double>());
for (var r = 0; r < rounds; r++)
{
    foreach (var side in sides.All)
    {
        var (ns, allocated) = side.Record(seconds);
        hot[side.Name].Add(ns);
        bytes[side.Name].Add(allocated);
        render[side.Name].Add(side.Render(seconds));
    }
}

Console.WriteLine();
Console.WriteLine("| side | record one request: thread CPU ns (median of rounds; range) | bytes allocated per request | render /metrics: thread CPU µs (median of rounds; range) | text bytes | series lines | contract |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
foreach (var side in sides.All)
{
    var text = side.Text();
    var lines = text.Split('\n').Count(l => l.Length > 0 && l[0] != '#');
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {side.Name} | {Median(hot[side.Name]):0} ({hot[side.Name].Min():0}-{hot[side.Name].Max():0}) | {Median(bytes[side.Name]):0} | {Median(render[side.Name]):0} ({render[side.Name].Min():0}-{render[side.Name].Max():0}) | {System.Text.Encoding.UTF8.GetByteCount(text):N0} | {lines:N0} | {Contract.Check(text)} |"));
    if (names is not null)
    {
        await File.WriteAllTextAsync($"{names}-{side.Slug}.txt", text);
    }
}

Console.WriteLine($"load at the end {File.ReadAllText("/proc/loadavg").Trim()}");
return 0;

static double Median(List<double> xs)
{
    var sorted = xs.Order().ToList();
    return sorted[sorted.Count / 2];
}
