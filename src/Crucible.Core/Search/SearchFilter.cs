namespace Crucible.Core.Search;

/// <summary>What a clause of a search filter or an order-by term refers to.</summary>
public enum SearchEntity
{
    Metric,
    Param,
    Tag,
    Attribute,
    Dataset,
}

public enum Comparator
{
    Equal,
    NotEqual,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    Like,
    ILike,
    In,
    NotIn,
}

/// <summary>One <c>entity.key comparator value</c> clause. <see cref="Value"/> is a string, a double, or a list of strings.</summary>
public sealed record SearchClause(SearchEntity Entity, string Key, Comparator Comparator, object Value)
{
    public string StringValue => (string)Value;

    public double NumberValue => (double)Value;

    public IReadOnlyList<string> ListValue => (IReadOnlyList<string>)Value;
}

/// <summary>An order-by term such as <c>metrics.rmse DESC</c>.</summary>
public sealed record OrderByTerm(SearchEntity Entity, string Key, bool Ascending);
