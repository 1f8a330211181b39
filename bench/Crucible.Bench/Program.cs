using Crucible.Bench;

// `floor-server --port P` is the HTTP overhead floor, started by the runner as its own process.
if (args.Length > 0 && args[0] == "floor-server")
{
    return await FloorServer.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args.Length > 1 && args[0] == DataQualityBench.ChildCommand)
{
    return DataQualityBench.Child(args[1..]);
}

if (args.Length > 0 && args[0] == TrainingBench.Command)
{
    return TrainingBench.Run(args[1..]);
}

if (args.Length > 0 && args[0] == GrpcLoad.Command)
{
    return await GrpcLoad.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "explain")
{
    return await Explain.RunAsync(args[1..]).ConfigureAwait(false);
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
    await Console.Error.WriteLineAsync(BenchOptions.Usage).ConfigureAwait(false);
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

var runner = new Runner(options);
var rows = await runner.RunAsync().ConfigureAwait(false);
var table = Report.Markdown(options, runner.Environment, rows);
Console.WriteLine(table);
if (options.OutputPath is { } path)
{
    await File.AppendAllTextAsync(path, table + Environment.NewLine).ConfigureAwait(false);
}

return 0;
