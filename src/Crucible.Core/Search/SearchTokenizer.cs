using System.Globalization;
using Crucible.Core.Errors;

namespace Crucible.Core.Search;

internal enum TokenKind
{
    Identifier,
    QuotedIdentifier,
    String,
    Number,
    Operator,
    Comma,
    OpenParen,
    CloseParen,
    End,
}

internal readonly record struct Token(TokenKind Kind, string Text, int Position);

/// <summary>Splits MLflow search expressions into tokens; quoted strings keep their quote kind.</summary>
internal static class SearchTokenizer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            switch (c)
            {
                case '\'':
                    tokens.Add(new Token(TokenKind.String, ReadQuoted(text, ref i, '\''), start));
                    continue;
                case '"':
                    // Double quotes are a string after a comparator and a key after a dot; the parser decides.
                    tokens.Add(new Token(TokenKind.QuotedIdentifier, ReadQuoted(text, ref i, '"'), start));
                    continue;
                case '`':
                    tokens.Add(new Token(TokenKind.QuotedIdentifier, ReadQuoted(text, ref i, '`'), start));
                    continue;
                case ',':
                    tokens.Add(new Token(TokenKind.Comma, ",", start));
                    i++;
                    continue;
                case '(':
                    tokens.Add(new Token(TokenKind.OpenParen, "(", start));
                    i++;
                    continue;
                case ')':
                    tokens.Add(new Token(TokenKind.CloseParen, ")", start));
                    i++;
                    continue;
                case '=' or '!' or '<' or '>':
                    i++;
                    if (i < text.Length && text[i] == '=')
                    {
                        i++;
                    }

                    var op = text[start..i];
                    if (op == "!")
                    {
                        throw Error(text, start, "'!' must be followed by '='");
                    }

                    tokens.Add(new Token(TokenKind.Operator, op, start));
                    continue;
            }

            if (char.IsAsciiDigit(c) || c is '-' or '+' or '.')
            {
                i++;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '.' or '-' or '+'))
                {
                    i++;
                }

                var number = text[start..i];
                if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    throw Error(text, start, $"'{number}' is not a number");
                }

                tokens.Add(new Token(TokenKind.Number, number, start));
                continue;
            }

            if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '-' or ':' or '/' or '.'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Identifier, text[start..i], start));
                continue;
            }

            throw Error(text, start, $"unexpected character '{c}'");
        }

        tokens.Add(new Token(TokenKind.End, string.Empty, text.Length));
        return tokens;
    }

    private static string ReadQuoted(string text, ref int i, char quote)
    {
        var start = i;
        i++;
        var builder = new System.Text.StringBuilder();
        while (i < text.Length)
        {
            if (text[i] == quote)
            {
                if (i + 1 < text.Length && text[i + 1] == quote)
                {
                    builder.Append(quote);
                    i += 2;
                    continue;
                }

                i++;
                return builder.ToString();
            }

            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] == quote)
            {
                builder.Append(quote);
                i += 2;
                continue;
            }

            builder.Append(text[i]);
            i++;
        }

        throw Error(text, start, $"unterminated quoted text starting with {quote}");
    }

    internal static CrucibleException Error(string text, int position, string message) =>
        CrucibleException.Invalid($"Invalid search expression '{text}': {message} at position {position}.");
}
