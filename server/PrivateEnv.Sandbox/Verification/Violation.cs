namespace PrivateEnv.Sandbox.Verification;

/// <summary>Why a cell was refused, and where (1-based line and column; 0 when unknown).</summary>
public sealed record Violation(string Message, int Line, int Column)
{
    public override string ToString() => Line > 0 ? $"line {Line}: {Message}" : Message;
}
