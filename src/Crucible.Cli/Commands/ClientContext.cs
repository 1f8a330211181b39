using Crucible.Client;
using Spectre.Console;

namespace Crucible.Cli.Commands;

/// <summary>What a client command works with: the client, where its output goes, and whether it is JSON.</summary>
internal sealed record ClientContext(CrucibleClient Client, TextWriter Output, bool Json, IAnsiConsole Console, CancellationToken CancellationToken);
