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
        var offset = PageToken.DecodeOffset(query.PageToken);
        if (query.ExperimentIds.Count == 0)
        {
            return Task.FromResult(new Page<Run>([], null));
        }

        var experimentIds = query.ExperimentIds.Select(TrackingRows.ExperimentId).ToList();
        var (sql, parameters) = RunSearchSql.Build(db.Dialect, experimentIds, clauses, orderBy, query.ViewType, query.MaxResults + 1, offset);
        return db.ReadAsync(
            async (c, t, ct) =>
            {
                var ids = await c.QueryAsync(t, sql, r => r.GetString(0), ct, parameters).ConfigureAwait(false);
                var page = ids.Take(query.MaxResults).ToList();
                var runs = await RunLoader.LoadManyAsync(c, t, Sql, page, ct).ConfigureAwait(false);
                return new Page<Run>(runs, PageToken.Next(offset, query.MaxResults, ids.Count));
            },
            cancellationToken);
    }
}
