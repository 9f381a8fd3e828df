namespace Courier.Deploy.Tests.Support;

/// <summary>One diagnostic line of the Bicep CLI: level (Error, Warning, Info), code (BCP… or a linter rule) and message.</summary>
internal sealed record BicepDiagnostic(string Level, string Code, string Message, string Line);
