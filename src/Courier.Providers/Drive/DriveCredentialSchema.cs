using Courier.Core.Credentials;

namespace Courier.Providers.Drive;

/// <summary>What a site stores for Google Drive: the whole Google credential JSON, as for Sheets. Registered by <c>AddGoogleDriveProvider</c>.</summary>
public static class DriveCredentialSchema
{
    public const string ProviderKey = "google_drive";

    public const string ServiceAccountJson = "service_account_json";

    public static CredentialSchema Schema { get; } = new(ProviderKey, [CredentialField.RequiredSecret(ServiceAccountJson)]);
}
