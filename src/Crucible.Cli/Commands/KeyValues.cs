using Crucible.Contracts.Mlflow;

namespace Crucible.Cli.Commands;

/// <summary>Parses <c>key=value</c> flags; the value may itself contain <c>=</c>.</summary>
internal static class KeyValues
{
    public static KeyValue? Parse(string text)
    {
        var separator = text.IndexOf('=', StringComparison.Ordinal);
        return separator <= 0 ? null : new KeyValue(text[..separator], text[(separator + 1)..]);
    }
}
