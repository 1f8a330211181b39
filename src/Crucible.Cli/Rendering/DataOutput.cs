using Spectre.Console;

namespace Crucible.Cli.Rendering;

/// <summary>
/// Consoles and progress for the <c>data</c> commands: tables on stdout (plain and wide when piped), a
/// progress bar on stderr only when stderr is a terminal, so pipes and <c>--json</c> stay clean.
/// </summary>
internal static class DataOutput
{
    public static IAnsiConsole Stdout()
    {
        bool terminal = !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = 200;
        }

        return console;
    }

    /// <summary>Runs <paramref name="work"/>, drawing a byte-based progress bar on stderr when it is a terminal.</summary>
    public static T WithProgress<T>(string description, Func<Action<long, long?>?, T> work)
    {
        if (Console.IsErrorRedirected)
        {
            return work(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask(description, maxValue: 1);
                result = work((read, length) =>
                {
                    if (length is > 0 and { } total)
                    {
                        task.MaxValue = total;
                        task.Value = Math.Min(read, total);
                    }
                });
                task.Value = task.MaxValue;
            });
        return result;
    }
}
