using Crucible.Core.Serving;
using Crucible.Serving.Routing;

namespace Crucible.Serving.Hosting;

/// <summary>
/// An immutable, loaded snapshot of a deployment: resolved routes, router and shadow. A change builds a new snapshot
/// and swaps it in; the old one is retired and disposed when its last in-flight request leaves, so a swap fails
/// no request.
/// </summary>
public sealed class ActiveDeployment
{
    // Twice the number of requests inside, plus one once retired.
    private int _state;
    private int _disposed;

    internal ActiveDeployment(Deployment definition, IReadOnlyList<RouteHandle> routes, RouteHandle? shadow, WeightedRouter router)
    {
        Definition = definition;
        Routes = routes;
        Shadow = shadow;
        Router = router;
    }

    public Deployment Definition { get; }

    public string Name => Definition.Name;

    public IReadOnlyList<RouteHandle> Routes { get; }

    public RouteHandle? Shadow { get; }

    internal WeightedRouter Router { get; }

    /// <summary>The versions the routes resolved to, in route order, then the shadow's: what a reload compares.</summary>
    internal string ResolvedKey => string.Join(',', Routes.Select(r => r.Version)) + "|" + Shadow?.Version;

    /// <summary>Enters for one request; false when the snapshot was retired (read the table again).</summary>
    public bool TryEnter()
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if ((state & 1) != 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _state, state + 2, state) == state)
            {
                return true;
            }
        }
    }

    public void Exit()
    {
        if (Interlocked.Add(ref _state, -2) == 1)
        {
            DisposeOnce();
        }
    }

    /// <summary>Stops new requests; disposes now or when the last request inside exits.</summary>
    internal void Retire()
    {
        if (Interlocked.Or(ref _state, 1) == 0)
        {
            DisposeOnce();
        }
    }

    /// <summary>Picks the route for one request by weight.</summary>
    public RouteHandle Pick() => Routes[Router.Pick()];

    /// <summary>The route serving exactly this version, or null.</summary>
    public RouteHandle? Find(string version)
    {
        foreach (var route in Routes)
        {
            if (route.Version == version)
            {
                return route;
            }
        }

        return null;
    }

    private void DisposeOnce()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Batchers drain asynchronously; nothing waits on this.
            _ = DisposeRoutesAsync();
        }
    }

    private async Task DisposeRoutesAsync()
    {
        foreach (var route in Routes)
        {
            await route.DisposeAsync().ConfigureAwait(false);
        }

        if (Shadow is not null)
        {
            await Shadow.DisposeAsync().ConfigureAwait(false);
        }
    }
}
