using Crucible.Core.Serving;

namespace Crucible.Monitoring.Capture;

/// <summary>Reads the predictions a deployment served in [start, end), oldest first, page by page (shadow predictions left out).</summary>
public static class PredictionLogReader
{
    private const int PageSize = 1_000;

    public static async IAsyncEnumerable<PredictionRecord> ReadAsync(
        IPredictionLogStore log, string deployment, long startMs, long endMs, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        string? token = null;
        do
        {
            var page = await log.QueryPredictionsAsync(new PredictionQuery(deployment, startMs, endMs, PageSize, token, IncludeShadow: false), cancellationToken).ConfigureAwait(false);
            foreach (var record in page.Items)
            {
                yield return record;
            }

            token = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(token));
    }
}
