using System.Net;
using System.Net.Http.Headers;
using Courier.Core.Errors;
using Courier.Providers.Errors;
using Courier.Providers.Google;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Courier.Providers.Http;

namespace Courier.Providers.GoogleAds;

/// <summary>The Google Ads REST client of <c>customers/{cid}:uploadClickConversions</c>, with partial failure on and per-row classification.</summary>
public sealed class GoogleAdsConversionClient : IGoogleAdsConversionClient
{
    /// <summary>Google's limit per request (TOO_MANY_CONVERSIONS_IN_REQUEST above it); the caller chunks.</summary>
    public const int MaxRowsPerRequest = 2000;

    private readonly HttpClient http;
    private readonly GoogleOAuthTokenSource tokens;
    private readonly TimeProvider time;
    private readonly ILogger<GoogleAdsConversionClient> logger;
    private readonly Uri baseUrl;
    private readonly Uri tokenUrl;
    private readonly string apiVersion;

    public GoogleAdsConversionClient(
        HttpClient http, GoogleOAuthTokenSource tokens, IOptions<GoogleAdsOptions> options, TimeProvider time, ILogger<GoogleAdsConversionClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.http = http;
        this.tokens = tokens;
        this.time = time;
        this.logger = logger;

        // Copied once: a client never re-reads its options mid-run.
        var settings = options.Value;
        baseUrl = new Uri(settings.BaseUrl.TrimEnd('/') + "/");
        tokenUrl = new Uri(settings.TokenUrl);
        apiVersion = settings.ApiVersion;
    }

    public string ApiVersion => apiVersion;

    public async Task<ConversionUploadResult> UploadClickConversionsAsync(
        GoogleAdsCredentials credentials, IReadOnlyList<ClickConversion> rows, CancellationToken cancellationToken)
    {
        try
        {
            return await UploadAsync(credentials, rows, cancellationToken);
        }
        catch (ProviderException e) when (e.Error.HoldReason is null && GoogleAdsAccountReasons.Of(e.Error) is { } reason)
        {
            // About the account or the version, not the rows (the token source's invalid_grant included): say so, so the job holds the site.
            var held = e.Error with
            {
                HoldReason = reason,
                HoldApiVersion = reason == GoogleAdsAccountReasons.ApiVersionUnsupported ? apiVersion : null,
            };
            throw new ProviderException(held, e.InnerException ?? e);
        }
    }

    private async Task<ConversionUploadResult> UploadAsync(
        GoogleAdsCredentials credentials, IReadOnlyList<ClickConversion> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count > MaxRowsPerRequest)
        {
            throw new ArgumentException($"At most {MaxRowsPerRequest} conversions fit in one request (got {rows.Count}); split them into chunks.", nameof(rows));
        }

        if (rows.Count == 0)
        {
            return ConversionUploadResult.Empty;
        }

        var customerId = DigitsOnly(credentials.CustomerId, "customer_id");
        var loginCustomerId = string.IsNullOrWhiteSpace(credentials.LoginCustomerId) ? null : DigitsOnly(credentials.LoginCustomerId, "login_customer_id");
        Require(credentials.DeveloperToken, "developer_token");
        Require(credentials.ClientId, "client_id");
        Require(credentials.ClientSecret, "client_secret");
        Require(credentials.RefreshToken, "refresh_token");

        var grant = new GoogleRefreshTokenGrant(tokenUrl, credentials.ClientId, credentials.ClientSecret, credentials.RefreshToken);
        var body = GoogleAdsWire.RequestBody(rows, credentials.ConversionActionResourceName);
        var uri = new Uri(baseUrl, $"{apiVersion}/customers/{customerId}:uploadClickConversions");
        GoogleAdsLog.UploadStarted(logger, rows.Count, customerId, apiVersion);

        for (var attempt = 1; ; attempt++)
        {
            var accessToken = await tokens.GetAccessTokenAsync(grant, cancellationToken);
            using var response = await SendAsync(uri, body, accessToken, credentials.DeveloperToken, loginCustomerId, customerId, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var requestId = response.Headers.TryGetValues("request-id", out var ids) ? ids.FirstOrDefault() : null;
                var result = ReadResult(text, rows, credentials.ConversionActionResourceName, customerId, requestId);
                GoogleAdsLog.UploadCompleted(logger, customerId, result.Accepted, result.AlreadyUploaded, result.Rejected, result.RequestId);
                return result;
            }

            var failure = GoogleAdsWire.ReadFailure(text, (int)response.StatusCode);
            var retryAfter = LongerOf(ProviderErrorClassifier.RetryAfter(response.Headers, time), failure.RetryDelay);
            var message = response.StatusCode == HttpStatusCode.NotFound && !failure.IsGoogleError
                ? $"Google Ads has no {apiVersion} upload route (HTTP 404): the API version is retired, or GoogleAds:BaseUrl is wrong."
                : failure.Message;
            var error = GoogleAdsErrorClassifier.ClassifyRequest(response.StatusCode, failure.Status, failure.Codes, message, retryAfter);

            // A cached token Google no longer honours (revoked, clock skew): drop it and try once more with a fresh one.
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 1 && IsAccessTokenProblem(failure))
            {
                GoogleAdsLog.TokenRefused(logger, customerId, error.Code);
                tokens.Invalidate(grant, accessToken);
                continue;
            }

