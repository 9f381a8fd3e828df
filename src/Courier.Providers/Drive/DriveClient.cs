using System.Globalization;
using System.Net;
using System.Text.Json;
using Courier.Core.Errors;
using Courier.Providers.Errors;
using Courier.Providers.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Courier.Providers.Drive;

/// <summary>The Drive v3 REST client: shared drives always on, one token refresh on 401, and one classification of every failure.</summary>
internal sealed class DriveClient : IDriveClient
{
    private const string AllDrives = "supportsAllDrives=true";

    private readonly HttpClient http;
    private readonly DriveTokenSource tokens;
    private readonly TimeProvider time;
    private readonly ILogger<DriveClient> logger;
    private readonly Uri files;
    private readonly int pageSize;

    public DriveClient(HttpClient http, DriveTokenSource tokens, IOptions<DriveOptions> options, TimeProvider time, ILogger<DriveClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.http = http;
        this.tokens = tokens;
        this.time = time;
        this.logger = logger;

        // Copied once: a client never re-reads its options mid-run.
        files = new Uri(options.Value.BaseUrl.TrimEnd('/') + "/drive/v3/files");
        pageSize = options.Value.PageSize;
    }

    public async Task<IReadOnlyList<DriveItem>> ListAsync(DriveCredentials credentials, string query, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var all = new List<DriveItem>();
        string? pageToken = null;
        do
        {
            var uri = new Uri(
                $"{files}?q={Uri.EscapeDataString(query)}&fields={Uri.EscapeDataString(DriveWire.ListFields)}&pageSize={pageSize.ToString(CultureInfo.InvariantCulture)}"
                + $"&{AllDrives}&includeItemsFromAllDrives=true&corpora=allDrives" + (pageToken is null ? "" : $"&pageToken={Uri.EscapeDataString(pageToken)}"));
            var (items, next) = await SendAsync(credentials, new Call("list", "-", HttpMethod.Get, uri, null), DriveWire.ReadList, cancellationToken);
            all.AddRange(items);
            pageToken = next;
        }
        while (pageToken is not null);

        return all;
    }

    public Task<DriveItem> GetAsync(DriveCredentials credentials, string fileId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileId);
        var uri = new Uri($"{files}/{Uri.EscapeDataString(fileId)}?{AllDrives}&fields={Uri.EscapeDataString(DriveWire.ItemFields)}");
        return SendAsync(credentials, new Call("get", fileId, HttpMethod.Get, uri, null), DriveWire.ReadItem, cancellationToken);
    }

    public Task<DriveItem> CreateFolderAsync(
        DriveCredentials credentials, string parentId, string name, IReadOnlyDictionary<string, string> appProperties, CancellationToken cancellationToken) =>
        CreateAsync(credentials, "createFolder", new { name, mimeType = DriveItem.FolderMimeType, parents = new[] { parentId }, appProperties }, parentId, cancellationToken);

    public Task<DriveItem> CreateShortcutAsync(
        DriveCredentials credentials, string parentId, string name, string targetId, IReadOnlyDictionary<string, string> appProperties, CancellationToken cancellationToken) =>
        CreateAsync(
            credentials, "createShortcut", new { name, mimeType = DriveItem.ShortcutMimeType, parents = new[] { parentId }, appProperties, shortcutDetails = new { targetId } }, parentId, cancellationToken);

    public Task<DriveItem> CopyAsync(
        DriveCredentials credentials, string fileId, string parentId, string name, IReadOnlyDictionary<string, string> appProperties, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileId);
        ArgumentException.ThrowIfNullOrWhiteSpace(parentId);
        var uri = new Uri($"{files}/{Uri.EscapeDataString(fileId)}/copy?{AllDrives}&fields={Uri.EscapeDataString(DriveWire.ItemFields)}");
        var body = JsonSerializer.SerializeToUtf8Bytes(new { name, parents = new[] { parentId }, appProperties });
        return SendAsync(credentials, new Call("copy", fileId, HttpMethod.Post, uri, body), DriveWire.ReadItem, cancellationToken);
    }

    private Task<DriveItem> CreateAsync(DriveCredentials credentials, string operation, object metadata, string parentId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parentId);
        var uri = new Uri($"{files}?{AllDrives}&fields={Uri.EscapeDataString(DriveWire.ItemFields)}");
        return SendAsync(credentials, new Call(operation, parentId, HttpMethod.Post, uri, JsonSerializer.SerializeToUtf8Bytes(metadata)), DriveWire.ReadItem, cancellationToken);
    }

    private async Task<T> SendAsync<T>(DriveCredentials credentials, Call call, Func<string, T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        for (var attempt = 1; ; attempt++)
        {
            var accessToken = await tokens.GetAccessTokenAsync(credentials, cancellationToken);
            using var response = await SendOnceAsync(call, accessToken, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    var result = read(text);
                    DriveLog.CallCompleted(logger, call.Operation, call.FileId);
                    return result;
                }
                catch (JsonException e)
                {
                    // A 2xx we cannot read: a create or copy happened or not, we cannot tell (the job's copy tags find out); a read repeats.
                    var message = $"Google Drive answered {call.Operation} with HTTP {(int)response.StatusCode} and a body Courier cannot read.";
                    throw Fail(call, (int)response.StatusCode, call.IsWrite ? ProviderError.Unknown("invalid_response", message) : ProviderError.Transient("invalid_response", message), e);
                }
            }

            // 401 means the request was refused before anything happened, so resending even a write is safe.
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 1)
            {
                DriveLog.TokenRefused(logger, call.Operation);
                tokens.Invalidate(credentials, accessToken);
                continue;
            }

            var (reason, googleMessage) = DriveWire.ReadError(text);
            throw Fail(call, (int)response.StatusCode, DriveErrorClassifier.Classify(response.StatusCode, reason, googleMessage, ProviderErrorClassifier.RetryAfter(response.Headers, time)), null);
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(Call call, string accessToken, CancellationToken cancellationToken)
    {
        using var request = ProviderSend.BearerJson(call.Method, call.Uri, call.Body, accessToken);
        // Drive has no request id to dedupe on: a create or copy that timed out after sending may exist (the job's copy tags
        // find it before trying again), so it is UnknownOutcome; a read is safe to repeat.
        var (response, failure, cause) = await ProviderSend.SendAsync(http, request, resendIsSafe: !call.IsWrite, cancellationToken);
        return response ?? throw Fail(call, 0, failure!, cause);
    }

    private ProviderException Fail(Call call, int status, ProviderError error, Exception? inner)
    {
        DriveLog.CallFailed(logger, call.Operation, call.FileId, error.Class, error.Code, status);
        return new ProviderException(error, inner);
    }

    private sealed record Call(string Operation, string FileId, HttpMethod Method, Uri Uri, byte[]? Body)
    {
        public bool IsWrite => Method != HttpMethod.Get;
    }
}
