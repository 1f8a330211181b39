using System.Globalization;

namespace Crucible.Evaluation.Gates;

internal enum GateTokenKind
{
    Number,
    Identifier,
    And,
    Or,
    Not,
    Compare,
    Plus,
    Minus,
    Star,
    Slash,
    LeftParen,
    RightParen,
    End,
}

internal readonly record struct GateToken(GateTokenKind Kind, string Text, int Position, double Number = 0);

/// <summary>
/// Splits a gate expression into tokens: numbers (123, 0.5, 1e-3), names (letters, digits, '_' and '.', e.g.
/// <c>champion.roc_auc</c>), the words and/or/not, comparisons (&gt;= &lt;= &gt; &lt; == !=), + - * / and parentheses.
/// </summary>
internal static class GateTokenizer
{
    public static List<GateToken> Tokenize(string expression)
    {
        var tokens = new List<GateToken>();
        var i = 0;
        while (i < expression.Length)
        {
            var ch = expression[i];
            if (char.IsWhiteSpace(ch))
            {
                i++;
            }
            else if (char.IsAsciiDigit(ch) || (ch == '.' && i + 1 < expression.Length && char.IsAsciiDigit(expression[i + 1])))
            {
                tokens.Add(ReadNumber(expression, ref i));
            }
            else if (char.IsAsciiLetter(ch) || ch == '_')
            {
                var start = i;
                while (i < expression.Length && (char.IsAsciiLetterOrDigit(expression[i]) || expression[i] is '_' or '.'))
                {
                    i++;
                }

                var word = expression[start..i];
                if (word.EndsWith('.'))
                {
                    throw new GateSyntaxException($"'{word}' ends with '.'; expected a metric name after it", expression, i - 1);
                }

                var kind = word switch { "and" => GateTokenKind.And, "or" => GateTokenKind.Or, "not" => GateTokenKind.Not, _ => GateTokenKind.Identifier };
                tokens.Add(new GateToken(kind, word, start));
            }
            else
            {
                tokens.Add(ReadSymbol(expression, ref i));
            }
        }

        tokens.Add(new GateToken(GateTokenKind.End, "end of expression", expression.Length));
        return tokens;
    }

    private static GateToken ReadNumber(string expression, ref int i)
    {
        var start = i;
        while (i < expression.Length && (char.IsAsciiDigit(expression[i]) || expression[i] == '.'))
        {
            i++;
        }

        if (i < expression.Length && expression[i] is 'e' or 'E')
        {
            var exponent = i + 1 < expression.Length && expression[i + 1] is '+' or '-' ? i + 2 : i + 1;
            if (exponent < expression.Length && char.IsAsciiDigit(expression[exponent]))
            {
                i = exponent;
                while (i < expression.Length && char.IsAsciiDigit(expression[i]))
                {
                    i++;
                }
            }
        }

        var text = expression[start..i];
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new GateSyntaxException($"'{text}' is not a valid number", expression, start);
        }

        if (i < expression.Length && (char.IsAsciiLetter(expression[i]) || expression[i] == '_'))
        {
            throw new GateSyntaxException($"unexpected '{expression[i]}' right after the number {text}", expression, i);
        }

        return new GateToken(GateTokenKind.Number, text, start, value);
    }

    private static GateToken ReadSymbol(string expression, ref int i)
    {
        var start = i;
        var ch = expression[i];
        var next = i + 1 < expression.Length ? expression[i + 1] : '\0';
        (GateTokenKind Kind, int Length) symbol = (ch, next) switch
        {
            ('>' or '<' or '=' or '!', '=') => (GateTokenKind.Compare, 2),
            ('>' or '<', _) => (GateTokenKind.Compare, 1),
            ('+', _) => (GateTokenKind.Plus, 1),
            ('-', _) => (GateTokenKind.Minus, 1),
            ('*', _) => (GateTokenKind.Star, 1),
            ('/', _) => (GateTokenKind.Slash, 1),
            ('(', _) => (GateTokenKind.LeftParen, 1),
            (')', _) => (GateTokenKind.RightParen, 1),
            ('=', _) => throw new GateSyntaxException("'=' is not an operator; use '==' to compare", expression, start),
            ('&' or '|', _) => throw new GateSyntaxException($"unexpected '{ch}'; use 'and' / 'or'", expression, start),
            _ => throw new GateSyntaxException($"unexpected character '{ch}'", expression, start),
        };
        i += symbol.Length;
        return new GateToken(symbol.Kind, expression.Substring(start, symbol.Length), start);
    }
}
