namespace Courier.Deploy.Tests.Support;

/// <summary>One Dockerfile instruction: its keyword (upper case) and the rest of the line.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments);
