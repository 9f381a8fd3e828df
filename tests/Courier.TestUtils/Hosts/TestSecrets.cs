namespace Courier.TestUtils.Hosts;

/// <summary>Secret values the test hosts use; distinct and long enough to spot in any captured text.</summary>
public static class TestSecrets
{
    public const string Cron = "cron-S3cret-value-4242";
    public const string Deliveries = "deliveries-S3cret-value-5151";
    public const string Api = "api-S3cret-value-6363";

    /// <summary>A test-only vault key: base64 of 32 bytes ("test-only-vault-key-32-bytes-xx!").</summary>
    public const string VaultKey = "dGVzdC1vbmx5LXZhdWx0LWtleS0zMi1ieXRlcy14eCE=";

    /// <summary>The secret of a setting name.</summary>
    public static string Of(string setting) => setting switch
    {
        "CRON_SECRET" => Cron,
        "RUN_PENDING_DELIVERIES_SECRET" => Deliveries,
        "API_SECRET" => Api,
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
    };
}
