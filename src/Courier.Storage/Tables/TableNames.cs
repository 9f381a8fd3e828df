namespace Courier.Storage.Tables;

/// <summary>The names of Courier's tables, before the deployment's <see cref="StorageOptions.TablePrefix"/> is put in front.</summary>
public static class TableNames
{
    public const string Queue = "Queue";
    public const string ProviderHealth = "ProviderHealth";
    public const string Runs = "Runs";
    public const string RunLeases = "RunLeases";
    public const string ProviderUploadMetrics = "ProviderUploadMetrics";
    public const string ProviderCredentials = "ProviderCredentials";
    public const string SyncRows = "SyncRows";
    public const string SyncLog = "SyncLog";
    public const string SocialDeliveryAttempts = "SocialDeliveryAttempts";
    public const string PartnerDeliveries = "PartnerDeliveries";

    /// <summary>Every table, so tests and tools can create or drop them together.</summary>
    public static IReadOnlyList<string> All { get; } = [Queue, ProviderHealth, Runs, RunLeases, ProviderUploadMetrics, ProviderCredentials, SyncRows, SyncLog, SocialDeliveryAttempts, PartnerDeliveries];
}
