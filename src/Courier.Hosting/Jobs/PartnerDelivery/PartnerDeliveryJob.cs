using Courier.Hosting.Catalog;

namespace Courier.Hosting.Jobs.PartnerDelivery;

/// <summary>Job 1, partner delivery (Airtable → Drive → Airtable): its description, written once.</summary>
public static class PartnerDeliveryJob
{
    public const string Name = "partner-delivery-run-pending";
    public const string TwinName = Name + JobCatalog.TwinSuffix;
    public const string ScheduleSetting = "SCHEDULE_PARTNER_DELIVERY_RUN_PENDING";
    public const string ScheduleExpression = "%" + ScheduleSetting + "%";
    public const string TwinRoute = "api/internal/run-pending-deliveries";

    public static JobDescriptor Descriptor { get; } = new()
    {
        Name = Name,
        Title = "partner delivery",
        Schedule = "0 */5 * * * *",
        ScheduleSetting = ScheduleSetting,
        Twin = new TwinDescriptor(TwinRoute, ["POST"],
            new FunctionAuth { Kind = AuthKind.Secret, SecretSetting = "RUN_PENDING_DELIVERIES_SECRET", HeaderName = "x-run-pending-deliveries-secret", AcceptsBearer = true },
            []),
    };
}
