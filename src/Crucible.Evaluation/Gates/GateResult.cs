namespace Crucible.Evaluation.Gates;

/// <summary>A gate's verdict with the evidence: every comparison in the expression, with its values.</summary>
public sealed record GateResult
{
    public required string Expression { get; init; }

    public bool Passed { get; init; }

    public IReadOnlyList<GateEvidence> Evidence { get; init; } = [];
}

/// <summary>One comparison of a gate: its source text, both sides' values, and whether it held.</summary>
public sealed record GateEvidence(string Comparison, double Left, string Operator, double Right, bool Passed);
