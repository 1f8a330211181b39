using Spectre.Console;

namespace Crucible.Cli.Rendering;

/// <summary>Spectre consoles over a command's output writer: colours on a terminal, plain wide text when redirected.</summary>
internal static class Consoles
{
    /// <summary>Width used when the output is not a terminal, so piped tables are not squeezed to 80 columns.</summary>
    public const int RedirectedWidth = 240;

    public static IAnsiConsole For(TextWriter writer)
    {
        var terminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
