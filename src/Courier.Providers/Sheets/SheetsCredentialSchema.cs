using Courier.Core.Credentials;

namespace Courier.Providers.Sheets;

/// <summary>What a site stores for Google Sheets, registered by <c>AddGoogleSheetsProvider</c>.</summary>
/// <remarks>
/// One field holds the whole Google credential JSON as Google hands it out: a service-account key (<c>"type":"service_account"</c>,
/// whose <c>private_key</c> makes it secret) or a workload identity federation config (<c>"type":"external_account"</c>). Keeping
/// Google's file intact means an operator pastes what the console gave them, and Google.Apis.Auth reads every variant.
/// </remarks>
public static class SheetsCredentialSchema
{
    public const string ProviderKey = "google_sheets";

    public const string ServiceAccountJson = "service_account_json";

    public static CredentialSchema Schema { get; } = new(ProviderKey, [CredentialField.RequiredSecret(ServiceAccountJson)]);
}
