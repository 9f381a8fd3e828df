namespace Courier.Providers.Drive;

/// <summary>Hold reasons the Drive client sets when a failure concerns the credential, not one item.</summary>
public static class DriveAccountReasons
{
    /// <summary>The token endpoint refused the credential, or Drive still said 401 after a fresh token.</summary>
    public const string CredentialsRejected = "CREDENTIALS_REJECTED";

    /// <summary>The credential JSON is unusable before any call.</summary>
    public const string CredentialsInvalid = "CREDENTIALS_INVALID";

    /// <summary>The token lacks the drive scope, or the Drive API is off in the project.</summary>
    public const string PermissionDenied = "PERMISSION_DENIED";
}
