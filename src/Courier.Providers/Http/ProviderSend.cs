using System.Net.Http.Headers;
using Courier.Core.Errors;
using Courier.Providers.Errors;
using Polly.Timeout;

namespace Courier.Providers.Http;

/// <summary>
/// One send of a provider request, shared by every client: the answer, or the transport failure classified once
/// (<see cref="ProviderErrorClassifier.FromTransportFailure"/>); the caller's own cancellation is never a failure.
/// </summary>
public static class ProviderSend
{
    /// <summary>A request with a JSON body (when given) and the access token as a Bearer header, never in the URL.</summary>
    public static HttpRequestMessage BearerJson(HttpMethod method, Uri uri, byte[]? jsonBody, string accessToken)
    {
        var request = new HttpRequestMessage(method, uri);
        if (jsonBody is not null)
        {
            request.Content = new ByteArrayContent(jsonBody);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return request;
    }

    /// <summary>True for a failure of the exchange itself (connection, timeout, lost answer), not the caller's cancellation.</summary>
    public static bool IsTransportFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or TimeoutRejectedException or IOException or OperationCanceledException
        && !cancellationToken.IsCancellationRequested;

    /// <summary>
    /// Sends <paramref name="request"/> once: the answer, or the classified transport failure with its cause.
    /// <paramref name="resendIsSafe"/> says whether a request that may have been received can be sent again (else UnknownOutcome).
    /// </summary>
    public static async Task<(HttpResponseMessage? Response, ProviderError? Failure, Exception? Cause)> SendAsync(
        HttpClient http, HttpRequestMessage request, bool resendIsSafe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            return (await http.SendAsync(request, cancellationToken).ConfigureAwait(false), null, null);
        }
        catch (Exception e) when (IsTransportFailure(e, cancellationToken))
        {
            return (null, ProviderErrorClassifier.FromTransportFailure(e, resendIsSafe), e);
        }
    }
}
