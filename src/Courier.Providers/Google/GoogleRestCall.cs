using System.Net;
using System.Text.Json;
using Courier.Core.Errors;
using Courier.Providers.Http;

namespace Courier.Providers.Google;

/// <summary>
/// The call loop of Google's REST APIs (Sheets, Drive), written once: a Bearer JSON request; on 401, one fresh token and one
/// resend (the request was refused before anything happened); a 2xx body that cannot be read is UnknownOutcome for a write and
/// transient for a read; a transport failure after sending is UnknownOutcome for a write (Google has no request id to dedupe
/// on), transient for a read. What differs per API comes in as <see cref="GoogleRestHooks"/>.
/// </summary>
public static class GoogleRestCall
{
    /// <param name="service">The API's name in messages ("Google Sheets").</param>
    public static async Task<T> SendAsync<T>(
        HttpClient http, string service, string operation, HttpMethod method, Uri uri, byte[]? body, GoogleRestHooks hooks, Func<string, T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hooks);
        var isWrite = method != HttpMethod.Get;
        for (var attempt = 1; ; attempt++)
        {
            var accessToken = await hooks.AccessTokenAsync(cancellationToken).ConfigureAwait(false);
            using var request = ProviderSend.BearerJson(method, uri, body, accessToken);
            var (sent, failure, cause) = await ProviderSend.SendAsync(http, request, resendIsSafe: !isWrite, cancellationToken).ConfigureAwait(false);
            using var response = sent ?? throw hooks.Fail(0, failure!, cause);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    var result = read(text);
                    hooks.Completed();
                    return result;
                }
                catch (JsonException e)
                {
                    var message = $"{service} answered {operation} with HTTP {(int)response.StatusCode} and a body Courier cannot read.";
                    throw hooks.Fail((int)response.StatusCode, isWrite ? ProviderError.Unknown("invalid_response", message) : ProviderError.Transient("invalid_response", message), e);
                }
            }

            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 1)
            {
                hooks.TokenRefused();
                hooks.Invalidate(accessToken);
                continue;
            }

            throw hooks.Fail((int)response.StatusCode, hooks.Classify(response, text), null);
        }
    }
}
