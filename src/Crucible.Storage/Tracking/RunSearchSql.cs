using Crucible.Core.Search;
using Crucible.Core.Tracking;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Tracking;

/// <summary>
/// Turns a parsed run search into one SQL query returning run ids. Filters on metrics, params and tags become
/// inner joins on the (run, key) primary keys (at most one row each, so a join keeps exactly the runs an EXISTS
/// would), which lets the planner start from the most selective filter's (key, value) index instead of probing
/// every run of the experiment. Ordering joins the ordered key once, and missing values sort last as in MLflow.
/// </summary>
internal static class RunSearchSql
{
    private static readonly Dictionary<string, string> AttributeColumns = new(StringComparer.Ordinal)
    {
        ["run_id"] = "r.run_uuid",
        ["run_name"] = "r.name",
        ["status"] = "r.status",
        ["user_id"] = "r.user_id",
        ["artifact_uri"] = "r.artifact_uri",
        ["lifecycle_stage"] = "r.lifecycle_stage",
        ["start_time"] = "r.start_time",
        ["end_time"] = "r.end_time",
    };

    /// <summary>Only end_time may be NULL; ordering on the others needs no NULLs-last term, so an index can serve it.</summary>
    private static readonly HashSet<string> NullableAttributes = new(StringComparer.Ordinal) { "end_time" };

    public static (string Sql, (string, object?)[] Parameters) Build(
        SqlDialect dialect, IReadOnlyList<long> experimentIds, IReadOnlyList<SearchClause> clauses, IReadOnlyList<OrderByTerm> orderBy, ViewType view, int limit, int offset)
    {
        var sql = new SqlBuilder(dialect);
        var filters = new List<string>();
        var joins = new List<string>();
        var orders = new List<string>();
        for (var i = 0; i < orderBy.Count; i++)
        {
            var term = orderBy[i];
            var direction = term.Ascending ? "ASC" : "DESC";
            var alias = "o" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            switch (term.Entity)
            {
                case SearchEntity.Metric:
                    joins.Add($"LEFT JOIN latest_metrics {alias} ON {alias}.run_uuid = r.run_uuid AND {alias}.key = {sql.Add(term.Key)}");
                    orders.Add($"CASE WHEN {alias}.value IS NULL THEN 2 WHEN {alias}.is_nan = 1 THEN 1 ELSE 0 END, {alias}.value {direction}");
                    break;
                case SearchEntity.Param or SearchEntity.Tag:
                    var table = term.Entity == SearchEntity.Param ? "params" : "tags";
                    joins.Add($"LEFT JOIN {table} {alias} ON {alias}.run_uuid = r.run_uuid AND {alias}.key = {sql.Add(term.Key)}");
                    orders.Add($"CASE WHEN {alias}.value IS NULL THEN 1 ELSE 0 END, {alias}.value {direction}");
                    break;
                default:
                    var column = AttributeColumns[term.Key];
                    orders.Add(NullableAttributes.Contains(term.Key) ? $"CASE WHEN {column} IS NULL THEN 1 ELSE 0 END, {column} {direction}" : $"{column} {direction}");
                    break;
            }
        }

        if (!orderBy.Any(o => o.Entity == SearchEntity.Attribute && o.Key == "start_time"))
        {
            orders.Add("r.start_time DESC");
        }

        orders.Add("r.run_uuid ASC");

        var where = new List<string> { $"r.experiment_id IN ({string.Join(", ", experimentIds.Select(id => sql.Add(id)))})" };
        if (SqlBuilder.Lifecycle("r.lifecycle_stage", view) is { } lifecycle)
        {
            where.Add(lifecycle);
        }

        for (var i = 0; i < clauses.Count; i++)
        {
            if (Join(sql, clauses[i], "f" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } join)
            {
                filters.Add(join);
            }
            else
            {
                where.Add(Condition(sql, clauses[i]));
            }
        }

        // Filter joins come before the LEFT JOINs of the ordering so the planner may reorder them freely.
        sql.Text.Append("SELECT r.run_uuid FROM runs r ")
            .AppendJoin(' ', filters.Concat(joins))
            .Append(" WHERE ").AppendJoin(" AND ", where)
            .Append(" ORDER BY ").AppendJoin(", ", orders)
            .Append(" LIMIT ").Append(sql.Add(limit)).Append(" OFFSET ").Append(sql.Add(offset));
        return (sql.Text.ToString(), sql.Parameters);
    }

    /// <summary>An inner join for a filter on a metric, param or tag (unique per run and key); null for the others.</summary>
    private static string? Join(SqlBuilder sql, SearchClause clause, string alias) => clause.Entity switch
    {
        SearchEntity.Metric => $"JOIN latest_metrics {alias} ON {alias}.run_uuid = r.run_uuid AND {alias}.key = {sql.Add(clause.Key)} AND {alias}.is_nan = 0 AND {sql.Compare(alias + ".value", clause.Comparator, clause.NumberValue)}",
        SearchEntity.Param => $"JOIN params {alias} ON {alias}.run_uuid = r.run_uuid AND {alias}.key = {sql.Add(clause.Key)} AND {sql.Compare(alias + ".value", clause.Comparator, clause.StringValue)}",
        SearchEntity.Tag => $"JOIN tags {alias} ON {alias}.run_uuid = r.run_uuid AND {alias}.key = {sql.Add(clause.Key)} AND {sql.Compare(alias + ".value", clause.Comparator, clause.StringValue)}",
        _ => null,
    };

    private static string Condition(SqlBuilder sql, SearchClause clause)
    {
        switch (clause.Entity)
        {
            case SearchEntity.Dataset when clause.Key == "context":
                return "EXISTS (SELECT 1 FROM run_input_tags it WHERE it.run_uuid = r.run_uuid AND it.key = 'mlflow.data.context' AND "
                    + sql.Compare("it.value", clause.Comparator, clause.Value) + ")";
            case SearchEntity.Dataset:
                return $"EXISTS (SELECT 1 FROM run_inputs ri JOIN datasets d ON d.dataset_uuid = ri.dataset_uuid WHERE ri.run_uuid = r.run_uuid AND "
                    + sql.Compare("d." + clause.Key, clause.Comparator, clause.Value) + ")";
            default:
                var column = AttributeColumns[clause.Key];
                var value = clause.Value is double d ? (object)(long)d : clause.Value;
                return sql.Compare(column, clause.Comparator, value);
        }
    }
}
