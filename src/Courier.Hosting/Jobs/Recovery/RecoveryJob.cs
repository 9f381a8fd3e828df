using Courier.Core.Jobs.Recovery;
using Courier.Hosting.Catalog;

namespace Courier.Hosting.Jobs.Recovery;

/// <summary>Job 4, recovery of expired leases in every queue: its description, written once.</summary>
public static class RecoveryJob
{
    public const string Name = RecoveryProcessor.JobName;
    public const string TwinName = Name + JobCatalog.TwinSuffix;
    public const string ScheduleSetting = "SCHEDULE_RECOVER_PROCESSING";
    public const string ScheduleExpression = "%" + ScheduleSetting + "%";
    public const string TwinRoute = "api/cron/providers/recover-processing";

    public static JobDescriptor Descriptor { get; } = new()
    {
        Name = Name,
        Title = "recovery",
        Schedule = "0 */30 * * * *",
        ScheduleSetting = ScheduleSetting,
        Twin = new TwinDescriptor(TwinRoute, ["POST"], FunctionAuth.CronBearer, [new TwinParameter(RecoveryProcessor.MinAgeParameter, 0, 10080)]),
    };
}
