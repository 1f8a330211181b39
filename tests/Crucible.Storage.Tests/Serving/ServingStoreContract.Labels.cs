using Crucible.Core.Errors;
using Crucible.Core.Serving;

namespace Crucible.Storage.Tests.Serving;

public abstract partial class ServingStoreContract
{
    private IPredictionLabelStore Labels => Store.Labels;

    [Fact]
    public async Task Labels_upsert_idempotently_count_unmatched_ids_and_join_the_window_they_were_served_in()
    {
        await Predictions.AppendPredictionsAsync(
            [Prediction("a", 1_000), Prediction("b", 2_000), Prediction("c", 3_000), Prediction("s", 1_500, shadow: true), Prediction("a", 1_000, deployment: "other")],
            Ct);

        var first = await Labels.UpsertLabelsAsync("svc", [new("a", 1), new("b", 0), new("late", 1), new("s", 1)], Ct);
        Assert.Equal(new LabelWriteResult(4, 2), first); // "late" has no prediction yet; "s" was only a shadow prediction

        Assert.Equal(
            new Dictionary<string, double> { ["a"] = 1, ["b"] = 0 },
            await Labels.GetLabelsAsync("svc", 0, 10_000, Ct));
        Assert.Equal(new Dictionary<string, double> { ["b"] = 0 }, await Labels.GetLabelsAsync("svc", 2_000, 3_000, Ct));
        Assert.Empty(await Labels.GetLabelsAsync("other", 0, 10_000, Ct));

        // Re-posting replaces; duplicates within a batch count once and the last one wins.
        Clock.Advance(TimeSpan.FromSeconds(1));
        var again = await Labels.UpsertLabelsAsync("svc", [new("a", 0), new("c", 2.5), new("c", 1)], Ct);
        Assert.Equal(new LabelWriteResult(2, 0), again);
        Assert.Equal(
            new Dictionary<string, double> { ["a"] = 0, ["b"] = 0, ["c"] = 1 },
            await Labels.GetLabelsAsync("svc", 0, 10_000, Ct));

        // The label posted before its prediction joins once the prediction is logged.
        await Predictions.AppendPredictionsAsync([Prediction("late", 4_000)], Ct);
        Assert.Equal(1, (await Labels.GetLabelsAsync("svc", 4_000, 5_000, Ct))["late"]);
        Assert.Equal(new LabelWriteResult(0, 0), await Labels.UpsertLabelsAsync("svc", [], Ct));
    }

    [Fact]
    public async Task Bad_label_batches_are_refused_whole()
    {
        await Predictions.AppendPredictionsAsync([Prediction("a", 1_000)], Ct);
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Labels.UpsertLabelsAsync("svc", [new("a", 1), new(string.Empty, 1)], Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Labels.UpsertLabelsAsync("svc", [new("a", 1), new("b", double.NaN)], Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Labels.UpsertLabelsAsync("svc", [new("a", 1), new(new string('x', 257), 1)], Ct));
        var tooMany = Enumerable.Range(0, IPredictionLabelStore.MaxBatch + 1).Select(i => new PredictionLabel("r" + i, 1)).ToList();
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Labels.UpsertLabelsAsync("svc", tooMany, Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Labels.GetLabelsAsync("svc", 5, 1, Ct));
        Assert.Empty(await Labels.GetLabelsAsync("svc", 0, 10_000, Ct));

        // The largest batch is written in one go.
        var full = Enumerable.Range(0, IPredictionLabelStore.MaxBatch).Select(i => new PredictionLabel("r" + i, i % 2)).ToList();
        Assert.Equal(new LabelWriteResult(IPredictionLabelStore.MaxBatch, IPredictionLabelStore.MaxBatch), await Labels.UpsertLabelsAsync("svc", full, Ct));
    }
}
