using System.Text.Json;
using Courier.Core.Circuits;
using Courier.Core.Credentials;
using Courier.Core.Errors;
using Courier.Core.Metrics;
using Courier.Core.Queue;
using Courier.Core.Retry;
using Courier.Core.Runs;
using Microsoft.Extensions.Logging;

namespace Courier.Core.Jobs.Conversions;

/// <summary>
/// Job 3, <c>process-offline-conversions</c>: claims due conversions, gates each site through its circuit for the uploader's
/// provider, decrypts the site's credentials for the call only, uploads per site (one customer and conversion action) in
/// requests of at most 2000 rows, and records per-row outcomes, circuit results and metrics once per run.
/// </summary>
public sealed partial class ConversionsProcessor : IJob
{
    public const string JobName = "process-offline-conversions";
    public const string LimitParameter = "limit";

    private readonly QueueDrainer<ConversionPayload> _drainer;
    private readonly CircuitBreaker _circuits;
    private readonly ProviderCredentialsService _credentials;
    private readonly IConversionUploader _uploader;
    private readonly IProviderMetricsStore _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<ConversionsProcessor> _logger;
    private readonly int _twinDefaultLimit;
    private readonly int _timerLimit;

    public ConversionsProcessor(
        IQueueStore store,
        CircuitBreaker circuits,
        ProviderCredentialsService credentials,
        IConversionUploader uploader,
        IProviderMetricsStore metrics,
        ConversionsOptions options,
        TimeProvider time,
        Random random,
        ILogger<ConversionsProcessor> logger)
    {
        _circuits = circuits;
        _credentials = credentials;
        _uploader = uploader;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        // Options are copied once; a run never re-reads them.
        _twinDefaultLimit = options.TwinDefaultLimit;
        _timerLimit = options.TimerLimit;
        var settings = new QueueDrainSettings(ConversionsQueue.Name)
        {
            // One claim fills one upload request, so N rows of one customer cost ceil(N / 2000) calls.
            BatchSize = IConversionUploader.MaxRowsPerRequest,
            LeaseFor = options.LeaseFor,
            MaxAttempts = options.MaxAttempts,
        };
        _drainer = new QueueDrainer<ConversionPayload>(store, time, new ExponentialJitterRetryPolicy(options.RetryBaseDelay, options.RetryMaxDelay, random), settings, ConversionsQueue.Json);
    }

    public string Name => JobName;

    public async Task<JobReport> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        var limit = context.Trigger == RunTrigger.Http ? context.GetInt(LimitParameter, _twinDefaultLimit) : _timerLimit;
        var run = new RunState(_uploader.ProviderKey);
        var drained = await _drainer.DrainGroupsAsync(
            context.Budget,
            context.RunId,
            limit,
            item => item.Payload.SiteId,
            (siteId, items, ct) => HandleSiteAsync(run, siteId, items, ct),
            cancellationToken).ConfigureAwait(false);

        // Circuits and counters are written once per run and site, not per item.
        foreach (var site in run.Sites.Values)
        {
            if (site.Permit is { } permit) await _circuits.RecordAsync(permit, site.Calls, CancellationToken.None).ConfigureAwait(false);
            if (!site.Metrics.IsEmpty) await _metrics.AddAsync(site.Key, site.Metrics, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }

        // Rows held back by a probe's limit were never sent and "stay queued" (spec §4): neither processed nor retried.
        var released = run.Sites.Values.Sum(s => s.Released);
        var result = new ConversionsResult(true, drained.Processed - released, drained.Completed, drained.Failed, drained.Retried + drained.Postponed - released, drained.Deferred) { Recovered = drained.Recovered };
        return new JobReport(drained.ToCounts(), result);
    }

    private async Task<IReadOnlyList<ItemOutcome>> HandleSiteAsync(RunState run, string siteId, IReadOnlyList<ClaimedItem<ConversionPayload>> items, CancellationToken cancellationToken)
    {
        var site = run.For(siteId);
        site.Permit ??= await _circuits.AcquireAsync(site.Key, cancellationToken).ConfigureAwait(false);
        var permit = site.Permit;
        if (!permit.Allowed)
        {
            LogGated(_logger, siteId, items.Count, permit.GatedUntil);
            // No attempt is counted: the rows never reached Google.
            return items.Select(_ => ItemOutcome.Postponed(_circuits.GatedRetryAt(permit), "CIRCUIT_OPEN")).ToList();
        }

        SiteCredentials credentials;
        try
        {
            credentials = site.Credentials ??= await _credentials.GetAsync(siteId, _uploader.ProviderKey, cancellationToken).ConfigureAwait(false);
        }
        catch (CredentialsUnavailableException ex)
        {
            LogCredentialsUnavailable(_logger, siteId, ex.Message);
            site.Metrics = site.Metrics.Add(new ProviderMetricsDelta(0, 0, items.Count, 0));
            return items.Select(_ => ItemOutcome.Failed($"CREDENTIALS_UNAVAILABLE: {ex.Message}")).ToList();
        }

        // While probing, at most probe_limit rows go out in the whole run; the rest stay queued, untouched.
        var sendable = permit.MaxCalls is { } max ? Math.Max(0, max - site.Sent) : items.Count;
        var outcomes = new ItemOutcome[items.Count];
        for (var i = sendable; i < items.Count; i++) outcomes[i] = ItemOutcome.Released();
        site.Released += Math.Max(0, items.Count - sendable);
        var toSend = items.Take(sendable).ToList();
        for (var start = 0; start < toSend.Count; start += IConversionUploader.MaxRowsPerRequest)
        {
            var chunk = toSend.Skip(start).Take(IConversionUploader.MaxRowsPerRequest).ToList();
            site.Sent += chunk.Count;
            var chunkOutcomes = await UploadAsync(site, credentials, chunk, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < chunk.Count; i++) outcomes[start + i] = chunkOutcomes[i];
        }

        return outcomes;
    }

