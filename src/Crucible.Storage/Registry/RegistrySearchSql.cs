using Crucible.Core.Errors;
using Crucible.Core.Search;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Registry;

/// <summary>
/// Turns parsed registry searches into SQL returning keys: model ids, or (model id, version) pairs. A tag clause
/// matches a row that has the tag with a matching value, so a missing tag matches neither <c>=</c> nor <c>!=</c>, as in
/// MLflow's SqlAlchemyStore, with MLflow's one exception: prompts (<c>mlflow.prompt.is_prompt</c> = <c>true</c>).
/// </summary>
internal static class RegistrySearchSql
{
    /// <summary>The tag MLflow 3 marks prompts with; its clients add <c>tag.`mlflow.prompt.is_prompt` != 'true'</c> to model searches.</summary>
    public const string PromptTag = "mlflow.prompt.is_prompt";

    private static readonly Dictionary<string, string> ModelColumns = new(StringComparer.Ordinal)
    {
        ["name"] = "m.name",
        ["creation_timestamp"] = "m.creation_time",
        ["last_updated_timestamp"] = "m.last_updated_time",
    };

    private static readonly Dictionary<string, string> VersionColumns = new(StringComparer.Ordinal)
    {
        ["name"] = "m.name",
        ["version_number"] = "v.version",
        ["run_id"] = "v.run_id",
        ["source_path"] = "v.source",
        ["creation_timestamp"] = "v.creation_time",
        ["last_updated_timestamp"] = "v.last_updated_time",
    };

    public static (string Sql, (string, object?)[] Parameters) Models(
        SqlDialect dialect, IReadOnlyList<SearchClause> clauses, IReadOnlyList<OrderByTerm> orderBy, int limit, int offset)
    {
        var sql = new SqlBuilder(dialect);
        var where = new List<string> { "1 = 1" };
        if (!QueriesPrompts(clauses))
        {
            clauses = WithoutPromptClauses(clauses);
            where.Add($"NOT EXISTS (SELECT 1 FROM registered_model_tags p WHERE p.reg_model_id = m.reg_model_id AND p.key = {sql.Add(PromptTag)} AND p.value = {sql.Add("true")})");
        }

        foreach (var clause in clauses)
        {
            if (clause.Entity == SearchEntity.Tag)
            {
                where.Add($"EXISTS (SELECT 1 FROM registered_model_tags t WHERE t.reg_model_id = m.reg_model_id AND t.key = {sql.Add(clause.Key)} AND {sql.Compare("t.value", clause.Comparator, clause.Value)})");
                continue;
            }

            if (clause.Comparator is Comparator.In or Comparator.NotIn)
            {
                throw CrucibleException.Invalid($"Invalid comparator for attribute '{clause.Key}' of registered models: IN is not supported.");
            }

            where.Add(sql.Compare(ModelColumns[clause.Key], clause.Comparator, Value(clause)));
        }

        var orders = Orders(orderBy, ModelColumns, "registered models");
        orders.Add("m.name ASC");
        sql.Text.Append("SELECT m.reg_model_id FROM registered_models m WHERE ").AppendJoin(" AND ", where)
            .Append(" ORDER BY ").AppendJoin(", ", orders)
            .Append(" LIMIT ").Append(sql.Add(limit)).Append(" OFFSET ").Append(sql.Add(offset));
        return (sql.Text.ToString(), sql.Parameters);
    }

    public static (string Sql, (string, object?)[] Parameters) Versions(
        SqlDialect dialect, IReadOnlyList<SearchClause> clauses, IReadOnlyList<OrderByTerm> orderBy, int limit, int offset)
    {
        var sql = new SqlBuilder(dialect);
        var where = new List<string> { "1 = 1" };
        if (!QueriesPrompts(clauses))
        {
            // As MLflow: a model any of whose versions is a prompt version is left out with all its versions.
            clauses = WithoutPromptClauses(clauses);
            where.Add($"NOT EXISTS (SELECT 1 FROM model_version_tags p WHERE p.reg_model_id = v.reg_model_id AND p.key = {sql.Add(PromptTag)} AND p.value = {sql.Add("true")})");
        }

        foreach (var clause in clauses)
        {
            if (clause.Entity == SearchEntity.Tag)
            {
                where.Add($"EXISTS (SELECT 1 FROM model_version_tags t WHERE t.reg_model_id = v.reg_model_id AND t.version = v.version AND t.key = {sql.Add(clause.Key)} AND {sql.Compare("t.value", clause.Comparator, clause.Value)})");
                continue;
            }

            if (clause.Comparator is Comparator.In or Comparator.NotIn && clause.Key != "run_id")
            {
                throw CrucibleException.Invalid($"Invalid comparator for attribute '{clause.Key}' of model versions: IN is only supported for run_id.");
            }

            where.Add(sql.Compare(VersionColumns[clause.Key], clause.Comparator, Value(clause)));
        }

        var orders = Orders(orderBy, VersionColumns, "model versions");
        orders.Add("m.name ASC");
        orders.Add("v.version DESC");
        sql.Text.Append("SELECT v.reg_model_id, v.version FROM model_versions v JOIN registered_models m ON m.reg_model_id = v.reg_model_id WHERE ")
            .AppendJoin(" AND ", where)
            .Append(" ORDER BY ").AppendJoin(", ", orders)
            .Append(" LIMIT ").Append(sql.Add(limit)).Append(" OFFSET ").Append(sql.Add(offset));
        return (sql.Text.ToString(), sql.Parameters);
    }

    /// <summary>
    /// MLflow's rule: a search asks for prompts when its first clause on the prompt tag is <c>= 'true'</c> or
    /// <c>!= 'false'</c> (any case); that search filters on the tag like any other. Every other search leaves prompts
    /// out and drops its clauses on the prompt tag, so a model without the tag matches <c>!= 'true'</c> and <c>= 'false'</c>.
    /// </summary>
    private static bool QueriesPrompts(IReadOnlyList<SearchClause> clauses)
    {
        var first = clauses.FirstOrDefault(c => c.Entity == SearchEntity.Tag && c.Key == PromptTag);
        return first?.Value is string value
            && ((first.Comparator == Comparator.Equal && value.Equals("true", StringComparison.OrdinalIgnoreCase))
                || (first.Comparator == Comparator.NotEqual && value.Equals("false", StringComparison.OrdinalIgnoreCase)));
    }

    private static List<SearchClause> WithoutPromptClauses(IReadOnlyList<SearchClause> clauses) =>
        clauses.Where(c => !(c.Entity == SearchEntity.Tag && c.Key == PromptTag)).ToList();

    private static object Value(SearchClause clause) => clause.Value is double d ? (long)d : clause.Value;

    private static List<string> Orders(IReadOnlyList<OrderByTerm> orderBy, Dictionary<string, string> columns, string what) =>
        orderBy
            .Select(o => o.Entity == SearchEntity.Attribute && columns.TryGetValue(o.Key, out var column)
                ? $"{column} {(o.Ascending ? "ASC" : "DESC")}"
                : throw CrucibleException.Invalid($"Invalid order_by key '{o.Key}' for {what}."))
            .ToList();
}
