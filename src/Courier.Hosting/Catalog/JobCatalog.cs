using Courier.Hosting.Jobs.Artifacts;
using Courier.Hosting.Jobs.Conversions;
using Courier.Hosting.Jobs.PartnerDelivery;
using Courier.Hosting.Jobs.Recovery;
using Courier.Hosting.Jobs.Social;
using Courier.Hosting.Jobs.WriteBack;

namespace Courier.Hosting.Catalog;

/// <summary>
/// The single list of every function of the app (spec §2.1), derived from the six job descriptors and the host's own
/// functions. The isolated worker's functions (through the functions.metadata the Worker SDK generates), the
/// standalone scheduler and routes, the status page and the README table are checked against it; tests fail if they drift.
/// </summary>
public static class JobCatalog
{
    /// <summary>Twin names are the timer name plus this suffix.</summary>
    public const string TwinSuffix = "-http";

    /// <summary>The six jobs, in the spec's order.</summary>
    public static IReadOnlyList<JobDescriptor> Jobs { get; } =
    [
        PartnerDeliveryJob.Descriptor,
        ArtifactsJob.Descriptor,
        ConversionsJob.Descriptor,
        RecoveryJob.Descriptor,
        WriteBackJob.Descriptor,
        SocialJob.Descriptor,
    ];

    public static IReadOnlyList<CatalogEntry> Entries { get; } =
    [
        .. Jobs.SelectMany(JobEntries),
        .. Jobs.SelectMany(j => j.Apis.Select(a => ApiEntry(j, a))),
        .. HostFunctions.Entries,
    ];

    public static IEnumerable<CatalogEntry> Timers => Entries.Where(e => e.Role == FunctionRole.Timer);

    public static IEnumerable<CatalogEntry> Twins => Entries.Where(e => e.Role == FunctionRole.Twin);

    public static IEnumerable<CatalogEntry> HttpFunctions => Entries.Where(e => e.Kind == FunctionKind.Http);

    public static CatalogEntry? Find(string name) => Entries.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.Ordinal));

    public static JobDescriptor? FindJob(string name) => Jobs.FirstOrDefault(j => string.Equals(j.Name, name, StringComparison.Ordinal));

    public static CatalogEntry? TimerOf(string job) => Timers.FirstOrDefault(e => e.Job == job);

    public static CatalogEntry? TwinOf(string job) => Twins.FirstOrDefault(e => e.Job == job);

    private static CatalogEntry[] JobEntries(JobDescriptor job) =>
    [
        new CatalogEntry { Name = job.Name, Role = FunctionRole.Timer, Job = job.Name, Title = job.Title, Schedule = job.Schedule, ScheduleSetting = job.ScheduleSetting },
        new CatalogEntry
        {
            Name = job.TwinName, Role = FunctionRole.Twin, Job = job.Name, Title = job.Title, Route = job.Twin.Route, Methods = job.Twin.Methods,
            Auth = job.Twin.Auth, Parameters = job.Twin.Parameters, RateLimited = true,
        },
    ];

    private static CatalogEntry ApiEntry(JobDescriptor job, ApiDescriptor api) =>
        new() { Name = api.Name, Role = FunctionRole.Api, Job = job.Name, Route = api.Route, Methods = api.Methods, Auth = api.Auth, DevelopmentOnly = api.DevelopmentOnly };
}
