namespace Crucible.Evaluation.Gates;

/// <summary>
/// A release gate: a small expression over metrics, for example
/// <c>roc_auc &gt;= champion.roc_auc - 0.005 and dp_ratio &gt;= 0.8</c>. Names are metric names (the challenger's),
/// <c>champion.&lt;metric&gt;</c>, <c>delta.&lt;metric&gt;</c> (challenger minus champion) and fairness names; see
/// <c>Evaluator</c> for the scope it builds. Syntax errors throw <see cref="GateSyntaxException"/> with the position.
/// </summary>
public sealed class GateExpression
{
    private readonly GateNode _root;

    private GateExpression(string text, GateNode root)
    {
        Text = text;
        _root = root;
    }

    public string Text { get; }

    /// <summary>Parses and checks an expression.</summary>
    /// <exception cref="GateSyntaxException">The expression is malformed; the message points at the position.</exception>
    public static GateExpression Parse(string text) => new(text, GateParser.Parse(text));

    /// <summary>
    /// Evaluates every comparison (no short-circuit, so the evidence is complete) against the named values.
    /// A comparison involving NaN does not hold.
    /// </summary>
    /// <exception cref="GateSyntaxException">A name is not in <paramref name="values"/>.</exception>
    public GateResult Evaluate(IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var evidence = new List<GateEvidence>();
        var passed = Condition(_root, values, evidence);
        return new GateResult { Expression = Text, Passed = passed, Evidence = evidence };
    }

    private bool Condition(GateNode node, IReadOnlyDictionary<string, double> values, List<GateEvidence> evidence)
    {
        switch (node)
        {
            case GateUnary { Operator: GateTokenKind.Not } not:
                return !Condition(not.Operand, values, evidence);
            case GateBinary { Operator: GateTokenKind.And } and:
                var leftAnd = Condition(and.Left, values, evidence);
                return Condition(and.Right, values, evidence) && leftAnd;
            case GateBinary { Operator: GateTokenKind.Or } or:
                var leftOr = Condition(or.Left, values, evidence);
                return Condition(or.Right, values, evidence) || leftOr;
            case GateBinary compare:
                var left = Number(compare.Left, values);
                var right = Number(compare.Right, values);
                var holds = !double.IsNaN(left) && !double.IsNaN(right) && compare.Symbol switch
                {
                    ">=" => left >= right,
                    "<=" => left <= right,
                    ">" => left > right,
                    "<" => left < right,
                    "==" => left == right,
                    _ => left != right,
                };
                evidence.Add(new GateEvidence(Text[compare.Start..compare.End].Trim(), left, compare.Symbol, right, holds));
                return holds;
            default:
                throw new InvalidOperationException($"Not a condition: {node}.");
        }
    }

    private double Number(GateNode node, IReadOnlyDictionary<string, double> values) => node switch
    {
        GateNumber number => number.Value,
        GateName name => values.TryGetValue(name.Name, out var value)
            ? value
            : throw new GateSyntaxException(
                $"unknown name '{name.Name}'; known names: {string.Join(", ", values.Keys.Order(StringComparer.Ordinal))}", Text, name.Start),
        GateUnary minus => -Number(minus.Operand, values),
        GateBinary { Operator: GateTokenKind.Plus } add => Number(add.Left, values) + Number(add.Right, values),
        GateBinary { Operator: GateTokenKind.Minus } sub => Number(sub.Left, values) - Number(sub.Right, values),
        GateBinary { Operator: GateTokenKind.Star } mul => Number(mul.Left, values) * Number(mul.Right, values),
        GateBinary div => Number(div.Left, values) / Number(div.Right, values),
        _ => throw new InvalidOperationException($"Not a number: {node}."),
    };
}
