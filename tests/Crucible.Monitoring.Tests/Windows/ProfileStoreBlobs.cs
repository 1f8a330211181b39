using Crucible.Core.Monitoring;
using Crucible.Monitoring.Windows;

namespace Crucible.Monitoring.Tests;

/// <summary>Plants a raw blob (e.g. a corrupt one) under a partial's key, through the store's blob port.</summary>
internal static class ProfileStoreBlobs
{
    public static void PutBlob(this ProfileStore store, WindowKey key, byte[] blob) =>
        store.Partials.UpdateAsync(
            new ProfilePartialKey(key.Deployment, key.ModelVersion, key.WindowStart, key.Length, key.Replica),
            _ => new ProfilePartialWrite(blob, 0)).GetAwaiter().GetResult();
}