            GoogleAdsLog.UploadFailed(logger, customerId, error.Class, error.Code, (int)response.StatusCode);
            throw new ProviderException(error);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(
        Uri uri, byte[] body, string accessToken, string developerToken, string? loginCustomerId, string customerId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.TryAddWithoutValidation("developer-token", developerToken);
        if (loginCustomerId is not null)
        {
            request.Headers.TryAddWithoutValidation("login-customer-id", loginCustomerId);
        }

        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (ProviderSend.IsTransportFailure(e, cancellationToken))
        {
            // Even a timeout or a dropped connection after sending is Transient, not UnknownOutcome: Google refuses a second
            // conversion with the same order id (and, without one, the same click, action and time), so a resend cannot double count.
            var error = ProviderErrorClassifier.FromTransportFailure(e, resendIsSafe: true);
            GoogleAdsLog.UploadFailed(logger, customerId, error.Class, error.Code, 0);
            throw new ProviderException(error, e);
        }
    }

    private static ConversionUploadResult ReadResult(string text, IReadOnlyList<ClickConversion> rows, string defaultAction, string customerId, string? requestId)
    {
        GoogleAdsWire.UploadResponse response;
        try
        {
            response = GoogleAdsWire.ReadResponse(text, rows.Count);
        }
        catch (System.Text.Json.JsonException e)
        {
            // 200 with an unreadable body: the rows may or may not be in; a resend is safe (dedupe), so let the job retry.
            throw new ProviderException(ProviderError.Transient("invalid_response", $"Google Ads answered 200 with a body that is not JSON (customer {customerId})."), e);
        }

        var outcomes = new ConversionRowOutcome[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            outcomes[i] = response.ErrorsByRow.TryGetValue(i, out var errors) ? FromErrors(i, errors)
                : response.HasResult[i] ? ConversionRowOutcome.Accepted(i)
                : response.Unlocated.Count > 0 ? FromErrors(i, response.Unlocated)
                : new ConversionRowOutcome(i, ConversionRowStatus.Rejected, ProviderError.Transient("no_row_result", "Google Ads returned neither a result nor an error for this row."));
        }

        ResolveDuplicates(outcomes, rows, defaultAction);
        return new ConversionUploadResult(outcomes, requestId ?? response.RequestId, response.JobId);
    }

    /// <summary>A row may carry several errors; if any says the conversion is already there, nothing is left to do for it.</summary>
    private static ConversionRowOutcome FromErrors(int index, IReadOnlyList<GoogleAdsWire.RowError> errors)
    {
        var classified = errors.Select(e => GoogleAdsErrorClassifier.ClassifyRow(index, e.Code, e.Message)).ToList();
        return classified.FirstOrDefault(o => o.Status == ConversionRowStatus.AlreadyUploaded) ?? classified[0];
    }

    /// <summary>
    /// DUPLICATE_ORDER_ID / DUPLICATE_CLICK_CONVERSION_IN_REQUEST name a twin in the same request. If the twin is in Google now
    /// (accepted or already uploaded), this row's conversion is too: already uploaded. If not, a resend alone decides
    /// (accepted, or *_ALREADY_*), so it is transient rather than a permanent failure of a good conversion.
    /// </summary>
    private static void ResolveDuplicates(ConversionRowOutcome[] outcomes, IReadOnlyList<ClickConversion> rows, string defaultAction)
    {
        for (var i = 0; i < outcomes.Length; i++)
        {
            if (outcomes[i].Error is not { } error || !GoogleAdsErrorClassifier.IsDuplicateInRequest(error.Code))
            {
                continue;
            }

            var key = DedupeKey(rows[i], defaultAction);
            var twin = Enumerable.Range(0, outcomes.Length).FirstOrDefault(
                j => j != i && outcomes[j].Status != ConversionRowStatus.Rejected && DedupeKey(rows[j], defaultAction) == key, -1);
            outcomes[i] = twin >= 0
                ? new ConversionRowOutcome(i, ConversionRowStatus.AlreadyUploaded, ProviderError.Permanent(error.Code, $"Duplicate of row {twin} of the same request, which Google has."))
                : new ConversionRowOutcome(i, ConversionRowStatus.Rejected, ProviderError.Transient(error.Code, error.Message));
        }
    }

    private static string DedupeKey(ClickConversion row, string defaultAction)
    {
        var action = string.IsNullOrEmpty(row.ConversionAction) ? defaultAction : row.ConversionAction;
        return string.IsNullOrEmpty(row.OrderId)
            ? $"click|{action}|{row.Gclid}|{row.Gbraid}|{row.Wbraid}|{row.ConversionDateTime.ToUnixTimeSeconds()}"
            : $"order|{action}|{row.OrderId}";
    }

    /// <summary>
    /// A Retry-After header and quotaErrorDetails.retryDelay can both be present; the longer one is kept. Google Ads states
    /// its delay per quota bucket (hours for the daily operations cap), while a header may come from a front end that knows
    /// only its own burst limit; retrying before either one's time only spends quota on another refusal.
    /// </summary>
    private static TimeSpan? LongerOf(TimeSpan? header, TimeSpan? body) =>
        header is { } h && body is { } b ? (h >= b ? h : b) : header ?? body;

    private static bool IsAccessTokenProblem(GoogleAdsWire.RequestFailure failure) =>
        failure.Codes.Count == 0 || failure.Codes.Any(c => c.StartsWith("OAUTH_TOKEN", StringComparison.Ordinal));

    /// <summary>Google wants digits only; operators paste "123-456-7890", so dashes and spaces are dropped.</summary>
    private static string DigitsOnly(string? value, string field)
    {
        var digits = new string((value ?? "").Where(c => c is not ('-' or ' ')).ToArray());
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            throw new ProviderException(ProviderError.Permanent("invalid_credentials", $"Google Ads credentials: {field} must be digits (dashes allowed)."));
        }

        return digits;
    }

    private static void Require(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ProviderException(ProviderError.Permanent("invalid_credentials", $"Google Ads credentials: {field} is missing."));
        }
    }
}
