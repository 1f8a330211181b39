using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crucible.Cli.Rendering;
using Crucible.Client;
using Crucible.Contracts.Optimization;
using Crucible.Optimization.Profiling;
using Spectre.Console;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible profile-model MODEL...</c>: measures each model (a local .onnx file or a registered NAME/VERSION) on
/// this machine by batch size and intra-op threads, then, with <c>--machines</c>, costs every variant on every declared
/// machine and recommends the cheapest one that meets <c>--latency-budget-ms</c> and <c>--min-agreement</c>.
/// </summary>
internal static class ProfileModelCommand
{
    public static Command Create()
    {
        var options = new ClientOptions();
        var models = new Argument<string[]>("MODEL") { Description = "Local .onnx files or registered NAME/VERSION (downloaded from --tracking-uri).", Arity = ArgumentArity.OneOrMore };
        var batches = new Option<int[]>("--batch-sizes") { Description = "Batch sizes to measure (default 1 8 64).", AllowMultipleArgumentsPerToken = true };
        var threads = new Option<int[]>("--threads") { Description = "Intra-op thread counts to measure (default 1 2).", AllowMultipleArgumentsPerToken = true };
        var seconds = new Option<double?>("--seconds") { Description = "At most this long per cell (default 2)." };
        var provider = new Option<string?>("--provider") { Description = $"ONNX Runtime execution provider (default {ModelProfiler.CpuProvider}); the available ones are listed." };
        var machines = new Option<string?>("--machines") { Description = "YAML or JSON list of machines: name, cores, memory_gb, price_per_hour, relative_speed." };
        var latency = new Option<double?>("--latency-budget-ms") { Description = "Recommend only options whose p99 per Run is within this on the target machine." };
        var agreement = new Option<double?>("--min-agreement") { Description = "Recommend only variants whose recorded agreement with their parent is at least this." };
        var command = new Command("profile-model", "Latency (p50/p99) and throughput by batch size and threads, peak memory, size and load time of ONNX models on this machine; with --machines, cost per million predictions and a recommendation per machine.")
        {
            models, batches, threads, seconds, provider, machines, latency, agreement,
        };
        options.AddTo(command);
        options.SetAction(command, async (parse, context) =>
        {
            var settings = new ProfileSettings
            {
                BatchSizes = parse.GetValue(batches) is { Length: > 0 } b ? b : [1, 8, 64],
                IntraOpThreads = parse.GetValue(threads) is { Length: > 0 } t ? t : [1, 2],
                MaxSecondsPerCell = parse.GetValue(seconds) ?? 2,
                ExecutionProvider = parse.GetValue(provider) ?? ModelProfiler.CpuProvider,
            };
            IReadOnlyList<MachineProfile> declared = parse.GetValue(machines) is { } file ? MachineProfile.Parse(await File.ReadAllTextAsync(file, context.CancellationToken)) : [];
            var profiles = new List<ModelProfile>();
            var accuracy = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var model in parse.GetValue(models)!)
            {
                var (bytes, recorded) = await LoadAsync(context.Client, model, context.CancellationToken);
                profiles.Add(ModelProfiler.Profile(model, bytes, settings));
                if (recorded is { } a)
                {
                    accuracy[model] = a;
                }
            }

            var costed = CostModel.Cost(profiles, declared, accuracy);
            var recommendations = CostModel.Recommend(costed, declared, new Budget(parse.GetValue(latency), parse.GetValue(agreement)));
            if (context.Json)
            {
                var report = new ProfileReport(profiles, costed, [.. recommendations.Select(r => new Recommendation(r.Machine.Name, r.Choice))]);
                await JsonOutput.WriteAsync(context.Output, report, ProfileModelJsonContext.Default.ProfileReport);
            }
            else
            {
                ModelProfileTables.Write(context.Console, profiles, costed, recommendations);
            }

            return 0;
        });
        return command;
    }

    /// <summary>A local file's bytes, or a registered version's model.onnx and the agreement recorded on it (when it is a variant).</summary>
    private static async Task<(byte[] Bytes, double? Agreement)> LoadAsync(CrucibleClient client, string model, CancellationToken cancellationToken)
    {
        if (File.Exists(model))
        {
            return (await File.ReadAllBytesAsync(model, cancellationToken), null);
        }

        var slash = model.LastIndexOf('/');
        if (slash <= 0 || slash == model.Length - 1)
        {
            throw new ArgumentException($"'{model}' is neither a file nor a registered NAME/VERSION");
        }

        var (name, version) = (model[..slash], model[(slash + 1)..]);
        using var buffer = new MemoryStream();
        await client.DownloadModelFileAsync(name, version, "model.onnx", buffer, cancellationToken);
        var described = await client.GetModelVersionAsync(name, version, cancellationToken);
        var delta = described.Tags?.FirstOrDefault(t => t.Key == "crucible.optimization.delta")?.Value;
        var agreement = delta is null ? null : JsonSerializer.Deserialize(delta, OptimizationApiJsonContext.Default.AccuracyDeltaDto)?.Agreement;
        return (buffer.ToArray(), agreement);
    }
}

