using Courier.Core.Jobs.Artifacts;
using Courier.Hosting.Catalog;

namespace Courier.Hosting.Jobs.Artifacts;

/// <summary>Job 2, "Download All" ZIP artifacts: its description, written once.</summary>
public static class ArtifactsJob
{
    public const string Name = ArtifactsProcessor.JobName;
    public const string TwinName = Name + JobCatalog.TwinSuffix;
    public const string ScheduleSetting = "SCHEDULE_ARTIFACT_WORKER";
    public const string ScheduleExpression = "%" + ScheduleSetting + "%";
    public const string TwinRoute = "delivery/admin/run-artifact-worker";

    public const string Create = "artifacts-create";
    public const string CreateRoute = "api/artifacts";
    public const string Get = "artifacts-get";
    public const string GetRoute = "api/artifacts/{id}";

    public static JobDescriptor Descriptor { get; } = new()
    {
        Name = Name,
        Title = "artifacts",
        Schedule = "0 * * * * *",
        ScheduleSetting = ScheduleSetting,
        // Any auth failure answers 404, so the route cannot be discovered (spec §5.2).
        Twin = new TwinDescriptor(TwinRoute, ["POST"],
            new FunctionAuth { Kind = AuthKind.Secret, SecretSetting = FunctionAuth.CronSecretSetting, HeaderName = "X-CRON-SECRET", AcceptsBearer = true, NotFoundOnFailure = true, FailureEvent = "artifact_worker_cron_auth_failed" },
            []),
        Apis =
        [
            new ApiDescriptor(Create, CreateRoute, ["POST"], FunctionAuth.ApiSecret),
            new ApiDescriptor(Get, GetRoute, ["GET"], FunctionAuth.ApiSecret),
        ],
        Queues = [ArtifactsQueue.Name],
    };
}
