using System.Globalization;
using Crucible.Core.Pipelines;
using Crucible.Pipelines.Running;
using Crucible.Pipelines.Specs;
using Crucible.Pipelines.Steps;
using Crucible.Storage;
using Crucible.TestSupport;

namespace Crucible.Pipelines.Tests.Running;

/// <summary>A runner over a real SQLite store with the steps that need no server: validate, train, evaluate, gate.</summary>
internal sealed class RunnerHarness : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();

    private RunnerHarness()
    {
    }

    public static string FixtureModel => Path.Combine(AppContext.BaseDirectory, "Fixtures", "linear_classifier.onnx");

    public MetadataStore Store { get; private set; } = null!;

    public PipelineRunner Runner { get; private set; } = null!;

    public string Folder => _dir.Path;

    public static async Task<RunnerHarness> StartAsync(params IPipelineStep[] extra)
    {
        var harness = new RunnerHarness();
        var clock = new ManualTimeProvider();
        harness.Store = await MetadataStore.OpenAsync("sqlite:///" + harness._dir.File("crucible.db"), new MetadataStoreOptions { SqliteFullSync = false, Seed = 1 }, clock, CancellationToken.None);
        var datasets = new LocalDatasetFiles();
        var runs = new TrainingRuns(harness.Store.Experiments, harness.Store.Runs, clock);
        IPipelineStep[] steps = [new ValidateStep(datasets), new TrainStep(datasets, runs, null, commands: CommandStepOptions.Enabled), new EvaluateStep(datasets, new LocalModelFiles()), new GateStep(), .. extra];
        harness.Runner = new PipelineRunner(harness.Store.Pipelines, steps, clock, harness._dir.File("work"));
        return harness;
    }

    /// <summary>Rows for the fixture: a..d uniform in [-1, 1], label drawn from logistic(0.8a - 1.2b + 0.5c + 2d - 0.3).</summary>
    public string WriteDataset(string name, int rows, int seed)
    {
        var random = new Random(seed);
        var lines = new List<string> { "a,b,c,d,label" };
        for (var i = 0; i < rows; i++)
        {
            var x = Enumerable.Range(0, 4).Select(_ => Math.Round((random.NextDouble() * 2) - 1, 4)).ToArray();
            var p = 1 / (1 + Math.Exp(-((0.8 * x[0]) - (1.2 * x[1]) + (0.5 * x[2]) + (2 * x[3]) - 0.3)));
            lines.Add(string.Join(',', x.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "," + (random.NextDouble() < p ? 1 : 0));
        }

        var path = _dir.File(name);
        File.WriteAllLines(path, lines);
        return path;
    }

    public async Task<PipelineRun> RunAsync(string yaml, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var spec = PipelineSpecParser.Parse(yaml);
        var run = (await Runner.CreateRunAsync(spec, "manual", overrides, null, CancellationToken.None))!;
        return await Runner.ExecuteAsync(spec, run, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        _dir.Dispose();
    }
}