    private async Task<IReadOnlyList<ItemOutcome>> UploadAsync(SiteRun site, SiteCredentials credentials, IReadOnlyList<ClaimedItem<ConversionPayload>> chunk, CancellationToken cancellationToken)
    {
        IReadOnlyList<ConversionRowOutcome> rows;
        try
        {
            rows = await _uploader.UploadAsync(credentials, chunk.Select(c => c.Payload).ToList(), cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException ex)
        {
            var error = ex.Error;
            site.Calls.Add(error.Class == ErrorClass.Permanent ? CallOutcome.PermanentFailure : CallOutcome.TransientFailure);
            LogUploadFailed(_logger, site.Key.SiteId, chunk.Count, error.Code, error.Message);
            if (error.Class == ErrorClass.Permanent)
            {
                site.Metrics = site.Metrics.Add(new ProviderMetricsDelta(chunk.Count, 0, chunk.Count, 0));
                return chunk.Select(_ => ItemOutcome.Failed(error.ToString())).ToList();
            }

            // A resend is safe even when the outcome is unknown: Google refuses a second upload of an orderId.
            site.Metrics = site.Metrics.Add(new ProviderMetricsDelta(chunk.Count, 0, 0, chunk.Count));
            return chunk.Select(_ => ItemOutcome.Retry(error with { Class = error.Class == ErrorClass.UnknownOutcome ? ErrorClass.Transient : error.Class })).ToList();
        }

        if (rows.Count != chunk.Count) throw new InvalidOperationException($"the uploader returned {rows.Count} outcomes for {chunk.Count} rows");
        site.Calls.Add(CallOutcome.Success);
        var outcomes = new List<ItemOutcome>(chunk.Count);
        int completed = 0, failed = 0, retry = 0;
        foreach (var row in rows)
        {
            if (row.Accepted) { outcomes.Add(ItemOutcome.Completed(UploadedResult)); completed++; }
            else if (row.AlreadyUploaded) { outcomes.Add(ItemOutcome.Completed(AlreadyUploadedResult)); completed++; }
            else if (row.Error!.Class == ErrorClass.Permanent) { outcomes.Add(ItemOutcome.Failed(row.Error.ToString())); failed++; }
            else { outcomes.Add(ItemOutcome.Retry(row.Error)); retry++; }
        }

        site.Metrics = site.Metrics.Add(new ProviderMetricsDelta(chunk.Count, completed, failed, retry));
        return outcomes;
    }

    private static readonly string UploadedResult = JsonSerializer.Serialize(new { uploaded = true });
    private static readonly string AlreadyUploadedResult = JsonSerializer.Serialize(new { uploaded = true, alreadyUploaded = true });

    /// <summary>What one run knows per site: its circuit permit, decrypted credentials (memory only), calls made and counters.</summary>
    private sealed class RunState(string providerKey)
    {
        public Dictionary<string, SiteRun> Sites { get; } = new(StringComparer.Ordinal);

        public SiteRun For(string siteId)
        {
            if (!Sites.TryGetValue(siteId, out var site)) Sites[siteId] = site = new SiteRun(new CircuitKey(siteId, providerKey));
            return site;
        }
    }

    private sealed class SiteRun(CircuitKey key)
    {
        public CircuitKey Key { get; } = key;

        public CircuitPermit? Permit { get; set; }

        public SiteCredentials? Credentials { get; set; }

        public int Sent { get; set; }

        public int Released { get; set; }

        public List<CallOutcome> Calls { get; } = [];

        public ProviderMetricsDelta Metrics { get; set; } = new(0, 0, 0, 0);
    }

    [LoggerMessage(EventId = 3001, EventName = "conversions_circuit_open", Level = LogLevel.Warning, Message = "Circuit open for site {SiteId}: {Count} conversions postponed until after {ProbeAt}")]
    private static partial void LogGated(ILogger logger, string siteId, int count, DateTimeOffset? probeAt);

    [LoggerMessage(EventId = 3002, EventName = "conversions_credentials_unavailable", Level = LogLevel.Error, Message = "Site {SiteId}: {Reason}")]
    private static partial void LogCredentialsUnavailable(ILogger logger, string siteId, string reason);

    [LoggerMessage(EventId = 3003, EventName = "conversions_upload_failed", Level = LogLevel.Warning, Message = "Upload of {Count} conversions for site {SiteId} failed: {Code}: {Message}")]
    private static partial void LogUploadFailed(ILogger logger, string siteId, int count, string code, string message);
}
