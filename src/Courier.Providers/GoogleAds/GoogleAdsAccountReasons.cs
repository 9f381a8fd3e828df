using Courier.Core.Errors;

namespace Courier.Providers.GoogleAds;

/// <summary>
/// Recognises whole-request failures that concern a site's Google Ads account or Courier's setup rather than the rows sent
/// (spec §5.3: hold the site with a visible reason, never fail its rows), and names them with a stable reason code.
/// </summary>
public static class GoogleAdsAccountReasons
{
    /// <summary>Google refused the OAuth grant or token, or the developer token is invalid: the site's credentials must be seeded again.</summary>
    public const string CredentialsRejected = "CREDENTIALS_REJECTED";

    /// <summary>The seeded credentials are unusable before any call (a field missing, a customer id that is not digits).</summary>
    public const string CredentialsInvalid = "CREDENTIALS_INVALID";

    /// <summary>The developer token is limited to test accounts or not allowed for this API.</summary>
    public const string DeveloperTokenNotApproved = "DEVELOPER_TOKEN_NOT_APPROVED";

    /// <summary>The authenticated user, or the login-customer-id, may not upload for this customer.</summary>
    public const string PermissionDenied = "PERMISSION_DENIED";

    /// <summary>The Google Ads customer is cancelled or not yet enabled.</summary>
    public const string CustomerNotEnabled = "CUSTOMER_NOT_ENABLED";

    /// <summary>The configured API version is sunset (UNSUPPORTED_VERSION) or retired (404): GoogleAds:ApiVersion must move on.</summary>
    public const string ApiVersionUnsupported = "API_VERSION_UNSUPPORTED";

    private static readonly Dictionary<string, string> ByCode = new(StringComparer.Ordinal)
    {
        // From the OAuth token endpoint (GoogleOAuthTokenSource).
        ["invalid_grant"] = CredentialsRejected,
        ["invalid_client"] = CredentialsRejected,
        ["unauthorized_client"] = CredentialsRejected,

        // authenticationError, after the client's one token refresh.
        ["OAUTH_TOKEN_INVALID"] = CredentialsRejected,
        ["OAUTH_TOKEN_EXPIRED"] = CredentialsRejected,
        ["OAUTH_TOKEN_REVOKED"] = CredentialsRejected,
        ["OAUTH_TOKEN_DISABLED"] = CredentialsRejected,
        ["OAUTH_TOKEN_HEADER_INVALID"] = CredentialsRejected,
        ["DEVELOPER_TOKEN_INVALID"] = CredentialsRejected,
        ["NOT_ADS_USER"] = CredentialsRejected,
        ["GOOGLE_ACCOUNT_DELETED"] = CredentialsRejected,
        ["GOOGLE_ACCOUNT_COOKIE_INVALID"] = CredentialsRejected,
        ["CLIENT_CUSTOMER_ID_INVALID"] = CredentialsRejected,
        ["UNAUTHENTICATED"] = CredentialsRejected,

        // The client's own checks of the seeded credentials.
        ["invalid_credentials"] = CredentialsInvalid,

        // authorizationError.
        ["DEVELOPER_TOKEN_NOT_APPROVED"] = DeveloperTokenNotApproved,
        ["DEVELOPER_TOKEN_PROHIBITED"] = DeveloperTokenNotApproved,
        ["DEVELOPER_TOKEN_NOT_ON_ALLOWLIST"] = DeveloperTokenNotApproved,
        ["USER_PERMISSION_DENIED"] = PermissionDenied,
        ["PERMISSION_DENIED"] = PermissionDenied,
        ["ACTION_NOT_PERMITTED"] = PermissionDenied,
        ["INVALID_LOGIN_CUSTOMER_ID_SERVING_CUSTOMER_ID_COMBINATION"] = PermissionDenied,
        ["SERVICE_ACCESS_DENIED"] = PermissionDenied,
        ["ACCESS_DENIED_FOR_ACCOUNT_TYPE"] = PermissionDenied,
        ["PROJECT_DISABLED"] = PermissionDenied,
        ["MISSING_TOS"] = PermissionDenied,
        ["CUSTOMER_NOT_ENABLED"] = CustomerNotEnabled,

        // requestError UNSUPPORTED_VERSION (sunset), and the front end's 404 once the version's routes are gone.
        ["UNSUPPORTED_VERSION"] = ApiVersionUnsupported,
        ["NOT_FOUND"] = ApiVersionUnsupported,
    };

    /// <summary>
    /// The account-level reason of a failure thrown by <see cref="GoogleAdsConversionClient"/> (or its token source), or null
    /// when the failure is about the request or its rows. Only permanent failures qualify: a transient one is retried as usual.
    /// </summary>
    public static string? Of(ProviderError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Class == ErrorClass.Permanent && ByCode.TryGetValue(error.Code, out var reason) ? reason : null;
    }
}
