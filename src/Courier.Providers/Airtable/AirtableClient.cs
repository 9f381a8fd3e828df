using System.Net.Http.Headers;
using System.Text.Json;
using Courier.Core.Errors;
using Courier.Providers.Errors;
using Courier.Providers.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Courier.Providers.Airtable;

/// <summary>The Airtable REST client: list with formula and offset paging, PATCH of ≤10, per-base pacing, one classification of every failure.</summary>
internal sealed class AirtableClient : IAirtableClient
{
    public const int MaxRecordsPerUpdate = 10;
    public const int PageSize = 100;

    private const string IteratorGone = "LIST_RECORDS_ITERATOR_NOT_AVAILABLE";

    private readonly HttpClient http;
    private readonly AirtableRateGate gate;
    private readonly TimeProvider time;
    private readonly ILogger<AirtableClient> logger;
    private readonly Uri baseUrl;
    private readonly TimeSpan rateLimitWait;

    public AirtableClient(HttpClient http, AirtableRateGate gate, IOptions<AirtableOptions> options, TimeProvider time, ILogger<AirtableClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.http = http;
        this.gate = gate;
        this.time = time;
        this.logger = logger;

        // Copied once: a client never re-reads its options mid-run.
        baseUrl = new Uri(options.Value.BaseUrl.TrimEnd('/') + "/");
        rateLimitWait = options.Value.RateLimitWait;
    }

    public async Task<IReadOnlyList<AirtableRecord>> ListAsync(
        AirtableCredentials credentials, string baseId, string table, string? formula, IReadOnlyList<string>? fields, CancellationToken cancellationToken)
    {
        for (var restart = 0; ; restart++)
        {
            var all = new List<AirtableRecord>();
            string? offset = null;
            try
            {
                do
                {
                    var uri = new Uri(TableUri(baseId, table), "?" + AirtableWire.ListQuery(formula, fields, PageSize, offset));
                    var (records, next) = await SendAsync(credentials, new Call("list", baseId, table, HttpMethod.Get, uri, null), AirtableWire.ReadPage, cancellationToken);
                    all.AddRange(records);
                    offset = next;
                }
                while (offset is not null);

                AirtableLog.CallCompleted(logger, "list", baseId, table, all.Count);
                return all;
            }
            catch (ProviderException e) when (e.Error.Code == IteratorGone && restart == 0)
            {
                // Airtable dropped the listing's iterator (it times out): the documented answer is to list again from the start.
                AirtableLog.ListingRestarted(logger, baseId, table);
            }
        }
    }

    public async Task<IReadOnlyList<AirtableRecord>> UpdateAsync(
        AirtableCredentials credentials, string baseId, string table, IReadOnlyList<AirtableRecordUpdate> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (updates.Count == 0)
        {
            return [];
        }

        if (updates.Count > MaxRecordsPerUpdate)
        {
            throw new ArgumentException($"Airtable updates at most {MaxRecordsPerUpdate} records a request.", nameof(updates));
        }

        var call = new Call("update", baseId, table, HttpMethod.Patch, TableUri(baseId, table), AirtableWire.UpdateBody(updates));
        var records = await SendAsync(credentials, call, text => AirtableWire.ReadPage(text).Records, cancellationToken);
        AirtableLog.CallCompleted(logger, "update", baseId, table, records.Count);
        return records;
    }

    private Uri TableUri(string baseId, string table)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseId);
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        return new Uri(baseUrl, $"v0/{Uri.EscapeDataString(baseId)}/{Uri.EscapeDataString(table)}");
    }

    private async Task<T> SendAsync<T>(AirtableCredentials credentials, Call call, Func<string, T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        await gate.WaitAsync(call.BaseId, cancellationToken);
        using var request = new HttpRequestMessage(call.Method, call.Uri);
        if (call.Body is not null)
        {
            request.Content = new ByteArrayContent(call.Body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

            // A PATCH sets fixed values, so sending it twice leaves the same record: safe for the shared pipeline to repeat.
            request.MarkRetrySafe();
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.AccessToken);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (ProviderSend.IsTransportFailure(e, cancellationToken))
        {
            // Lists read and PATCHes of fixed values repeat harmlessly: transient either way, never unknown.
            throw Fail(call, 0, ProviderErrorClassifier.FromTransportFailure(e, resendIsSafe: true), e);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    return read(text);
                }
                catch (JsonException e)
                {
                    throw Fail(call, (int)response.StatusCode, ProviderError.Transient("invalid_response", $"Airtable answered {call.Operation} with a body Courier cannot read."), e);
                }
            }

            var (type, message) = AirtableWire.ReadError(text);
            var error = AirtableErrorClassifier.Classify(response.StatusCode, type, message, ProviderErrorClassifier.RetryAfter(response.Headers, time), rateLimitWait);
            if (error.Class == ErrorClass.RateLimited && error.RetryAfter is { } wait)
            {
                // Airtable refuses the whole base for the wait: nothing else of Courier's should knock meanwhile.
                gate.Block(call.BaseId, wait);
            }

            throw Fail(call, (int)response.StatusCode, error, null);
        }
    }

    private ProviderException Fail(Call call, int status, ProviderError error, Exception? inner)
    {
        AirtableLog.CallFailed(logger, call.Operation, call.BaseId, call.Table, error.Class, error.Code, status);
        return new ProviderException(error, inner);
    }

    private sealed record Call(string Operation, string BaseId, string Table, HttpMethod Method, Uri Uri, byte[]? Body);
}
