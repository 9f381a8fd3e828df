namespace Courier.Hosting.Catalog;

/// <summary>The host's own HTTP functions (status, health, and the shared queue and circuit operations), beside the jobs' functions.</summary>
public static class HostFunctions
{
    public const string Status = "courier-status";
    public const string StatusRoute = "api/status";
    public const string StatusPage = "courier-status-page";
    public const string StatusPageRoute = "status";
    public const string StatusLogin = "courier-status-login";
    public const string StatusLoginRoute = "status/login";
    public const string StatusAction = "courier-status-action";
    public const string StatusActionRoute = "status/actions/{action}";
    public const string CircuitClose = "courier-circuit-close";
    public const string CircuitCloseRoute = "api/circuits/{siteId}/{providerKey}/close";
    public const string Health = "courier-healthz";
    public const string HealthRoute = "healthz";
    public const string QueuesRedrive = "queues-redrive";
    public const string QueuesRedriveRoute = "api/queues/{queue}/redrive";

    internal static IReadOnlyList<CatalogEntry> Entries { get; } =
    [
        new CatalogEntry { Name = Status, Role = FunctionRole.Status, Route = StatusRoute, Methods = ["GET"], Auth = FunctionAuth.ApiSecret },
        new CatalogEntry { Name = StatusPage, Role = FunctionRole.Status, Route = StatusPageRoute, Methods = ["GET"], Auth = FunctionAuth.StatusSession },
        // The login checks the secret posted in its form, so it is rate limited like a twin.
        new CatalogEntry { Name = StatusLogin, Role = FunctionRole.Status, Route = StatusLoginRoute, Methods = ["POST"], Auth = FunctionAuth.Anonymous, RateLimited = true },
        // The page's buttons (run now, re-drive, isolate or close a circuit): the session cookie and the page's CSRF token.
        new CatalogEntry { Name = StatusAction, Role = FunctionRole.Status, Route = StatusActionRoute, Methods = ["POST"], Auth = FunctionAuth.StatusSession },
        new CatalogEntry { Name = QueuesRedrive, Role = FunctionRole.Queue, Route = QueuesRedriveRoute, Methods = ["POST"], Auth = FunctionAuth.ApiSecret },
        // An operator's release of a held, open or isolated circuit.
        new CatalogEntry { Name = CircuitClose, Role = FunctionRole.Status, Route = CircuitCloseRoute, Methods = ["POST"], Auth = FunctionAuth.ApiSecret },
        new CatalogEntry { Name = Health, Role = FunctionRole.Health, Route = HealthRoute, Methods = ["GET"], Auth = FunctionAuth.Anonymous },
    ];
}
