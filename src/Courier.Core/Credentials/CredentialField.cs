namespace Courier.Core.Credentials;

/// <summary>One string field of a provider's credentials: its JSON name, whether it must be present, and whether its value is secret (never printed).</summary>
public sealed record CredentialField(string Name, bool Required = true, bool Secret = false)
{
    /// <summary>Longest value accepted: room for a PEM private key, not for a pasted document.</summary>
    public const int MaxLength = 8192;

    public static CredentialField RequiredSecret(string name) => new(name, Required: true, Secret: true);

    public static CredentialField Optional(string name) => new(name, Required: false);
}
