namespace Courier.Hosting.Catalog;

/// <summary>A producer or query API a job owns (enqueue, inspect), served as its own HTTP function.</summary>
/// <param name="Name">The function name.</param>
/// <param name="Route">The route (no leading slash; may hold <c>{parameters}</c>).</param>
/// <param name="Methods">Accepted methods, upper case.</param>
/// <param name="Auth">Which secret it takes; <see cref="FunctionAuth.ApiSecret"/> for producer APIs (spec §6).</param>
/// <param name="DevelopmentOnly">Refused with 403 in Production before any secret is read, whatever the request carries (seed-credentials, spec §6).</param>
public sealed record ApiDescriptor(string Name, string Route, IReadOnlyList<string> Methods, FunctionAuth Auth, bool DevelopmentOnly = false);
