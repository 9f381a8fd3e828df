using System.Globalization;
using System.Text.Json;
using Courier.Core.Errors;
using Courier.Providers.Errors;
using Courier.Providers.Google;
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

    private Task<T> SendAsync<T>(DriveCredentials credentials, Call call, Func<string, T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var hooks = new GoogleRestHooks(
            ct => tokens.GetAccessTokenAsync(credentials, ct),
            rejected => tokens.Invalidate(credentials, rejected),
            (response, text) =>
            {
                var (reason, googleMessage) = DriveWire.ReadError(text);
                return DriveErrorClassifier.Classify(response.StatusCode, reason, googleMessage, ProviderErrorClassifier.RetryAfter(response.Headers, time));
            },
            (status, error, inner) => Fail(call, status, error, inner),
            () => DriveLog.CallCompleted(logger, call.Operation, call.FileId),
            () => DriveLog.TokenRefused(logger, call.Operation));
        // A create or copy whose answer was lost may exist: UnknownOutcome (the job's copy tags find it before trying again).
        return GoogleRestCall.SendAsync(http, "Google Drive", call.Operation, call.Method, call.Uri, call.Body, hooks, read, cancellationToken);
    }

    private ProviderException Fail(Call call, int status, ProviderError error, Exception? inner)
    {
        DriveLog.CallFailed(logger, call.Operation, call.FileId, error.Class, error.Code, status);
        return new ProviderException(error, inner);
    }

    private sealed record Call(string Operation, string FileId, HttpMethod Method, Uri Uri, byte[]? Body);
}
