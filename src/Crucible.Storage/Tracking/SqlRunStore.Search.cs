using Crucible.Core.Search;
using Crucible.Storage.Relational;
using Crucible.Core.Tracking;

namespace Crucible.Storage.Tracking;

internal sealed partial class SqlRunStore
{
    public Task<Page<Run>> SearchRunsAsync(RunSearchQuery query, CancellationToken cancellationToken)
    {
        var clauses = SearchFilterParser.Parse(query.Filter, SearchSchema.Runs);
        var orderBy = SearchFilterParser.ParseOrderBy(query.OrderBy, SearchSchema.Runs);
        var token = RunPageToken.Decode(query.PageToken);
        if (query.ExperimentIds.Count == 0)
        {
            return Task.FromResult(new Page<Run>([], null));
        }

        var experimentIds = query.ExperimentIds.Select(TrackingRows.ExperimentId).ToList();
        var segments = RunSearchSql.Plan(db.Dialect, experimentIds, clauses, orderBy, query.ViewType);
        if (token.After is not null && token.Segment >= segments.Count)
        {
            throw Core.Errors.CrucibleException.Invalid("The page token does not belong to this search (its order_by differs).");
        }

        return db.ReadAsync(
            async (c, t, ct) =>
            {
                // One row more than the page tells whether there is a next page; segments are read in order until then.
                var rows = new List<(string RunId, int Segment, object?[] Keys)>();
                bool legacyOffset = token.After is null && token.Offset > 0;
                for (var s = token.After is null ? 0 : token.Segment; s < segments.Count && rows.Count <= query.MaxResults; s++)
                {
                    int segment = s;

                    // An offset-only token (MLflow's form) skips rows of the one ordered query, as MLflow does.
                    var (sql, parameters, keys) = legacyOffset
                        ? new RunSearchSql.Segment(db.Dialect, experimentIds, clauses, orderBy, query.ViewType, RunSearchSql.SegmentKind.Whole).Build(null, query.MaxResults + 1, token.Offset)
                        : segments[s].Build(s == token.Segment ? token.After : null, query.MaxResults + 1 - rows.Count, 0);
                    rows.AddRange(await c.QueryAsync(
                        t, sql, r => (r.GetString(0), segment, Enumerable.Range(0, keys.Count).Select(i => RunSearchSql.KeyValue(r, i + 1, keys[i].Type)).ToArray()), ct, parameters).ConfigureAwait(false));
                    if (legacyOffset)
                    {
                        break;
                    }
                }

                var page = rows.Take(query.MaxResults).ToList();
                var runs = await RunLoader.LoadManyAsync(c, t, Sql, [.. page.Select(p => p.RunId)], ct).ConfigureAwait(false);
                string? next = rows.Count <= query.MaxResults ? null
                    : legacyOffset ? RunPageToken.EncodeOffset(token.Offset + query.MaxResults)
                    : new RunPageToken(token.Offset + query.MaxResults, page[^1].Segment, page[^1].Keys).Encode();
                return new Page<Run>(runs, next);
            },
            cancellationToken);
    }
}
