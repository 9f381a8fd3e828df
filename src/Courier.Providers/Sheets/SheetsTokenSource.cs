using Courier.Providers.Google;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Courier.Providers.Sheets;

/// <summary>
/// Access tokens with the spreadsheets scope for a site's Google credential JSON (service account or external account), through
/// the shared <see cref="GoogleCredentialTokenSource"/>, cached per credential until <see cref="RefreshMargin"/> before expiry.
/// </summary>
/// <remarks>A singleton; see <see cref="GoogleCredentialTokenSource"/> for how credentials are built and cached.</remarks>
internal sealed class SheetsTokenSource(IHttpMessageHandlerFactory handlers, IOptions<SheetsOptions> options, TimeProvider time, ILogger<SheetsTokenSource> logger)
{
    public const string HttpClientName = "google-sheets-token";

    public const string Scope = "https://www.googleapis.com/auth/spreadsheets";

    /// <summary>Refresh this long before expiry, so a token never dies in the middle of a call.</summary>
    public static readonly TimeSpan RefreshMargin = AccessTokenCache.RefreshMargin;

    private readonly GoogleCredentialTokenSource source = new(
        handlers,
        new GoogleTokenProfile(
            "Google Sheets", Scope, options.Value.TokenUrl, HttpClientName, SheetsAccountReasons.CredentialsInvalid, SheetsAccountReasons.CredentialsRejected,
            SheetsErrorClassifier.DefaultRateLimitWait, SheetsLog.TokenFetched, SheetsLog.TokenFailed),
        time,
        logger);

    /// <summary>A cached token or a fresh one; throws <see cref="Courier.Core.Errors.ProviderException"/> (a refused credential carries a hold reason).</summary>
    public Task<string> GetAccessTokenAsync(SheetsCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return source.GetAccessTokenAsync(credentials.ServiceAccountJson, cancellationToken);
    }

    /// <summary>Drops the cached token if it is still <paramref name="rejectedToken"/> (Sheets answered 401 with it).</summary>
    public void Invalidate(SheetsCredentials credentials, string rejectedToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        source.Invalidate(credentials.ServiceAccountJson, rejectedToken);
    }
}
