using System.Text.Json;
using Courier.Core.Errors;
using Courier.Providers.Errors;
using Courier.Providers.Google;
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

    private Task<T> SendAsync<T>(SheetsCredentials credentials, Call call, Func<string, T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var hooks = new GoogleRestHooks(
            ct => tokens.GetAccessTokenAsync(credentials, ct),
            rejected => tokens.Invalidate(credentials, rejected),
            (response, text) =>
            {
                var (status, googleMessage, reason) = SheetsWire.ReadError(text);
                return SheetsErrorClassifier.Classify(response.StatusCode, status, reason, googleMessage, ProviderErrorClassifier.RetryAfter(response.Headers, time));
            },
            (status, error, inner) => Fail(call, status, error, inner),
            () => SheetsLog.CallCompleted(logger, call.Operation, call.SpreadsheetId, call.Ranges),
            () => SheetsLog.TokenRefused(logger, call.SpreadsheetId));
        // An append sent twice would duplicate rows: a write whose answer was lost is UnknownOutcome (the write-back job's key column finds it).
        return GoogleRestCall.SendAsync(http, "Google Sheets", call.Operation, call.Method, call.Uri, call.Body, hooks, read, cancellationToken);
    }

    private ProviderException Fail(Call call, int status, ProviderError error, Exception? inner)
    {
        SheetsLog.CallFailed(logger, call.Operation, call.SpreadsheetId, error.Class, error.Code, status);
        return new ProviderException(error, inner);
    }

    private sealed record Call(string Operation, string SpreadsheetId, HttpMethod Method, Uri Uri, byte[]? Body, int Ranges);
}
