using Crucible.Core.Search;
using Crucible.Core.Tracking;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Tracking;

/// <summary>
/// Turns a parsed run search into one SQL query returning run ids. Filters become EXISTS lookups on the
/// (run, key) primary keys, ordering joins the ordered key once, and missing values sort last as in MLflow.
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

    public static (string Sql, (string, object?)[] Parameters) Build(
        SqlDialect dialect, IReadOnlyList<long> experimentIds, IReadOnlyList<SearchClause> clauses, IReadOnlyList<OrderByTerm> orderBy, ViewType view, int limit, int offset)
    {
        var sql = new SqlBuilder(dialect);
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
                    orders.Add($"CASE WHEN {column} IS NULL THEN 1 ELSE 0 END, {column} {direction}");
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

        foreach (var clause in clauses)
        {
            where.Add(Condition(sql, clause));
        }

        sql.Text.Append("SELECT r.run_uuid FROM runs r ")
            .AppendJoin(' ', joins)
            .Append(" WHERE ").AppendJoin(" AND ", where)
            .Append(" ORDER BY ").AppendJoin(", ", orders)
            .Append(" LIMIT ").Append(sql.Add(limit)).Append(" OFFSET ").Append(sql.Add(offset));
        return (sql.Text.ToString(), sql.Parameters);
    }

    private static string Condition(SqlBuilder sql, SearchClause clause)
    {
        switch (clause.Entity)
        {
            case SearchEntity.Metric:
                return $"EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run_uuid = r.run_uuid AND m.key = {sql.Add(clause.Key)} AND m.is_nan = 0 AND {sql.Compare("m.value", clause.Comparator, clause.NumberValue)})";
            case SearchEntity.Param:
                return $"EXISTS (SELECT 1 FROM params p WHERE p.run_uuid = r.run_uuid AND p.key = {sql.Add(clause.Key)} AND {sql.Compare("p.value", clause.Comparator, clause.StringValue)})";
            case SearchEntity.Tag:
                return $"EXISTS (SELECT 1 FROM tags t WHERE t.run_uuid = r.run_uuid AND t.key = {sql.Add(clause.Key)} AND {sql.Compare("t.value", clause.Comparator, clause.StringValue)})";
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
