namespace Courier.Functions.Catalog;

/// <summary>
/// The single list of every function of the app (spec §2.1). function.json files, the standalone scheduler,
/// the HTTP routes, the status page and the README table are all derived from it; tests fail if they drift.
/// </summary>
public static class JobCatalog
{
    public const string PartnerDelivery = "partner-delivery-run-pending";
    public const string Artifacts = "artifact-worker";
    public const string Conversions = "process-offline-conversions";
    public const string Recovery = "recover-processing";
    public const string WriteBack = "sync-write-back";
    public const string Social = "social-auto-poster-runner";

    /// <summary>Twin names are the timer name plus this suffix.</summary>
    public const string TwinSuffix = "-http";

    public static IReadOnlyList<CatalogEntry> Entries { get; } =
    [
        .. Job("partner delivery", PartnerDelivery, "0 */5 * * * *", "api/internal/run-pending-deliveries", ["POST"],
            new FunctionAuth { Kind = AuthKind.Secret, SecretSetting = "RUN_PENDING_DELIVERIES_SECRET", HeaderName = "x-run-pending-deliveries-secret", AcceptsBearer = true }),
        .. Job("artifacts", Artifacts, "0 * * * * *", "delivery/admin/run-artifact-worker", ["POST"],
            new FunctionAuth { Kind = AuthKind.Secret, SecretSetting = FunctionAuth.CronSecretSetting, HeaderName = "X-CRON-SECRET", AcceptsBearer = true, NotFoundOnFailure = true, FailureEvent = "artifact_worker_cron_auth_failed" }),
        .. Job("conversions", Conversions, "0 */10 * * * *", "api/cron/process-offline-conversions", ["POST"], FunctionAuth.CronBearer,
            [new TwinParameter("limit", 1, 10000)]),
        .. Job("recovery", Recovery, "0 */30 * * * *", "api/cron/providers/recover-processing", ["POST"], FunctionAuth.CronBearer,
            [new TwinParameter("min_age_minutes", 0, 10080)]),
        .. Job("write-back", WriteBack, "0 */5 * * * *", "api/sync/write-back", ["POST"], FunctionAuth.CronBearer),
        .. Job("social", Social, "0 * * * * *", "api/social-auto-poster/runner", ["POST", "GET"],
            new FunctionAuth { Kind = AuthKind.Secret, SecretSetting = FunctionAuth.CronSecretSetting, HeaderName = "x-cron-secret", AcceptsQuery = true, AcceptsBearer = true }),

        // Producer and query APIs: the jobs map these routes themselves; listed so the Functions host forwards them.
        Api("artifacts-create", Artifacts, "api/artifacts", ["POST"]),
        Api("artifacts-get", Artifacts, "api/artifacts/{id}", ["GET"]),
        Api("conversions-enqueue", Conversions, "api/conversions", ["POST"]),
        Api("conversions-get", Conversions, "api/conversions/{siteId}/{saleId}", ["GET"]),
        Api("credentials-seed", Conversions, "api/cron/providers/seed-credentials", ["POST"], FunctionAuth.CronBearer),
        Api("sync-queue", WriteBack, "api/sync/queue", ["GET", "POST"]),
        Api("social-connections", Social, "api/social-auto-poster/connections", ["POST"]),
        Api("social-queue", Social, "api/social-auto-poster/queue", ["GET", "POST"]),
        Api("social-activity", Social, "api/social-auto-poster/activity", ["GET"]),

        // Host functions.
        new CatalogEntry { Name = "courier-status", Role = FunctionRole.Status, Route = "api/status", Methods = ["GET"], Auth = FunctionAuth.ApiSecret },
        new CatalogEntry { Name = "courier-status-page", Role = FunctionRole.Status, Route = "status", Methods = ["GET"], Auth = FunctionAuth.StatusSession },
        new CatalogEntry { Name = "courier-status-login", Role = FunctionRole.Status, Route = "status/login", Methods = ["POST"], Auth = FunctionAuth.Anonymous },
        new CatalogEntry { Name = "courier-healthz", Role = FunctionRole.Health, Route = "healthz", Methods = ["GET"], Auth = FunctionAuth.Anonymous },
    ];

    public static IEnumerable<CatalogEntry> Timers => Entries.Where(e => e.Role == FunctionRole.Timer);

    public static IEnumerable<CatalogEntry> Twins => Entries.Where(e => e.Role == FunctionRole.Twin);

    public static CatalogEntry? Find(string name) => Entries.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.Ordinal));

    public static CatalogEntry? TimerOf(string job) => Timers.FirstOrDefault(e => e.Job == job);

    public static CatalogEntry? TwinOf(string job) => Twins.FirstOrDefault(e => e.Job == job);

    private static CatalogEntry[] Job(string title, string name, string schedule, string route, string[] methods, FunctionAuth auth, TwinParameter[]? parameters = null) =>
    [
        new CatalogEntry { Name = name, Role = FunctionRole.Timer, Job = name, Title = title, Schedule = schedule },
        new CatalogEntry { Name = name + TwinSuffix, Role = FunctionRole.Twin, Job = name, Title = title, Route = route, Methods = methods, Auth = auth, Parameters = parameters ?? [] },
    ];

    private static CatalogEntry Api(string name, string job, string route, string[] methods, FunctionAuth? auth = null) =>
        new() { Name = name, Role = FunctionRole.Api, Job = job, Route = route, Methods = methods, Auth = auth ?? FunctionAuth.ApiSecret };
}
