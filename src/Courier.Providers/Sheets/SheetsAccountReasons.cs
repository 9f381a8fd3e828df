namespace Courier.Providers.Sheets;

/// <summary>
/// Hold reasons the Sheets client sets on <see cref="Courier.Core.Errors.ProviderError.HoldReason"/> when a failure concerns the
/// site's credentials or spreadsheet rather than the rows sent: every other row would fail the same way, so the job holds.
/// </summary>
public static class SheetsAccountReasons
{
    /// <summary>The token endpoint refused the credential (invalid_grant: key deleted or disabled, invalid_client), or the API still said 401 after a fresh token.</summary>
    public const string CredentialsRejected = "CREDENTIALS_REJECTED";

    /// <summary>The stored credential JSON is unusable before any call (not JSON, an unknown type, a private key that does not parse).</summary>
    public const string CredentialsInvalid = "CREDENTIALS_INVALID";

    /// <summary>403 PERMISSION_DENIED: the spreadsheet is not shared with the service account, or the Sheets API is off in its project.</summary>
    public const string PermissionDenied = "PERMISSION_DENIED";

    /// <summary>404: no spreadsheet with this id (deleted, or a wrong id in the settings).</summary>
    public const string SpreadsheetNotFound = "SPREADSHEET_NOT_FOUND";
}
