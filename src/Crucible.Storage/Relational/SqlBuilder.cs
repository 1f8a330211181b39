using System.Text;
using Crucible.Core.Search;

namespace Crucible.Storage.Relational;

/// <summary>Builds dynamic SQL (search queries) where every value is a numbered parameter, never spliced text.</summary>
internal sealed class SqlBuilder(SqlDialect dialect)
{
    private readonly List<(string Name, object? Value)> _parameters = [];

    public StringBuilder Text { get; } = new();

    public SqlDialect Dialect => dialect;

    public (string Name, object? Value)[] Parameters => [.. _parameters];

    /// <summary>Adds a parameter and returns its placeholder.</summary>
    public string Add(object? value)
    {
        var name = "@p" + _parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _parameters.Add((name, value));
        return name;
    }

    /// <summary><c>column comparator value</c> for a parsed search clause; IN lists expand to one parameter per item.</summary>
    public string Compare(string column, Comparator comparator, object value)
    {
        if (comparator is Comparator.In or Comparator.NotIn)
        {
            var items = string.Join(", ", ((IReadOnlyList<string>)value).Select(v => Add(v)));
            return $"{column} {(comparator == Comparator.In ? "IN" : "NOT IN")} ({items})";
        }

        var parameter = Add(value);
        return comparator switch
        {
            Comparator.Equal => $"{column} = {parameter}",
            Comparator.NotEqual => $"{column} <> {parameter}",
            Comparator.Greater => $"{column} > {parameter}",
            Comparator.GreaterOrEqual => $"{column} >= {parameter}",
            Comparator.Less => $"{column} < {parameter}",
            Comparator.LessOrEqual => $"{column} <= {parameter}",
            Comparator.Like => $"{column} LIKE {parameter}",
            Comparator.ILike => dialect.ILike(column, parameter),
            _ => throw new ArgumentOutOfRangeException(nameof(comparator)),
        };
    }

    /// <summary>The lifecycle-stage condition of a view type, or null for ALL.</summary>
    public static string? Lifecycle(string column, Crucible.Core.Tracking.ViewType view) => view switch
    {
        Crucible.Core.Tracking.ViewType.ActiveOnly => $"{column} = 'active'",
        Crucible.Core.Tracking.ViewType.DeletedOnly => $"{column} = 'deleted'",
        _ => null,
    };
}
