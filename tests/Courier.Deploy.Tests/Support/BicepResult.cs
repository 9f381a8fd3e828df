namespace Courier.Deploy.Tests.Support;

/// <summary>What one run of the Bicep CLI gave: its exit code, output streams and parsed diagnostics.</summary>
internal sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError, IReadOnlyList<BicepDiagnostic> Diagnostics)
{
    /// <summary>Errors and warnings (Info diagnostics are advice, not failures).</summary>
    public IReadOnlyList<BicepDiagnostic> Problems => Diagnostics.Where(d => d.Level is "Error" or "Warning").ToList();

    public override string ToString() => $"exit {ExitCode}\n{StandardError}\n{string.Join('\n', Diagnostics.Select(d => d.Line))}";
}
