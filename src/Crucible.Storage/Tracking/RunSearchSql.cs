using Crucible.Core.Errors;
using Crucible.Core.Search;
using Crucible.Core.Tracking;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Tracking;

/// <summary>
/// Turns a parsed run search into one SQL query returning run ids. Filters on metrics, params and tags become
/// inner joins on the (run, key) primary keys (at most one row each, so a join keeps exactly the runs an EXISTS
/// would), which lets the planner start from the most selective filter's (key, value) index instead of probing
/// every run of the experiment. Ordering joins the ordered key once, and missing values sort last as in MLflow.
/// Pages continue after the previous page's last sort key values (keyset paging; <see cref="RunPageToken"/>), so
/// the 50th page costs what the first does.
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

    private static readonly HashSet<string> IntegerAttributes = new(StringComparer.Ordinal) { "start_time", "end_time" };

    /// <summary>Only end_time may be NULL; ordering on the others needs no NULLs-last term, so an index can serve it.</summary>
    private static readonly HashSet<string> NullableAttributes = new(StringComparer.Ordinal) { "end_time" };

    /// <summary>
    /// The search's segments, in page order: one query each, concatenated. A search ordered first by a metric, param
    /// or tag with no metric, param or tag filter has one segment per kind of value (present, NaN for a metric,
    /// missing), so the present values are walked in the order of the (key, value) index and a page stops after its
    /// rows instead of sorting every run of the experiment. Any other search is one segment, ordered as a whole.
    /// </summary>
    public static IReadOnlyList<Segment> Plan(
        SqlDialect dialect, IReadOnlyList<long> experimentIds, IReadOnlyList<SearchClause> clauses, IReadOnlyList<OrderByTerm> orderBy, ViewType view)
    {
        bool filteredByKey = clauses.Any(c => c.Entity is SearchEntity.Metric or SearchEntity.Param or SearchEntity.Tag);
        if (orderBy.Count == 0 || orderBy[0].Entity == SearchEntity.Attribute || filteredByKey)
        {
            return [new Segment(dialect, experimentIds, clauses, orderBy, view, SegmentKind.Whole)];
        }

        return orderBy[0].Entity == SearchEntity.Metric
            ? [new(dialect, experimentIds, clauses, orderBy, view, SegmentKind.Present), new(dialect, experimentIds, clauses, orderBy, view, SegmentKind.NaN), new(dialect, experimentIds, clauses, orderBy, view, SegmentKind.Missing)]
            : [new(dialect, experimentIds, clauses, orderBy, view, SegmentKind.Present), new(dialect, experimentIds, clauses, orderBy, view, SegmentKind.Missing)];
    }

    /// <summary>Which runs of the search a segment returns, by the first order key's value.</summary>
    internal enum SegmentKind
    {
        /// <summary>All of them (ordered as a whole).</summary>
        Whole,

        /// <summary>Runs with the first order key's value (not NaN).</summary>
        Present,

        /// <summary>Runs whose metric value is NaN.</summary>
        NaN,

        /// <summary>Runs without the key.</summary>
        Missing,
    }

    /// <summary>A sort key column of a segment: its SQL expression, direction and the type of its values.</summary>
    internal sealed record SortKey(string Expression, bool Ascending, TypeCode Type);

    /// <summary>
    /// One segment's query: the run ids and the sort key values of each run (for the next page's token), after an
    /// optional position (keyset: the rows strictly after those key values), or after skipping an offset.
    /// </summary>
    internal sealed class Segment(
        SqlDialect dialect, IReadOnlyList<long> experimentIds, IReadOnlyList<SearchClause> clauses, IReadOnlyList<OrderByTerm> orderBy, ViewType view, SegmentKind kind)
    {
        public SegmentKind Kind => kind;

        public (string Sql, (string, object?)[] Parameters, IReadOnlyList<SortKey> Keys) Build(IReadOnlyList<object?>? after, int limit, int offset)
        {
            var sql = new SqlBuilder(dialect);
            var keys = new List<SortKey>();
            var joins = new List<string>();
            var where = new List<string> { $"r.experiment_id IN ({string.Join(", ", experimentIds.Select(id => sql.Add(id)))})" };
            string from = "runs r";
            for (var i = 0; i < orderBy.Count; i++)
            {
                var term = orderBy[i];
                var alias = "o" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (i == 0 && kind != SegmentKind.Whole)
                {
                    FirstTerm(sql, term, alias, joins, where, keys, ref from);
                    continue;
                }

                switch (term.Entity)
                {
                    case SearchEntity.Metric:
                        joins.Add($"LEFT JOIN latest_metrics {alias} ON {alias}.run_uuid = r.run_uuid AND {alias}.key = {sql.Add(term.Key)}");
                        keys.Add(new($"CASE WHEN {alias}.value IS NULL THEN 2 WHEN {alias}.is_nan = 1 THEN 1 ELSE 0 END", true, TypeCode.Int64));
                        keys.Add(new($"{alias}.value", term.Ascending, TypeCode.Double));
                        break;
                    case SearchEntity.Param or SearchEntity.Tag:
                        var table = term.Entity == SearchEntity.Param ? "params" : "tags";
                        joins.Add($"LEFT JOIN {table} {alias} ON {alias}.run_uuid = r.run_uuid AND {alias}.key = {sql.Add(term.Key)}");
                        keys.Add(new($"CASE WHEN {alias}.value IS NULL THEN 1 ELSE 0 END", true, TypeCode.Int64));
                        keys.Add(new($"{alias}.value", term.Ascending, TypeCode.String));
                        break;
                    default:
                        var column = AttributeColumns[term.Key];
                        if (NullableAttributes.Contains(term.Key))
                        {
                            keys.Add(new($"CASE WHEN {column} IS NULL THEN 1 ELSE 0 END", true, TypeCode.Int64));
                        }

                        keys.Add(new(column, term.Ascending, IntegerAttributes.Contains(term.Key) ? TypeCode.Int64 : TypeCode.String));
                        break;
                }
            }

            if (!orderBy.Any(o => o.Entity == SearchEntity.Attribute && o.Key == "start_time"))
            {
                keys.Add(new("r.start_time", false, TypeCode.Int64));
            }

            keys.Add(new("r.run_uuid", true, TypeCode.String));

            if (SqlBuilder.Lifecycle("r.lifecycle_stage", view) is { } lifecycle)
            {
                where.Add(lifecycle);
            }

            var filters = new List<string>();
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

            if (after is not null)
            {
                where.AddRange(After(sql, keys, after));
            }

            // Filter joins come before the LEFT JOINs of the ordering so the planner may reorder them freely.
            sql.Text.Append("SELECT r.run_uuid, ").AppendJoin(", ", keys.Select(k => k.Expression)).Append(" FROM ").Append(from).Append(' ')
                .AppendJoin(' ', filters.Concat(joins))
                .Append(" WHERE ").AppendJoin(" AND ", where)
                .Append(" ORDER BY ").AppendJoin(", ", keys.Select(k => k.Expression + (k.Ascending ? " ASC" : " DESC")))
                .Append(" LIMIT ").Append(sql.Add(limit));
            if (offset > 0)
            {
                sql.Text.Append(" OFFSET ").Append(sql.Add(offset));
            }

            return (sql.Text.ToString(), sql.Parameters, keys);
        }

        /// <summary>The first order term of a split search: which runs this segment holds, and its sort key.</summary>
        private void FirstTerm(SqlBuilder sql, OrderByTerm term, string alias, List<string> joins, List<string> where, List<SortKey> keys, ref string from)
        {
            var table = term.Entity switch { SearchEntity.Metric => "latest_metrics", SearchEntity.Param => "params", _ => "tags" };
            var key = sql.Add(term.Key);
            switch (kind)
            {
                case SegmentKind.Present:
                    // The key's (key, value) index drives the query, in order: SQLite keeps the join order of a CROSS
                    // JOIN, PostgreSQL chooses by cost (an index scan with an incremental sort of the ties).
                    from = $"{table} {alias} {(dialect is SqliteDialect ? "CROSS JOIN" : "JOIN")} runs r ON r.run_uuid = {alias}.run_uuid";
                    where.Add($"{alias}.key = {key}");
                    if (term.Entity == SearchEntity.Metric)
                    {
                        where.Add($"{alias}.is_nan = 0");
                    }

                    keys.Add(new($"{alias}.value", term.Ascending, term.Entity == SearchEntity.Metric ? TypeCode.Double : TypeCode.String));
                    break;
                case SegmentKind.NaN:
                    joins.Add($"JOIN latest_metrics {alias} ON {alias}.run_uuid = r.run_uuid AND {alias}.key = {key} AND {alias}.is_nan = 1");
                    break;
                default:
                    where.Add($"NOT EXISTS (SELECT 1 FROM {table} {alias} WHERE {alias}.run_uuid = r.run_uuid AND {alias}.key = {key})");
                    break;
            }
        }
    }

    /// <summary>
    /// The rows strictly after <paramref name="after"/> in the order of <paramref name="keys"/>: a bound on the first
    /// key (so an index on it gives a range) and the lexicographic comparison. A NULL key value is equal on every row
    /// that equals the keys before it (a NULL value always follows a rank key saying so), so it is left out.
    /// </summary>
    private static IEnumerable<string> After(SqlBuilder sql, IReadOnlyList<SortKey> keys, IReadOnlyList<object?> after)
    {
        if (after.Count != keys.Count)
        {
            throw CrucibleException.Invalid("The page token does not belong to this search (its order_by differs).");
        }

        var terms = new List<(SortKey Key, string Value)>();
        for (var i = 0; i < keys.Count; i++)
        {
            if (after[i] is not null)
            {
                terms.Add((keys[i], sql.Add(Coerce(keys[i], after[i]!))));
            }
        }

        if (terms.Count == 0)
        {
            yield break;
        }

        yield return $"{terms[0].Key.Expression} {(terms[0].Key.Ascending ? ">=" : "<=")} {terms[0].Value}";
        var alternatives = new List<string>();
        for (var i = 0; i < terms.Count; i++)
        {
            var equal = terms.Take(i).Select(t => $"{t.Key.Expression} = {t.Value}");
            var beyond = $"{terms[i].Key.Expression} {(terms[i].Key.Ascending ? ">" : "<")} {terms[i].Value}";
            alternatives.Add("(" + string.Join(" AND ", equal.Append(beyond)) + ")");
        }

        yield return "(" + string.Join(" OR ", alternatives) + ")";
    }

    private static object Coerce(SortKey key, object value) => (key.Type, value) switch
    {
        (TypeCode.String, string s) => s,
        (TypeCode.Int64, long l) => l,
        (TypeCode.Double, long l) => (double)l,
        (TypeCode.Double, double d) => d,
        _ => throw CrucibleException.Invalid("The page token does not belong to this search (its order_by differs)."),
    };

    /// <summary>A sort key value as the page token keeps it: long, double, string or null.</summary>
    public static object? KeyValue(System.Data.Common.DbDataReader reader, int ordinal, TypeCode type) =>
        reader.IsDBNull(ordinal) ? null
        : type switch
        {
            TypeCode.Int64 => Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture),
            TypeCode.Double => reader.GetDouble(ordinal),
            _ => reader.GetString(ordinal),
        };

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
