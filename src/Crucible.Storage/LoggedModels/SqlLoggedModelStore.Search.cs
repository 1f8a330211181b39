using Crucible.Core.Errors;
using Crucible.Core.LoggedModels;
using Crucible.Core.Search;
using Crucible.Core.Tracking;
using Crucible.Storage.Relational;
using Crucible.Storage.Tracking;

namespace Crucible.Storage.LoggedModels;

/// <summary>
/// Logged-model search: MLflow's filter grammar over attributes (<c>name</c>, <c>status</c>, <c>model_type</c>,
/// <c>source_run_id</c>, <c>model_id</c>, <c>creation_time</c>, <c>last_updated_timestamp</c>), <c>params.</c>,
/// <c>tags.</c> and <c>metrics.</c> (a model matches when any metric value linked to it matches), ANDed.
/// Ordering is by attributes; default newest first, ties by model id.
/// </summary>
internal sealed partial class SqlLoggedModelStore
{
    public Task<Page<LoggedModel>> SearchAsync(LoggedModelSearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var clauses = SearchFilterParser.Parse(query.Filter, LoggedModelRules.SearchSchema);
        var offset = PageToken.DecodeOffset(query.PageToken);
        var (sql, parameters) = Build(query, clauses, query.MaxResults + 1, offset);
        return db.ReadAsync(
            async (c, t, ct) =>
            {
                var ids = await c.QueryAsync(t, sql, r => r.GetString(0), ct, parameters).ConfigureAwait(false);
                var models = new List<LoggedModel>();
                foreach (var id in ids.Take(query.MaxResults))
                {
                    models.Add(await LoadAsync(c, t, id, ct).ConfigureAwait(false));
                }

                return new Page<LoggedModel>(models, PageToken.Next(offset, query.MaxResults, ids.Count));
            },
            cancellationToken);
    }

    private (string Sql, (string, object?)[] Parameters) Build(LoggedModelSearchQuery query, IReadOnlyList<SearchClause> clauses, int limit, int offset)
    {
        var sql = new SqlBuilder(db.Dialect);
        var where = new List<string> { "lm.lifecycle_stage = 'active'" };
        if (query.ExperimentIds.Count > 0)
        {
            where.Add($"lm.experiment_id IN ({string.Join(", ", query.ExperimentIds.Select(e => sql.Add(TrackingRows.ExperimentId(e))))})");
        }

        foreach (var clause in clauses)
        {
            where.Add(clause.Entity switch
            {
                SearchEntity.Tag => $"EXISTS (SELECT 1 FROM logged_model_tags x WHERE x.model_id = lm.model_id AND x.key = {sql.Add(clause.Key)} AND {sql.Compare("x.value", clause.Comparator, clause.Value)})",
                SearchEntity.Param => $"EXISTS (SELECT 1 FROM logged_model_params x WHERE x.model_id = lm.model_id AND x.key = {sql.Add(clause.Key)} AND {sql.Compare("x.value", clause.Comparator, clause.Value)})",
                SearchEntity.Metric => $"EXISTS (SELECT 1 FROM metrics x WHERE x.model_id = lm.model_id AND x.key = {sql.Add(clause.Key)} AND x.is_nan = 0 AND {sql.Compare("x.value", clause.Comparator, clause.Value)})",
                _ => Attribute(sql, clause),
            });
        }

        var orders = query.OrderBy.Select(o => $"lm.{OrderColumn(o.Field)} {(o.Ascending ? "ASC" : "DESC")}").ToList();
        if (orders.Count == 0)
        {
            orders.Add("lm.creation_time DESC");
        }

        orders.Add("lm.model_id ASC");
        sql.Text.Append("SELECT lm.model_id FROM logged_models lm WHERE ").AppendJoin(" AND ", where)
            .Append(" ORDER BY ").AppendJoin(", ", orders)
            .Append(" LIMIT ").Append(sql.Add(limit)).Append(" OFFSET ").Append(sql.Add(offset));
        return (sql.Text.ToString(), sql.Parameters);
    }

    private static string Attribute(SqlBuilder sql, SearchClause clause)
    {
        if (clause.Value is double number)
        {
            return sql.Compare("lm." + clause.Key, clause.Comparator, (long)number);
        }

        if (clause.Key != "status")
        {
            return sql.Compare("lm." + clause.Key, clause.Comparator, clause.Value);
        }

        // Status values are given as MLflow names (READY, LOGGED_MODEL_READY...) and stored as PENDING/READY/FAILED.
        if (clause.Comparator is not (Comparator.Equal or Comparator.NotEqual or Comparator.In or Comparator.NotIn))
        {
            throw CrucibleException.Invalid("Invalid filter: 'status' accepts only =, !=, IN and NOT IN.");
        }

        object value = clause.Value is IReadOnlyList<string> list
            ? list.Select(v => StatusText(LoggedModelRules.ParseStatus(v))).ToList()
            : StatusText(LoggedModelRules.ParseStatus(clause.StringValue));
        return sql.Compare("lm.status", clause.Comparator, value);
    }

    private static string OrderColumn(string field)
    {
        var name = field.StartsWith("attributes.", StringComparison.OrdinalIgnoreCase) ? field["attributes.".Length..] : field;
        return LoggedModelRules.SearchSchema.ResolveAttribute(name)
            ?? throw CrucibleException.Invalid(
                $"Invalid order_by field '{field}': logged models can be ordered by {string.Join(", ", LoggedModelRules.SearchSchema.AttributeNames)}.");
    }
}
