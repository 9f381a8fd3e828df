using Courier.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Courier.Providers.Google;

/// <summary>
/// What differs between the Google APIs that trade a site's credential JSON for an access token (Sheets, Drive): the product
/// named in messages, the scope, the token URL, the named HttpClient, the hold reasons and the product's own log events.
/// </summary>
internal sealed record GoogleTokenProfile(
    string Product,
    string Scope,
    string TokenUrl,
    string HttpClientName,
    string CredentialsInvalidReason,
    string CredentialsRejectedReason,
    TimeSpan RateLimitWait,
    Action<ILogger, string, TimeSpan> LogFetched,
    Action<ILogger, string, ErrorClass, string> LogFailed);
