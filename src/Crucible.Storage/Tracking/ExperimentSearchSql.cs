using Crucible.Core.Search;
using Crucible.Core.Tracking;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Tracking;

/// <summary>Turns a parsed experiment search into SQL returning experiment ids (default order: newest first).</summary>
internal static class ExperimentSearchSql
{
    public static (string Sql, (string, object?)[] Parameters) Build(
        SqlDialect dialect, IReadOnlyList<SearchClause> clauses, IReadOnlyList<OrderByTerm> orderBy, ViewType view, int limit, int offset)
    {
        var sql = new SqlBuilder(dialect);
        var where = new List<string> { "1 = 1" };
        if (SqlBuilder.Lifecycle("e.lifecycle_stage", view) is { } lifecycle)
        {
            where.Add(lifecycle);
        }

        foreach (var clause in clauses)
        {
            if (clause.Entity == SearchEntity.Tag)
            {
                where.Add($"EXISTS (SELECT 1 FROM experiment_tags t WHERE t.experiment_id = e.experiment_id AND t.key = {sql.Add(clause.Key)} AND {sql.Compare("t.value", clause.Comparator, clause.Value)})");
            }
            else
            {
                var value = clause.Value is double d ? (object)(long)d : clause.Value;
                if (clause.Key == "experiment_id" && value is string s)
                {
                    value = TrackingRows.ExperimentId(s);
                }

                where.Add(sql.Compare("e." + clause.Key, clause.Comparator, value));
            }
        }

        var orders = orderBy
            .Select(o => o.Entity == SearchEntity.Tag
                ? throw Core.Errors.CrucibleException.Invalid("Experiments cannot be ordered by tags.")
                : $"e.{o.Key} {(o.Ascending ? "ASC" : "DESC")}")
            .ToList();
        if (orders.Count == 0)
        {
            orders.Add("e.creation_time DESC");
        }

        orders.Add("e.experiment_id ASC");
        sql.Text.Append("SELECT e.experiment_id FROM experiments e WHERE ").AppendJoin(" AND ", where)
            .Append(" ORDER BY ").AppendJoin(", ", orders)
            .Append(" LIMIT ").Append(sql.Add(limit)).Append(" OFFSET ").Append(sql.Add(offset));
        return (sql.Text.ToString(), sql.Parameters);
    }
}
