namespace Courier.Hosting.Catalog;

/// <summary>A job's HTTP twin: its route (no leading slash; routePrefix is ""), methods, auth and query parameters.</summary>
/// <param name="Route">The route as the trigger carries it.</param>
/// <param name="Methods">Accepted methods, upper case.</param>
/// <param name="Auth">Which secret and carriers it takes.</param>
/// <param name="Parameters">Query parameters passed to the run, with their ranges.</param>
public sealed record TwinDescriptor(string Route, IReadOnlyList<string> Methods, FunctionAuth Auth, IReadOnlyList<TwinParameter> Parameters);
