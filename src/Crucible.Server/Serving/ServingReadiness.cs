namespace Crucible.Server.Serving;

/// <summary>Set once the deployments stored at start have been loaded (or have failed): the OIP server-ready answer.</summary>
internal sealed class ServingReadiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}
