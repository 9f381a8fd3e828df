namespace Courier.Providers.Airtable;

/// <summary>Hold reasons the Airtable client sets when a failure concerns the token or the base, not one record.</summary>
public static class AirtableAccountReasons
{
    /// <summary>401: the token is missing, revoked or wrong.</summary>
    public const string CredentialsRejected = "CREDENTIALS_REJECTED";

    /// <summary>403: the token may not use the base or table, or the base or table does not exist.</summary>
    public const string PermissionDenied = "PERMISSION_DENIED";

    /// <summary>429 with the plan's monthly call cap used up: it lasts until the billing cycle resets.</summary>
    public const string BillingLimitExceeded = "BILLING_LIMIT_EXCEEDED";
}
