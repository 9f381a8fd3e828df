using Courier.Functions.Catalog;

namespace Courier.Functions.Http;

/// <summary>Endpoint metadata: the catalog function an endpoint serves and the auth rule <see cref="SecretAuthMiddleware"/> enforces for it.</summary>
/// <param name="Function">The catalog function name (for the Disabled switch and logs); null for routes outside the catalog.</param>
/// <param name="Auth">The rule.</param>
public sealed record SecretRequirement(string? Function, FunctionAuth Auth);
