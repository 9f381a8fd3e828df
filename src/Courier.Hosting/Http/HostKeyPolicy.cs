namespace Courier.Hosting.Http;

/// <summary>
/// Whether secret checks of twins and secret routes are handed to the Functions host's function keys
/// (<c>authLevel: function</c> with <c>Http__RequireSecret=false</c>). Only the isolated worker registers a policy that
/// can trust them; standalone a secret is always required.
/// </summary>
/// <param name="TrustHostKeys">True when the host has already checked a function key.</param>
public sealed record HostKeyPolicy(bool TrustHostKeys)
{
    public static HostKeyPolicy RequireSecret { get; } = new(false);
}
