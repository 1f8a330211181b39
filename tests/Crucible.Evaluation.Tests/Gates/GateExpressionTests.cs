using Crucible.Evaluation.Gates;

namespace Crucible.Evaluation.Tests.Gates;

public sealed class GateExpressionTests
{
    private static readonly Dictionary<string, double> Scope = new()
    {
        ["roc_auc"] = 0.81, ["champion.roc_auc"] = 0.812, ["delta.roc_auc"] = -0.002, ["dp_ratio"] = 0.85, ["log_loss"] = 0.4,
    };

    [Fact]
    public void The_issue_example_passes_with_evidence_for_each_comparison()
    {
        var result = GateExpression.Parse("roc_auc >= champion.roc_auc - 0.005 and dp_ratio >= 0.8").Evaluate(Scope);

        Assert.True(result.Passed);
        Assert.Equal(2, result.Evidence.Count);
        Assert.Equal(new GateEvidence("roc_auc >= champion.roc_auc - 0.005", 0.81, ">=", 0.812 - 0.005, true), result.Evidence[0]);
        Assert.Equal(new GateEvidence("dp_ratio >= 0.8", 0.85, ">=", 0.8, true), result.Evidence[1]);
    }

    [Theory]
    [InlineData("delta.roc_auc > 0 or log_loss < 0.5", true)]
    [InlineData("not (delta.roc_auc > 0)", true)]
    [InlineData("not delta.roc_auc > 0 and roc_auc > 0.9", false)]
    [InlineData("(roc_auc + 0.09) * 2 / 2 >= 0.9", true)]
    [InlineData("-log_loss < -0.3", true)]
    [InlineData("roc_auc == 0.81 and roc_auc != 0.8", true)]
    [InlineData("roc_auc > 1e-3 and roc_auc <= 8.1E-1", true)]
    [InlineData("dp_ratio < 0.8 or roc_auc < 0.5 and log_loss < 1", false)]
    public void Precedence_and_operators_follow_the_usual_rules(string expression, bool expected) =>
        Assert.Equal(expected, GateExpression.Parse(expression).Evaluate(Scope).Passed);

    [Fact]
    public void A_failing_comparison_fails_the_gate_and_is_shown()
    {
        var result = GateExpression.Parse("roc_auc >= champion.roc_auc and dp_ratio >= 0.8").Evaluate(Scope);
        Assert.False(result.Passed);
        Assert.False(result.Evidence[0].Passed);
        Assert.True(result.Evidence[1].Passed);
    }

    [Theory]
    [InlineData("roc_auc >= ", 11, "expected a number, a metric name or '(', found 'end of expression'")]
    [InlineData("roc_auc >= 0.8 and", 18, "expected a number, a metric name or '('")]
    [InlineData("roc_auc = 0.8", 8, "use '==' to compare")]
    [InlineData("roc_auc >= 0.8 && dp_ratio > 1", 15, "use 'and' / 'or'")]
    [InlineData("(roc_auc >= 0.8", 15, "expected ')' to close the '(' at position 1")]
    [InlineData("roc_auc >= 0.8)", 14, "unexpected ')'")]
    [InlineData("roc_auc and dp_ratio > 1", 0, "expected a condition")]
    [InlineData("roc_auc + 1", 0, "the gate must be a condition")]
    [InlineData("0.1 < roc_auc < 0.9", 14, "chained comparison")]
    [InlineData("roc_auc >= 0.8x", 14, "right after the number 0.8")]
    [InlineData("roc_auc >= 1.2.3", 11, "'1.2.3' is not a valid number")]
    [InlineData("champion. >= 1", 8, "ends with '.'")]
    [InlineData("(roc_auc > 1) + 1 > 2", 0, "expected a number, found the condition '(roc_auc > 1)'")]
    [InlineData("roc_auc $ 1", 8, "unexpected character '$'")]
    [InlineData("   ", 0, "the gate expression is empty")]
    public void Syntax_errors_point_at_the_position(string expression, int position, string problem)
    {
        var error = Assert.Throws<GateSyntaxException>(() => GateExpression.Parse(expression));
        Assert.Equal(position, error.Position);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.EndsWith(new string(' ', position) + "^", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_name_fails_at_its_position_listing_the_known_names()
    {
        var gate = GateExpression.Parse("roc_auc > 0.5 and roc_acu > 0.5");
        var error = Assert.Throws<GateSyntaxException>(() => gate.Evaluate(Scope));
        Assert.Equal(18, error.Position);
        Assert.Contains("unknown name 'roc_acu'", error.Message, StringComparison.Ordinal);
        Assert.Contains("champion.roc_auc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nan_value_never_satisfies_a_comparison()
    {
        var scope = new Dictionary<string, double> { ["dp_ratio"] = double.NaN };
        Assert.False(GateExpression.Parse("dp_ratio >= 0.8").Evaluate(scope).Passed);
        Assert.False(GateExpression.Parse("dp_ratio < 0.8").Evaluate(scope).Passed);
    }
}
