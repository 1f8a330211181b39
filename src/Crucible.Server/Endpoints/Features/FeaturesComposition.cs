using Crucible.Features.Online;
using Crucible.Features.Registry;
using Crucible.Server.Hosting;
using Crucible.Storage;

namespace Crucible.Server.Endpoints.Features;

/// <summary>Wires the feature store: projects over the metadata store, and the online store (its own URI, else the metadata store's database).</summary>
internal static class FeaturesComposition
{
    public static void AddFeatures(this IServiceCollection services, ServerOptions options, MetadataStore metadata)
    {
        services.AddSingleton(new FeatureProjects(metadata.Features));
        services.AddSingleton(sp => new FeatureServing(options.FeatureOnlineStoreUri ?? options.BackendStoreUri, sp.GetRequiredService<TimeProvider>()));
    }
}
