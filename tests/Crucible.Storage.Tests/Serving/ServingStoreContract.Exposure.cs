using Crucible.Core.Errors;
using Crucible.Core.Serving;

namespace Crucible.Storage.Tests.Serving;

/// <summary>Issue 15, item 7: a deployment's exposure controls (migration 0016) on both engines.</summary>
public abstract partial class ServingStoreContract
{
    private static readonly DeploymentExposure Guarded = new(
        new OutputControls(OutputMode.TopK, Decimals: 2, TopK: 3),
        CallerRate: new RequestRate(2.5, 5),
        CallerQuota: new RequestQuota(1000, TimeSpan.FromDays(1)),
        TotalRate: new RequestRate(100, 200));

    [Fact]
    public async Task Exposure_round_trips_and_a_deployment_without_it_is_open()
    {
        await Deployments.CreateDeploymentAsync(Spec("open"), Ct);
        var created = await Deployments.CreateDeploymentAsync(Spec("guarded") with { Exposure = Guarded }, Ct);

        Assert.Equal(DeploymentExposure.Open, (await Deployments.GetDeploymentAsync("open", Ct)).Exposure);
        Assert.Equal(Guarded, created.Exposure);
        Assert.Equal(Guarded, (await Deployments.GetDeploymentAsync("guarded", Ct)).Exposure);
        Assert.Equal([Guarded, DeploymentExposure.Open], (await Deployments.ListDeploymentsAsync(Ct)).Select(d => d.Exposure));
    }

    [Fact]
    public async Task An_update_without_exposure_keeps_it_and_one_with_exposure_replaces_it()
    {
        var created = await Deployments.CreateDeploymentAsync(Spec("guarded") with { Exposure = Guarded }, Ct);

        var rerouted = await Deployments.UpdateDeploymentAsync(Spec("guarded", "re-routed"), created.Revision, Ct);
        var labelOnly = new DeploymentExposure(new OutputControls(OutputMode.Label));
        var replaced = await Deployments.UpdateDeploymentAsync(rerouted.ToSpec() with { Exposure = labelOnly }, null, Ct);

        Assert.Equal(Guarded, rerouted.Exposure);
        Assert.Equal("re-routed", rerouted.Description);
        Assert.Equal(labelOnly, replaced.Exposure);
        Assert.Equal(created.Revision + 2, replaced.Revision);
        Assert.Equal(labelOnly, (await Deployments.GetDeploymentAsync("guarded", Ct)).Exposure);
    }

    [Theory]
    [InlineData(-1, null, OutputMode.Full, "decimals")]
    [InlineData(null, 0, OutputMode.TopK, "top_k")]
    [InlineData(null, 2, OutputMode.Full, "top_k")]
    [InlineData(2, null, OutputMode.Label, "decimals")]
    public async Task Invalid_output_controls_are_refused_before_anything_is_written(int? decimals, int? topK, OutputMode mode, string named)
    {
        var spec = Spec("bad") with { Exposure = new DeploymentExposure(new OutputControls(mode, decimals, topK)) };

        var e = await FailsAsync(ErrorCode.InvalidParameterValue, () => Deployments.CreateDeploymentAsync(spec, Ct));

        Assert.Contains(named, e.Message, StringComparison.Ordinal);
        Assert.Empty(await Deployments.ListDeploymentsAsync(Ct));
    }

    [Fact]
    public async Task Invalid_limits_are_refused()
    {
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Deployments.CreateDeploymentAsync(
            Spec("a") with { Exposure = DeploymentExposure.Open with { CallerRate = new RequestRate(0, 1) } }, Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Deployments.CreateDeploymentAsync(
            Spec("b") with { Exposure = DeploymentExposure.Open with { CallerQuota = new RequestQuota(10, TimeSpan.Zero) } }, Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Deployments.CreateDeploymentAsync(
            Spec("c") with { Exposure = DeploymentExposure.Open with { TotalRate = new RequestRate(1, 0) } }, Ct));
    }
}
