using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Courier.Core.Errors;
using Courier.Providers.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Courier.Providers.Http;

namespace Courier.Providers.Meta;

/// <summary>The Meta Graph REST client: form-encoded writes, the Page token in a header, one classification of every failure.</summary>
internal sealed class MetaGraphClient : IMetaGraphClient
{
    private const int MaxListLimit = 100;

    private readonly HttpClient http;
    private readonly TimeProvider time;
    private readonly ILogger<MetaGraphClient> logger;
    private readonly Uri versionRoot;

    public MetaGraphClient(HttpClient http, IOptions<MetaOptions> options, TimeProvider time, ILogger<MetaGraphClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.http = http;
        this.time = time;
        this.logger = logger;

        // Copied once: a client never re-reads its options mid-run.
        ApiVersion = options.Value.ApiVersion;
        versionRoot = new Uri($"{options.Value.BaseUrl.TrimEnd('/')}/{ApiVersion}/");
    }

    public string ApiVersion { get; }

    public Task<MetaResponse<MetaPublishedPost>> PublishFeedAsync(MetaCredentials credentials, string pageId, string message, CancellationToken cancellationToken) =>
        SendAsync(credentials, Write("feed", pageId, "feed", new() { ["message"] = message }), text => new MetaPublishedPost(MetaWire.ReadId(text)), cancellationToken);

    public Task<MetaResponse<MetaPublishedPost>> PublishPhotoAsync(MetaCredentials credentials, string pageId, string imageUrl, string message, CancellationToken cancellationToken) =>
        SendAsync(credentials, Write("photos", pageId, "photos", new() { ["url"] = imageUrl, ["message"] = message }), MetaWire.ReadPhoto, cancellationToken);

    public Task<MetaResponse<string>> CreateContainerAsync(MetaCredentials credentials, string instagramUserId, string imageUrl, string caption, CancellationToken cancellationToken) =>
        SendAsync(credentials, Write("media", instagramUserId, "media", new() { ["image_url"] = imageUrl, ["caption"] = caption }), MetaWire.ReadId, cancellationToken);

    public Task<MetaResponse<MetaContainerStatus>> GetContainerStatusAsync(MetaCredentials credentials, string containerId, CancellationToken cancellationToken) =>
        SendAsync(credentials, Read("container_status", containerId, null, "fields=status_code,status"), MetaWire.ReadContainerStatus, cancellationToken);

    public Task<MetaResponse<MetaPublishedPost>> PublishContainerAsync(MetaCredentials credentials, string instagramUserId, string containerId, CancellationToken cancellationToken) =>
        SendAsync(credentials, Write("media_publish", instagramUserId, "media_publish", new() { ["creation_id"] = containerId }), text => new MetaPublishedPost(MetaWire.ReadId(text)), cancellationToken);

    public Task<MetaResponse<string>> GetPermalinkAsync(MetaCredentials credentials, string objectId, bool instagram, CancellationToken cancellationToken)
    {
        var field = instagram ? "permalink" : "permalink_url";
        return SendAsync(credentials, Read("permalink", objectId, null, $"fields={field}"), text => MetaWire.ReadField(text, field), cancellationToken);
    }

    public Task<MetaResponse<IReadOnlyList<MetaRecentPost>>> GetRecentPagePostsAsync(MetaCredentials credentials, string pageId, int limit, CancellationToken cancellationToken) =>
        SendAsync(
            credentials,
            Read("page_posts", pageId, "posts", $"fields=id,message,permalink_url&limit={Limit(limit)}"),
            text => MetaWire.ReadPosts(text, "message", "permalink_url"),
            cancellationToken);

    public Task<MetaResponse<IReadOnlyList<MetaRecentPost>>> GetRecentMediaAsync(MetaCredentials credentials, string instagramUserId, int limit, CancellationToken cancellationToken) =>
        SendAsync(
            credentials,
            Read("ig_media", instagramUserId, "media", $"fields=id,caption,permalink&limit={Limit(limit)}"),
            text => MetaWire.ReadPosts(text, "caption", "permalink"),
            cancellationToken);

    public Task<MetaResponse<MetaPublishingLimit>> GetPublishingLimitAsync(MetaCredentials credentials, string instagramUserId, CancellationToken cancellationToken) =>
        SendAsync(credentials, Read("publishing_limit", instagramUserId, "content_publishing_limit", "fields=config,quota_usage"), MetaWire.ReadPublishingLimit, cancellationToken);

    private static string Limit(int limit) => Math.Clamp(limit, 1, MaxListLimit).ToString(CultureInfo.InvariantCulture);

    private Call Write(string operation, string objectId, string edge, Dictionary<string, string> form) =>
        new(operation, objectId, HttpMethod.Post, Path(objectId, edge, null), form);

    private Call Read(string operation, string objectId, string? edge, string query) =>
        new(operation, objectId, HttpMethod.Get, Path(objectId, edge, query), null);

    private Uri Path(string objectId, string? edge, string? query)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(objectId);
        var path = Uri.EscapeDataString(objectId) + (edge is null ? "" : "/" + edge) + (query is null ? "" : "?" + query);
        return new Uri(versionRoot, path);
    }

    private async Task<MetaResponse<T>> SendAsync<T>(MetaCredentials credentials, Call call, Func<string, T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        using var request = new HttpRequestMessage(call.Method, call.Uri);
        if (call.Form is not null)
        {
            request.Content = new FormUrlEncodedContent(call.Form);
        }

        // A header, not the access_token parameter, so no URL (and no log of one) ever carries the token.
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.AccessToken);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (ProviderSend.IsTransportFailure(e, cancellationToken))
        {
            // Graph has no idempotency key: a publish that was sent may be on the page, so it is UnknownOutcome; a read is safe to repeat.
            throw Fail(call, 0, ProviderErrorClassifier.FromTransportFailure(e, resendIsSafe: !call.IsWrite), null, e);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var usage = MetaUsage.From(response.Headers);
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    var value = read(text);
                    MetaLog.CallCompleted(logger, call.Operation, call.ObjectId, usage.MaxPercent);
                    return new MetaResponse<T>(value, usage);
                }
                catch (JsonException e)
                {
                    var message = $"Meta answered {call.Operation} with HTTP {(int)response.StatusCode} and a body Courier cannot read.";
                    throw Fail(call, (int)response.StatusCode, call.IsWrite ? ProviderError.Unknown("invalid_response", message) : ProviderError.Transient("invalid_response", message), null, e);
                }
            }

            var graphError = MetaWire.ReadError(text);
            var error = MetaErrorClassifier.Classify(response.StatusCode, graphError, ProviderErrorClassifier.RetryAfter(response.Headers, time), usage);
            throw Fail(call, (int)response.StatusCode, error, graphError?.FbTraceId, null);
        }
    }

    private ProviderException Fail(Call call, int status, ProviderError error, string? fbTraceId, Exception? inner)
    {
        MetaLog.CallFailed(logger, call.Operation, call.ObjectId, error.Class, error.Code, status, fbTraceId);
        return new ProviderException(error, inner);
    }

    private sealed record Call(string Operation, string ObjectId, HttpMethod Method, Uri Uri, Dictionary<string, string>? Form)
    {
        public bool IsWrite => Method != HttpMethod.Get;
    }
}
