using Courier.Hosting.Catalog;

namespace Courier.Hosting.Jobs.WriteBack;

/// <summary>Job 5, write-back of record changes to Google Sheets: its description, written once.</summary>
public static class WriteBackJob
{
    public const string Name = "sync-write-back";
    public const string TwinName = Name + JobCatalog.TwinSuffix;
    public const string ScheduleSetting = "SCHEDULE_SYNC_WRITE_BACK";
    public const string ScheduleExpression = "%" + ScheduleSetting + "%";
    public const string TwinRoute = "api/sync/write-back";

    public const string Queue = "sync-queue";
    public const string QueueRoute = "api/sync/queue";

    public static JobDescriptor Descriptor { get; } = new()
    {
        Name = Name,
        Title = "write-back",
        Schedule = "0 */5 * * * *",
        ScheduleSetting = ScheduleSetting,
        Twin = new TwinDescriptor(TwinRoute, ["POST"], FunctionAuth.CronBearer, []),
        Apis = [new ApiDescriptor(Queue, QueueRoute, ["GET", "POST"], FunctionAuth.ApiSecret)],
    };
}
