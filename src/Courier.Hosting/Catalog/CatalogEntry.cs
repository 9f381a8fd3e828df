namespace Courier.Hosting.Catalog;

/// <summary>One function of the app: everything the worker functions, the scheduler, the routes, the status page and README derive from.</summary>
public sealed record CatalogEntry
{
    /// <summary>The function (and function.json folder) name.</summary>
    public required string Name { get; init; }

    public required FunctionRole Role { get; init; }

    /// <summary>The job this function runs or belongs to (its timer function's name); null for host functions (status, health).</summary>
    public string? Job { get; init; }

    /// <summary>Human name of the job, as the spec's table and the status page show it.</summary>
    public string? Title { get; init; }

    /// <summary>Timers only: the default six-field NCRONTAB schedule.</summary>
    public string? Schedule { get; init; }

    /// <summary>Timers only: the app setting that overrides <see cref="Schedule"/> in both hosts.</summary>
    public string? ScheduleSetting { get; init; }

    /// <summary>HTTP only: the route as written in function.json (no leading slash; routePrefix is "").</summary>
    public string? Route { get; init; }

    /// <summary>HTTP only: accepted methods, upper case.</summary>
    public IReadOnlyList<string> Methods { get; init; } = [];

    public FunctionAuth Auth { get; init; } = FunctionAuth.Anonymous;

    /// <summary>Twins only: query parameters passed to the job.</summary>
    public IReadOnlyList<TwinParameter> Parameters { get; init; } = [];

    /// <summary>Limited per client IP (twins and the status login): 429 with Retry-After past the limit.</summary>
    public bool RateLimited { get; init; }

    /// <summary>Refused with 403 in Production by the gate, before the secret check (spec §6: seed-credentials).</summary>
    public bool DevelopmentOnly { get; init; }

    /// <summary>
    /// Whether the function-key publish option makes this function <c>authLevel: function</c>, so that with
    /// <c>Http__RequireSecret=false</c> the host's key alone admits a caller: the twins only (spec §2.2).
    /// </summary>
    public bool HostKeyEligible => Role == FunctionRole.Twin;

    public FunctionKind Kind => Role == FunctionRole.Timer ? FunctionKind.Timer : FunctionKind.Http;

    /// <summary>The route as ASP.NET maps it: with a leading slash.</summary>
    public string Path => "/" + Route;
}
