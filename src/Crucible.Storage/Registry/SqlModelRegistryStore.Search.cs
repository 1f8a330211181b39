using Crucible.Core.Registry;
using Crucible.Core.Search;
using Crucible.Core.Tracking;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Registry;

/// <summary>Registry searches: MLflow's filter grammar and offset page tokens, one row fetched past the page to know if another follows.</summary>
internal sealed partial class SqlModelRegistryStore
{
    public Task<Page<RegisteredModel>> SearchRegisteredModelsAsync(RegistrySearchQuery query, CancellationToken cancellationToken)
    {
        var clauses = SearchFilterParser.Parse(query.Filter, RegistrySearchSchemas.RegisteredModels);
        var orderBy = SearchFilterParser.ParseOrderBy(query.OrderBy, RegistrySearchSchemas.RegisteredModels);
        var offset = PageToken.DecodeOffset(query.PageToken);
        var (sql, parameters) = RegistrySearchSql.Models(db.Dialect, clauses, orderBy, query.MaxResults + 1, offset);
        return db.ReadAsync(
            async (c, t, ct) =>
            {
                var ids = await c.QueryAsync(t, sql, r => r.Int64(0), ct, parameters).ConfigureAwait(false);
                var page = new List<RegisteredModel>(Math.Min(ids.Count, query.MaxResults));
                foreach (var id in ids.Take(query.MaxResults))
                {
                    page.Add(await _load.LoadModelAsync(c, t, id, ct).ConfigureAwait(false));
                }

                return new Page<RegisteredModel>(page, PageToken.Next(offset, query.MaxResults, ids.Count));
            },
            cancellationToken);
    }

    public Task<Page<ModelVersion>> SearchModelVersionsAsync(RegistrySearchQuery query, CancellationToken cancellationToken)
    {
        var clauses = SearchFilterParser.Parse(query.Filter, RegistrySearchSchemas.ModelVersions);
        var orderBy = SearchFilterParser.ParseOrderBy(query.OrderBy, RegistrySearchSchemas.ModelVersions);
        var offset = PageToken.DecodeOffset(query.PageToken);
        var (sql, parameters) = RegistrySearchSql.Versions(db.Dialect, clauses, orderBy, query.MaxResults + 1, offset);
        return db.ReadAsync(
            async (c, t, ct) =>
            {
                var keys = await c.QueryAsync(t, sql, r => (r.Int64(0), r.Int64(1)), ct, parameters).ConfigureAwait(false);
                var page = new List<ModelVersion>(Math.Min(keys.Count, query.MaxResults));
                foreach (var (id, number) in keys.Take(query.MaxResults))
                {
                    page.Add((await _load.LoadVersionAsync(c, t, id, number, ct).ConfigureAwait(false))!);
                }

                return new Page<ModelVersion>(page, PageToken.Next(offset, query.MaxResults, keys.Count));
            },
            cancellationToken);
    }
}
