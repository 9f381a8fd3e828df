namespace Courier.Functions.Tests.Support;

/// <summary>Secret values the test hosts use; distinct and long enough to spot in any captured text.</summary>
public static class TestSecrets
{
    public const string Cron = "cron-S3cret-value-4242";
    public const string Deliveries = "deliveries-S3cret-value-5151";
    public const string Api = "api-S3cret-value-6363";

    /// <summary>The secret of a setting name.</summary>
    public static string Of(string setting) => setting switch
    {
        "CRON_SECRET" => Cron,
        "RUN_PENDING_DELIVERIES_SECRET" => Deliveries,
        "API_SECRET" => Api,
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
    };
}
