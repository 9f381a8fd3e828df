using System.Net;
using System.Text.Json;
using Courier.Core.Errors;
using Courier.Providers.Errors;
using Courier.Providers.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Courier.Providers.Sheets;

/// <summary>The Sheets v4 REST client: request shapes of Google's docs, one token refresh on 401, and one classification of every failure.</summary>
internal sealed class SheetsClient : ISheetsClient
{
    private readonly HttpClient http;
    private readonly SheetsTokenSource tokens;
    private readonly TimeProvider time;
    private readonly ILogger<SheetsClient> logger;
    private readonly Uri baseUrl;

    public SheetsClient(HttpClient http, SheetsTokenSource tokens, IOptions<SheetsOptions> options, TimeProvider time, ILogger<SheetsClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.http = http;
        this.tokens = tokens;
        this.time = time;
        this.logger = logger;

        // Copied once: a client never re-reads its options mid-run.
        baseUrl = new Uri(options.Value.BaseUrl.TrimEnd('/') + "/");
    }

    public async Task<IReadOnlyList<string>> BatchUpdateAsync(
        SheetsCredentials credentials, string spreadsheetId, IReadOnlyList<(string Range, IReadOnlyList<IReadOnlyList<object?>> Rows)> data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0)
        {
            return [];
        }

        var call = new Call("batchUpdate", spreadsheetId, HttpMethod.Post, Path(spreadsheetId, "values:batchUpdate"), SheetsWire.BatchUpdateBody(data), data.Count);
        return await SendAsync(credentials, call, SheetsWire.ReadUpdatedRanges, cancellationToken);
    }

    public async Task<SheetsAppendResult> AppendAsync(
        SheetsCredentials credentials, string spreadsheetId, string range, IReadOnlyList<IReadOnlyList<object?>> rows, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(range);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException("An append needs at least one row.", nameof(rows));
        }

        var path = Path(spreadsheetId, $"values/{SheetsA1.PathSegment(range)}:append?valueInputOption={SheetsWire.ValueInputOption}&insertDataOption=INSERT_ROWS");
        var call = new Call("append", spreadsheetId, HttpMethod.Post, path, SheetsWire.AppendBody(rows), 1);
        return await SendAsync(credentials, call, text =>
        {
            var updated = SheetsWire.ReadAppendedRange(text);
            try
            {
                var (first, last) = SheetsA1.Rows(updated);
                return new SheetsAppendResult(updated, first, last);
            }
            catch (FormatException e)
            {
                throw new JsonException(e.Message, e);
            }
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> BatchClearAsync(SheetsCredentials credentials, string spreadsheetId, IReadOnlyList<string> ranges, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        if (ranges.Count == 0)
        {
            return [];
        }

        var call = new Call("batchClear", spreadsheetId, HttpMethod.Post, Path(spreadsheetId, "values:batchClear"), SheetsWire.BatchClearBody(ranges), ranges.Count);
        return await SendAsync(credentials, call, SheetsWire.ReadClearedRanges, cancellationToken);
    }

    public async Task<IReadOnlyList<IReadOnlyList<object?>>> GetAsync(SheetsCredentials credentials, string spreadsheetId, string range, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(range);
        var call = new Call("get", spreadsheetId, HttpMethod.Get, Path(spreadsheetId, $"values/{SheetsA1.PathSegment(range)}"), null, 1);
        return await SendAsync(credentials, call, SheetsWire.ReadValues, cancellationToken);
    }

    private Uri Path(string spreadsheetId, string rest)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spreadsheetId);
        return new Uri(baseUrl, $"v4/spreadsheets/{Uri.EscapeDataString(spreadsheetId)}/{rest}");
    }

    private async Task<T> SendAsync<T>(SheetsCredentials credentials, Call call, Func<string, T> read, CancellationToken cancellationToken)
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
                    SheetsLog.CallCompleted(logger, call.Operation, call.SpreadsheetId, call.Ranges);
                    return result;
                }
                catch (JsonException e)
                {
                    // A 2xx we cannot read: a write went through or not, we cannot tell; a read can simply be repeated.
                    var message = $"Google Sheets answered {call.Operation} with HTTP {(int)response.StatusCode} and a body Courier cannot read.";
                    throw Fail(call, (int)response.StatusCode, call.IsWrite ? ProviderError.Unknown("invalid_response", message) : ProviderError.Transient("invalid_response", message), e);
                }
            }

            // 401 means the request was refused before anything happened, so resending even a write is safe.
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 1)
            {
                SheetsLog.TokenRefused(logger, call.SpreadsheetId);
                tokens.Invalidate(credentials, accessToken);
                continue;
            }

            var (status, googleMessage, reason) = SheetsWire.ReadError(text);
            var error = SheetsErrorClassifier.Classify(response.StatusCode, status, reason, googleMessage, ProviderErrorClassifier.RetryAfter(response.Headers, time));
            throw Fail(call, (int)response.StatusCode, error, null);
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(Call call, string accessToken, CancellationToken cancellationToken)
    {
        using var request = ProviderSend.BearerJson(call.Method, call.Uri, call.Body, accessToken);
        // Sheets has no request id to dedupe on: a write that timed out after sending may be in the sheet (an append
        // twice would duplicate rows), so it is UnknownOutcome; a read is safe to repeat.
        var (response, failure, cause) = await ProviderSend.SendAsync(http, request, resendIsSafe: !call.IsWrite, cancellationToken);
        return response ?? throw Fail(call, 0, failure!, cause);
    }

    private ProviderException Fail(Call call, int status, ProviderError error, Exception? inner)
    {
        SheetsLog.CallFailed(logger, call.Operation, call.SpreadsheetId, error.Class, error.Code, status);
        return new ProviderException(error, inner);
    }

    private sealed record Call(string Operation, string SpreadsheetId, HttpMethod Method, Uri Uri, byte[]? Body, int Ranges)
    {
        public bool IsWrite => Method != HttpMethod.Get;
    }
}
