namespace Courier.Storage.Scheduling;

/// <summary>
/// The blob names the Functions (WebJobs) host uses for a timer function, so a standalone scheduler and a Functions
/// deployment on one storage account compete for the same lease and read the same schedule status.
/// </summary>
internal static class WebJobsHostBlobs
{
    /// <summary>The host's own container (singleton locks, timer status).</summary>
    public const string Container = "azure-webjobs-hosts";

    /// <summary>The host's id of a function: what its locks and status blobs are named after.</summary>
    public static string FunctionId(string timer) => "Host.Functions." + timer;

    /// <summary>The blob the host leases so one instance listens to the timer (its <c>[Singleton(Mode = Listener)]</c> lock).</summary>
    public static string ListenerLock(string hostId, string timer) => $"locks/{hostId}/{FunctionId(timer)}.Listener";

    /// <summary>The host's schedule monitor blob of the timer (StorageScheduleMonitor).</summary>
    public static string ScheduleStatus(string hostId, string timer) => $"timers/{hostId}/{FunctionId(timer)}/status";
}
