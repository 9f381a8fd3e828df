using Courier.Core.Jobs.Conversions;
using Courier.Hosting.Catalog;

namespace Courier.Hosting.Jobs.Conversions;

/// <summary>Job 3, offline conversions to Google Ads: its description, written once (constants for the worker's attributes).</summary>
public static class ConversionsJob
{
    public const string Name = ConversionsProcessor.JobName;
    public const string TwinName = Name + JobCatalog.TwinSuffix;
    public const string ScheduleSetting = "SCHEDULE_PROCESS_OFFLINE_CONVERSIONS";
    public const string ScheduleExpression = "%" + ScheduleSetting + "%";
    public const string TwinRoute = "api/cron/process-offline-conversions";

    public const string Enqueue = "conversions-enqueue";
    public const string EnqueueRoute = "api/conversions";
    public const string EnqueueBulk = "conversions-enqueue-bulk";
    public const string EnqueueBulkRoute = "api/conversions/bulk";
    public const string Get = "conversions-get";
    public const string GetRoute = "api/conversions/{siteId}/{saleId}";
    public const string SeedCredentials = "credentials-seed";
    public const string SeedCredentialsRoute = "api/cron/providers/seed-credentials";

    public static JobDescriptor Descriptor { get; } = new()
    {
        Name = Name,
        Title = "conversions",
        Schedule = "0 */10 * * * *",
        ScheduleSetting = ScheduleSetting,
        Twin = new TwinDescriptor(TwinRoute, ["POST"], FunctionAuth.CronBearer, [new TwinParameter(ConversionsProcessor.LimitParameter, 1, 10000)]),
        Apis =
        [
            new ApiDescriptor(Enqueue, EnqueueRoute, ["POST"], FunctionAuth.ApiSecret),
            new ApiDescriptor(EnqueueBulk, EnqueueBulkRoute, ["POST"], FunctionAuth.ApiSecret),
            new ApiDescriptor(Get, GetRoute, ["GET"], FunctionAuth.ApiSecret),
            new ApiDescriptor(SeedCredentials, SeedCredentialsRoute, ["POST"], FunctionAuth.CronBearer, DevelopmentOnly: true),
        ],
        Queues = [ConversionsQueue.Name],
    };
}
