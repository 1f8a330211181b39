namespace Crucible.Evaluation.Gates;

/// <summary>
/// Recursive-descent parser. Precedence, loosest first: or, and, not, one comparison, + -, * /, unary minus,
/// then numbers, names and parentheses. Conditions and numbers are checked where they meet, so
/// <c>roc_auc and 0.8</c> or <c>(a &gt; b) + 1</c> fail at the offending operand.
/// </summary>
internal sealed class GateParser
{
    private readonly string _text;
    private readonly List<GateToken> _tokens;
    private int _next;

    private GateParser(string text)
    {
        _text = text;
        _tokens = GateTokenizer.Tokenize(text);
    }

    public static GateNode Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new GateSyntaxException("the gate expression is empty", text ?? string.Empty, 0);
        }

        var parser = new GateParser(text);
        var root = parser.Or();
        var end = parser.Peek;
        if (end.Kind != GateTokenKind.End)
        {
            throw parser.Error($"unexpected '{end.Text}'; expected 'and', 'or', an operator or the end", end.Position);
        }

        if (!root.IsCondition)
        {
            throw parser.Error("the gate must be a condition such as 'roc_auc >= 0.8', not a number", root.Start);
        }

        return root;
    }

    private GateToken Peek => _tokens[_next];

    private GateNode Or() => Logical(GateTokenKind.Or, And);

    private GateNode And() => Logical(GateTokenKind.And, Not);

    private GateNode Logical(GateTokenKind kind, Func<GateNode> operand)
    {
        var left = operand();
        while (Peek.Kind == kind)
        {
            Condition(left);
            var op = _tokens[_next++];
            var right = Condition(operand());
            left = new GateBinary(kind, op.Text, left, right, left.Start, right.End);
        }

        return left;
    }

    private GateNode Not()
    {
        if (Peek.Kind != GateTokenKind.Not)
        {
            return Comparison();
        }

        var op = _tokens[_next++];
        var operand = Condition(Not());
        return new GateUnary(GateTokenKind.Not, operand, op.Position, operand.End);
    }

    private GateNode Comparison()
    {
        var left = Additive();
        if (Peek.Kind != GateTokenKind.Compare)
        {
            return left;
        }

        var op = _tokens[_next++];
        Number(left);
        var right = Number(Additive());
        if (Peek.Kind == GateTokenKind.Compare)
        {
            throw Error($"chained comparison '{Peek.Text}'; join comparisons with 'and'", Peek.Position);
        }

        return new GateBinary(GateTokenKind.Compare, op.Text, left, right, left.Start, right.End);
    }

    private GateNode Additive() => Arithmetic(GateTokenKind.Plus, GateTokenKind.Minus, Multiplicative);

    private GateNode Multiplicative() => Arithmetic(GateTokenKind.Star, GateTokenKind.Slash, Unary);

    private GateNode Arithmetic(GateTokenKind first, GateTokenKind second, Func<GateNode> operand)
    {
        var left = operand();
        while (Peek.Kind == first || Peek.Kind == second)
        {
            var op = _tokens[_next++];
            Number(left);
            var right = Number(operand());
            left = new GateBinary(op.Kind, op.Text, left, right, left.Start, right.End);
        }

        return left;
    }

    private GateNode Unary()
    {
        if (Peek.Kind != GateTokenKind.Minus)
        {
            return Primary();
        }

        var op = _tokens[_next++];
        var operand = Number(Unary());
        return new GateUnary(GateTokenKind.Minus, operand, op.Position, operand.End);
    }

    private GateNode Primary()
    {
        var token = _tokens[_next];
        switch (token.Kind)
        {
            case GateTokenKind.Number:
                _next++;
                return new GateNumber(token.Number, token.Position, token.Position + token.Text.Length);
            case GateTokenKind.Identifier:
                _next++;
                return new GateName(token.Text, token.Position, token.Position + token.Text.Length);
            case GateTokenKind.LeftParen:
                _next++;
                var inner = Or();
                if (Peek.Kind != GateTokenKind.RightParen)
                {
                    throw Error($"expected ')' to close the '(' at position {token.Position + 1}, found '{Peek.Text}'", Peek.Position);
                }

                var close = _tokens[_next++];
                return inner with { Start = token.Position, End = close.Position + 1 };
            default:
                throw Error($"expected a number, a metric name or '(', found '{token.Text}'", token.Position);
        }
    }

    private GateNode Condition(GateNode node) =>
        node.IsCondition ? node : throw Error($"expected a condition (a comparison such as 'x >= 0.8'), found '{Source(node)}'", node.Start);

    private GateNode Number(GateNode node) =>
        !node.IsCondition ? node : throw Error($"expected a number, found the condition '{Source(node)}'", node.Start);

    private string Source(GateNode node) => _text[node.Start..node.End];

    private GateSyntaxException Error(string problem, int position) => new(problem, _text, position);
}
