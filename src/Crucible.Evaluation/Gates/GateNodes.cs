namespace Crucible.Evaluation.Gates;

/// <summary>A parsed gate expression node spanning [Start, End) of the source text.</summary>
internal abstract record GateNode(int Start, int End)
{
    public abstract bool IsCondition { get; }
}

internal sealed record GateNumber(double Value, int Start, int End) : GateNode(Start, End)
{
    public override bool IsCondition => false;
}

internal sealed record GateName(string Name, int Start, int End) : GateNode(Start, End)
{
    public override bool IsCondition => false;
}

/// <summary>Unary minus (number) or 'not' (condition).</summary>
internal sealed record GateUnary(GateTokenKind Operator, GateNode Operand, int Start, int End) : GateNode(Start, End)
{
    public override bool IsCondition => Operator == GateTokenKind.Not;
}

/// <summary>Arithmetic (number), comparison or and/or (condition).</summary>
internal sealed record GateBinary(GateTokenKind Operator, string Symbol, GateNode Left, GateNode Right, int Start, int End)
    : GateNode(Start, End)
{
    public override bool IsCondition => Operator is GateTokenKind.Compare or GateTokenKind.And or GateTokenKind.Or;
}
