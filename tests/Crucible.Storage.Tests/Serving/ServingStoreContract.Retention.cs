using Crucible.Core.Errors;
using Crucible.Core.Serving;
using Crucible.Storage.Serving;

namespace Crucible.Storage.Tests.Serving;

/// <summary>Prediction-log retention (migration 0013) on both engines: bounds, sizes in UTF-8 bytes, the size cutoff and batched deletes.</summary>
public abstract partial class ServingStoreContract
{
    private SqlPredictionRetention Retention => Store.PredictionRetention;

    [Fact]
    public async Task Retention_bounds_are_stored_per_deployment_and_negative_ones_refused()
    {
        Assert.Null(await Retention.GetAsync("svc", Ct));
        await Retention.SetAsync("svc", 86_400_000, null, Ct);
        await Retention.SetAsync("svc", 3_600_000, 0, Ct);

        var stored = await Retention.GetAsync("svc", Ct);
        Assert.Equal((3_600_000L, 0L), (stored!.MaxAgeMs, stored.MaxBytes));
        Assert.Null(await Retention.GetAsync("other", Ct));
        var e = await Assert.ThrowsAsync<CrucibleException>(() => Retention.SetAsync("svc", -1, null, Ct));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
    }

    [Fact]
    public async Task Log_size_counts_utf8_bytes_and_the_size_cutoff_and_deletes_keep_the_newest_rows()
    {
        // Each row: inputs of 'é' × 100 (200 UTF-8 bytes) + 18 bytes of JSON, no outputs, plus the row overhead.
        var rows = Enumerable.Range(0, 10)
            .Select(i => new PredictionRecord($"r{i}", "svc", "m", "1", 1_000 + i, "{\"s\":\"" + new string('é', 100) + "\",\"n\":1}", null, 1, false))
            .ToList();
        await Predictions.AppendPredictionsAsync(rows, Ct);
        await Predictions.AppendPredictionsAsync([Prediction("other", 1, deployment: "elsewhere")], Ct);
        long rowBytes = 200 + 14 + SqlPredictionRetention.RowOverheadBytes;

        Assert.Equal(new PredictionLogSize(10, 10 * rowBytes), await Retention.SizeAsync("svc", Ct));
        Assert.Null(await Retention.SizeCutoffAsync("svc", 10 * rowBytes, Ct));
        Assert.Equal(1_005, await Retention.SizeCutoffAsync("svc", 4 * rowBytes, Ct));
        Assert.Equal(["elsewhere", "svc"], await Retention.LoggedDeploymentsAsync(Ct));
        Assert.Equal(1_000, await Retention.OldestAsync("svc", Ct));

        Assert.Equal(7, await Retention.DeleteBeforeAsync("svc", 1_007, Ct));
        Assert.Equal(new PredictionLogSize(3, 3 * rowBytes), await Retention.SizeAsync("svc", Ct));
        Assert.Equal(1, (await Retention.SizeAsync("elsewhere", Ct)).Rows);
    }
}
