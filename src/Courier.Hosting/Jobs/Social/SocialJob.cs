using Courier.Hosting.Catalog;

namespace Courier.Hosting.Jobs.Social;

/// <summary>Job 6, social posts to Facebook Pages and Instagram: its description, written once.</summary>
public static class SocialJob
{
    public const string Name = "social-auto-poster-runner";
    public const string TwinName = Name + JobCatalog.TwinSuffix;
    public const string ScheduleSetting = "SCHEDULE_SOCIAL_AUTO_POSTER_RUNNER";
    public const string ScheduleExpression = "%" + ScheduleSetting + "%";
    public const string TwinRoute = "api/social-auto-poster/runner";

    public const string Connections = "social-connections";
    public const string ConnectionsRoute = "api/social-auto-poster/connections";
    public const string Queue = "social-queue";
    public const string QueueRoute = "api/social-auto-poster/queue";
    public const string Activity = "social-activity";
    public const string ActivityRoute = "api/social-auto-poster/activity";

    public static JobDescriptor Descriptor { get; } = new()
    {
        Name = Name,
        Title = "social",
        Schedule = "0 * * * * *",
        ScheduleSetting = ScheduleSetting,
        Twin = new TwinDescriptor(TwinRoute, ["POST", "GET"],
            new FunctionAuth { Kind = AuthKind.Secret, SecretSetting = FunctionAuth.CronSecretSetting, HeaderName = "x-cron-secret", AcceptsQuery = true, AcceptsBearer = true },
            []),
        Apis =
        [
            new ApiDescriptor(Connections, ConnectionsRoute, ["POST"], FunctionAuth.ApiSecret),
            new ApiDescriptor(Queue, QueueRoute, ["GET", "POST"], FunctionAuth.ApiSecret),
            new ApiDescriptor(Activity, ActivityRoute, ["GET"], FunctionAuth.ApiSecret),
        ],
    };
}
