namespace Crucible.Pipelines.Steps;

/// <summary>
/// Whether <c>train: {command: [...]}</c> steps may run on this host, and the sandbox they run in. A command is code
/// of the pipeline author's choosing run as the server's user, so it is off unless the operator turns it on
/// (<c>crucible server --allow-command-steps</c>); the server then lets only admins create pipelines holding one.
/// </summary>
public sealed record CommandStepOptions
{
    /// <summary>Refuses every command step: the default.</summary>
    public static CommandStepOptions Disabled { get; } = new();

    /// <summary>Command steps allowed with the default sandbox (tests and <c>--allow-command-steps</c>).</summary>
    public static CommandStepOptions Enabled { get; } = new() { Allowed = true };

    public bool Allowed { get; init; }

    /// <summary>The longest a command may run whatever its step's <c>timeout</c> says; its whole process group is killed then.</summary>
    public TimeSpan MaxTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Bytes of stdout plus stderr copied into the step log; the rest is read and dropped, and the log says so.</summary>
    public long MaxOutputBytes { get; init; } = 1024 * 1024;
}
