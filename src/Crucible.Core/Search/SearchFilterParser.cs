using System.Globalization;
using Crucible.Core.Errors;

namespace Crucible.Core.Search;

/// <summary>
/// Parses MLflow's search filter grammar: <c>clause [AND clause]*</c>, where a clause is
/// <c>entity.key comparator value</c>. Which comparators and value kinds are allowed depends on the entity,
/// as in MLflow's <c>search_utils.py</c>; violations are <c>InvalidParameterValue</c> errors.
/// </summary>
public static class SearchFilterParser
{
    private static readonly Dictionary<string, SearchEntity> Prefixes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["metric"] = SearchEntity.Metric,
        ["metrics"] = SearchEntity.Metric,
        ["param"] = SearchEntity.Param,
        ["params"] = SearchEntity.Param,
        ["parameter"] = SearchEntity.Param,
        ["parameters"] = SearchEntity.Param,
        ["tag"] = SearchEntity.Tag,
        ["tags"] = SearchEntity.Tag,
        ["attribute"] = SearchEntity.Attribute,
        ["attributes"] = SearchEntity.Attribute,
        ["attr"] = SearchEntity.Attribute,
        ["run"] = SearchEntity.Attribute,
        ["dataset"] = SearchEntity.Dataset,
        ["datasets"] = SearchEntity.Dataset,
    };

    /// <summary>Parses a filter; null or blank gives no clauses. <paramref name="schema"/> says which attributes exist.</summary>
    public static IReadOnlyList<SearchClause> Parse(string? filter, SearchSchema schema)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return [];
        }

        var tokens = SearchTokenizer.Tokenize(filter);
        var clauses = new List<SearchClause>();
        var i = 0;
        while (true)
        {
            clauses.Add(ParseClause(filter, tokens, ref i, schema));
            var next = tokens[i];
            if (next.Kind == TokenKind.End)
            {
                return clauses;
            }

            if (next.Kind == TokenKind.Identifier && next.Text.Equals("AND", StringComparison.OrdinalIgnoreCase))
            {
                i++;
                continue;
            }

            var hint = next.Text.Equals("OR", StringComparison.OrdinalIgnoreCase) ? " (only AND is supported)" : string.Empty;
            throw SearchTokenizer.Error(filter, next.Position, $"expected AND but found '{next.Text}'{hint}");
        }
    }

    /// <summary>Parses order-by terms such as <c>metrics.rmse DESC</c> or <c>name</c>.</summary>
    public static IReadOnlyList<OrderByTerm> ParseOrderBy(IReadOnlyList<string>? orderBy, SearchSchema schema)
    {
        if (orderBy is null || orderBy.Count == 0)
        {
            return [];
        }

        var terms = new List<OrderByTerm>(orderBy.Count);
        foreach (var text in orderBy)
        {
            var tokens = SearchTokenizer.Tokenize(text);
            var i = 0;
            var (entity, key) = ParseIdentifier(text, tokens, ref i, schema);
            var ascending = true;
            if (tokens[i].Kind == TokenKind.Identifier)
            {
                ascending = tokens[i].Text.ToUpperInvariant() switch
                {
                    "ASC" => true,
                    "DESC" => false,
                    _ => throw CrucibleException.Invalid($"Invalid order_by clause '{text}': expected ASC or DESC."),
                };
                i++;
            }

            if (tokens[i].Kind != TokenKind.End)
            {
                throw CrucibleException.Invalid($"Invalid order_by clause '{text}'.");
            }

            if (entity == SearchEntity.Dataset)
            {
                throw CrucibleException.Invalid($"Invalid order_by clause '{text}': cannot order by datasets.");
            }

            terms.Add(new OrderByTerm(entity, key, ascending));
        }

        return terms;
    }

    private static SearchClause ParseClause(string filter, List<Token> tokens, ref int i, SearchSchema schema)
    {
        var (entity, key) = ParseIdentifier(filter, tokens, ref i, schema);
        var comparator = ParseComparator(filter, tokens, ref i);
        var numeric = entity == SearchEntity.Metric || (entity == SearchEntity.Attribute && schema.IsNumericAttribute(key));
        if (numeric)
        {
            if (comparator is Comparator.Like or Comparator.ILike or Comparator.In or Comparator.NotIn)
            {
                throw SearchTokenizer.Error(filter, tokens[i - 1].Position, $"comparator '{tokens[i - 1].Text}' is not allowed for numeric '{key}'; use = != > >= < <=");
            }

            var token = tokens[i++];
            if (token.Kind != TokenKind.Number)
            {
                throw SearchTokenizer.Error(filter, token.Position, $"expected a number for '{key}' but found '{token.Text}'");
            }

            return new SearchClause(entity, key, comparator, double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        if (comparator is Comparator.Greater or Comparator.GreaterOrEqual or Comparator.Less or Comparator.LessOrEqual)
        {
            throw SearchTokenizer.Error(filter, tokens[i - 1].Position, $"comparator '{tokens[i - 1].Text}' is not allowed for '{key}'; use = != LIKE ILIKE");
        }

        if (comparator is Comparator.In or Comparator.NotIn)
        {
            if (entity is SearchEntity.Param or SearchEntity.Tag)
            {
                throw SearchTokenizer.Error(filter, tokens[i - 1].Position, $"IN is not allowed for {entity.ToString().ToLowerInvariant()}s");
            }

            return new SearchClause(entity, key, comparator, ParseList(filter, tokens, ref i));
        }

        return new SearchClause(entity, key, comparator, ParseString(filter, tokens, ref i));
    }

    private static (SearchEntity Entity, string Key) ParseIdentifier(string text, List<Token> tokens, ref int i, SearchSchema schema)
    {
        var token = tokens[i++];
        if (token.Kind != TokenKind.Identifier)
        {
            throw SearchTokenizer.Error(text, token.Position, $"expected an identifier such as metrics.<key> but found '{token.Text}'");
        }

        var dot = token.Text.IndexOf('.', StringComparison.Ordinal);
        SearchEntity entity;
        string key;
        if (dot < 0)
        {
            entity = SearchEntity.Attribute;
            key = token.Text;
        }
        else
        {
            if (!Prefixes.TryGetValue(token.Text[..dot], out entity))
            {
                throw SearchTokenizer.Error(text, token.Position, $"invalid entity type '{token.Text[..dot]}'; expected metrics, params, tags, attributes or datasets");
            }

            key = token.Text[(dot + 1)..];
            if (key.Length == 0)
            {
                var quoted = tokens[i++];
                if (quoted.Kind != TokenKind.QuotedIdentifier)
                {
                    throw SearchTokenizer.Error(text, quoted.Position, "expected a key after the entity prefix");
                }

                key = quoted.Text;
            }
        }

        if (entity == SearchEntity.Attribute)
        {
            key = schema.ResolveAttribute(key)
                ?? throw SearchTokenizer.Error(text, token.Position, $"invalid attribute key '{key}'; valid keys are {string.Join(", ", schema.AttributeNames)}");
        }
        else if (entity == SearchEntity.Dataset && key is not ("name" or "digest" or "context"))
        {
            throw SearchTokenizer.Error(text, token.Position, $"invalid dataset key '{key}'; valid keys are name, digest, context");
        }
        else if (!schema.Entities.Contains(entity))
        {
            throw SearchTokenizer.Error(text, token.Position, $"'{token.Text}' cannot be searched here");
        }

        return (entity, key);
    }

    private static Comparator ParseComparator(string filter, List<Token> tokens, ref int i)
    {
        var token = tokens[i++];
        if (token.Kind == TokenKind.Operator)
        {
            return token.Text switch
            {
                "=" => Comparator.Equal,
                "!=" => Comparator.NotEqual,
                ">" => Comparator.Greater,
                ">=" => Comparator.GreaterOrEqual,
                "<" => Comparator.Less,
                "<=" => Comparator.LessOrEqual,
                _ => throw SearchTokenizer.Error(filter, token.Position, $"invalid comparator '{token.Text}'"),
            };
        }

        if (token.Kind == TokenKind.Identifier)
        {
            switch (token.Text.ToUpperInvariant())
            {
                case "LIKE":
                    return Comparator.Like;
                case "ILIKE":
                    return Comparator.ILike;
                case "IN":
                    return Comparator.In;
                case "NOT" when tokens[i].Kind == TokenKind.Identifier && tokens[i].Text.Equals("IN", StringComparison.OrdinalIgnoreCase):
                    i++;
                    return Comparator.NotIn;
            }
        }

        throw SearchTokenizer.Error(filter, token.Position, $"expected a comparator but found '{token.Text}'");
    }

    private static string ParseString(string filter, List<Token> tokens, ref int i)
    {
        var token = tokens[i++];
        return token.Kind is TokenKind.String or TokenKind.QuotedIdentifier
            ? token.Text
            : throw SearchTokenizer.Error(filter, token.Position, $"expected a quoted string but found '{token.Text}'");
    }

    private static List<string> ParseList(string filter, List<Token> tokens, ref int i)
    {
        if (tokens[i++].Kind != TokenKind.OpenParen)
        {
            throw SearchTokenizer.Error(filter, tokens[i - 1].Position, "expected '(' after IN");
        }

        var values = new List<string>();
        while (true)
        {
            values.Add(ParseString(filter, tokens, ref i));
            var token = tokens[i++];
            if (token.Kind == TokenKind.CloseParen)
            {
                return values;
            }

            if (token.Kind != TokenKind.Comma)
            {
                throw SearchTokenizer.Error(filter, token.Position, "expected ',' or ')' in the IN list");
            }
        }
    }
}
