namespace Crucible.Core.Coordination;

/// <summary>Runs one unit of work under a claim: claimed first, the lease renewed while it runs, completed when it succeeds.</summary>
public static class ClaimedWork
{
    /// <summary>
    /// Runs <paramref name="work"/> if this replica gets the claim on <paramref name="key"/>, renewing the lease every
    /// third of <paramref name="lease"/>; completes the claim when the work returns. Returns false (without running it)
    /// when the work is done or held elsewhere. A failing work releases the claim, so the next attempt (any replica's) takes it.
    /// </summary>
    public static async Task<bool> RunAsync(
        this IWorkClaims claims, string key, TimeSpan lease, TimeProvider time, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(work);
        if (!await claims.TryClaimAsync(key, lease, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewAsync(claims, key, lease, time, renewing.Token);
        try
        {
            await work(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await StopAsync(renewing, renewal).ConfigureAwait(false);
            await claims.ReleaseAsync(key, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await StopAsync(renewing, renewal).ConfigureAwait(false);
        await claims.CompleteAsync(key, CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Renews the claim on <paramref name="key"/> every third of its lease until cancelled; a renewal that throws is
    /// retried on the next beat. When the claim turned out to be lost (done, or taken by another replica after it
    /// expired), calls <paramref name="lost"/> and stops.
    /// </summary>
    public static async Task RenewAsync(IWorkClaims claims, string key, TimeSpan lease, TimeProvider time, CancellationToken cancellationToken, Action? lost = null)
    {
        ArgumentNullException.ThrowIfNull(claims);
        using var timer = new PeriodicTimer(lease / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    if (!await claims.RenewAsync(key, lease, cancellationToken).ConfigureAwait(false))
                    {
                        lost?.Invoke();
                        return;
                    }
                }
#pragma warning disable CA1031 // A renewal that fails (database briefly away) is retried on the next beat; the lease covers three.
                catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                {
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The work ended.
        }
    }

    private static async Task StopAsync(CancellationTokenSource renewing, Task renewal)
    {
        await renewing.CancelAsync().ConfigureAwait(false);
        await renewal.ConfigureAwait(false);
    }
}