internal sealed record Recommendation(string Machine, CostedOption? Choice);

internal sealed record ProfileReport(IReadOnlyList<ModelProfile> Profiles, IReadOnlyList<CostedOption> Options, IReadOnlyList<Recommendation> Recommendations);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProfileReport))]
internal sealed partial class ProfileModelJsonContext : JsonSerializerContext;

/// <summary>The profile, cost and recommendation tables of <c>crucible profile-model</c>.</summary>
internal static class ModelProfileTables
{
    public static void Write(IAnsiConsole console, IReadOnlyList<ModelProfile> profiles, IReadOnlyList<CostedOption> options, IReadOnlyList<(MachineProfile Machine, CostedOption? Choice)> recommendations)
    {
        var summary = new Table().AddColumns("model", "size (bytes)", "load (ms)", "peak memory (MiB)", "provider");
        foreach (var p in profiles)
        {
            summary.AddRow(Markup.Escape(p.Name), N(p.SizeBytes, "N0"), N(p.LoadMilliseconds, "0.0"), N(p.PeakMemoryBytes / 1048576.0, "0.0"), Markup.Escape(p.ExecutionProvider));
        }

        console.Write(summary);
        console.WriteLine($"execution providers on this machine: {string.Join(", ", profiles.FirstOrDefault()?.AvailableProviders ?? ModelProfiler.AvailableProviders())}");
        var cells = new Table().AddColumns("model", "batch", "threads", "runs", "p50 (ms)", "p99 (ms)", "rows/s");
        foreach (var p in profiles)
        {
            foreach (var c in p.Cells)
            {
                cells.AddRow(Markup.Escape(p.Name), N(c.BatchSize, "0"), N(c.Threads, "0"), N(c.Runs, "0"), N(c.P50Milliseconds, "0.000"), N(c.P99Milliseconds, "0.000"), N(c.RowsPerSecond, "N0"));
            }
        }

        console.Write(cells);
        if (recommendations.Count == 0)
        {
            return;
        }

        var cost = new Table().AddColumns("machine", "model", "batch", "threads", "replicas", "p99 (ms)", "rows/s", "$ per 1M predictions");
        foreach (var o in options.OrderBy(o => o.Machine, StringComparer.Ordinal).ThenBy(o => o.CostPerMillion))
        {
            cost.AddRow(Markup.Escape(o.Machine), Markup.Escape(o.Variant), N(o.BatchSize, "0"), N(o.Threads, "0"), N(o.Replicas, "0"), N(o.P99Milliseconds, "0.000"), N(o.RowsPerSecond, "N0"), N(o.CostPerMillion, "0.0000"));
        }

        console.Write(cost);
        var pick = new Table().AddColumns("machine", "recommended", "batch x threads", "p99 (ms)", "$ per 1M predictions");
        foreach (var (machine, choice) in recommendations)
        {
            pick.AddRow(
                Markup.Escape(machine.Name),
                Markup.Escape(choice?.Variant ?? "nothing meets the budget"),
                choice is null ? "" : N(choice.BatchSize, "0") + " x " + N(choice.Threads, "0"),
                choice is null ? "" : N(choice.P99Milliseconds, "0.000"),
                choice is null ? "" : N(choice.CostPerMillion, "0.0000"));
        }

        console.Write(pick);
    }

    private static string N(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
