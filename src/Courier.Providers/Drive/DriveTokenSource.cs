using Courier.Providers.Google;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Courier.Providers.Drive;

/// <summary>Access tokens with the drive scope for a Google credential JSON, through the shared <see cref="GoogleCredentialTokenSource"/>.</summary>
internal sealed class DriveTokenSource(IHttpMessageHandlerFactory handlers, IOptions<DriveOptions> options, TimeProvider time, ILogger<DriveTokenSource> logger)
{
    public const string HttpClientName = "google-drive-token";

    public const string Scope = "https://www.googleapis.com/auth/drive";

    private static readonly TimeSpan RateLimitWait = TimeSpan.FromSeconds(60);

    private readonly GoogleCredentialTokenSource source = new(
        handlers,
        new GoogleTokenProfile(
            "Google Drive", Scope, options.Value.TokenUrl, HttpClientName, DriveAccountReasons.CredentialsInvalid, DriveAccountReasons.CredentialsRejected,
            RateLimitWait, DriveLog.TokenFetched, DriveLog.TokenFailed),
        time,
        logger);

    public Task<string> GetAccessTokenAsync(DriveCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return source.GetAccessTokenAsync(credentials.CredentialJson, cancellationToken);
    }

    public void Invalidate(DriveCredentials credentials, string rejectedToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        source.Invalidate(credentials.CredentialJson, rejectedToken);
    }
}
