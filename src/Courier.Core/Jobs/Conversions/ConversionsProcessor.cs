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

    /// <summary>The hold reason when a site's credentials are missing, undecryptable or incomplete.</summary>
    public const string CredentialsUnavailable = "CREDENTIALS_UNAVAILABLE";

    private readonly QueueDrainer<ConversionPayload> _drainer;
    private readonly WorkQueue _queue;
    private readonly CircuitBreaker _circuits;
    private readonly ProviderCredentialsService _credentials;
    private readonly IConversionUploader _uploader;
    private readonly IProviderMetricsStore _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<ConversionsProcessor> _logger;
    private readonly int _twinDefaultLimit;
    private readonly int _timerLimit;
    private readonly ConversionConsent? _defaultConsent;
    private readonly Dictionary<string, ConversionConsent?> _siteConsent;

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
        _defaultConsent = options.ConsentFor("");
        _siteConsent = options.SiteConsent.Keys.ToDictionary(site => site, options.ConsentFor, StringComparer.Ordinal);
        var settings = new QueueDrainSettings(ConversionsQueue.Name)
        {
            // One claim fills one upload request, so N rows of one customer cost ceil(N / 2000) calls.
            BatchSize = IConversionUploader.MaxRowsPerRequest,
            LeaseFor = options.LeaseFor,
            MaxAttempts = options.MaxAttempts,
        };
        _queue = new WorkQueue(store, time);
        _drainer = new QueueDrainer<ConversionPayload>(store, time, new ExponentialJitterRetryPolicy(options.RetryBaseDelay, options.RetryMaxDelay, random), settings, ConversionsQueue.Json, logger);
    }

    public string Name => JobName;

    public async Task<JobReport> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        var limit = context.Trigger == RunTrigger.Http ? context.GetInt(LimitParameter, _twinDefaultLimit) : _timerLimit;
        await ReleaseVersionHoldsAsync(cancellationToken).ConfigureAwait(false);
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
        site.Permit ??= await _circuits.AcquireAsync(site.Key, _uploader.ApiVersion, cancellationToken).ConfigureAwait(false);
        if (!site.Permit.Allowed) return Gate(site, items);

        SiteCredentials credentials;
        try
        {
            credentials = site.Credentials ??= await _credentials.GetAsync(siteId, _uploader.ProviderKey, cancellationToken).ConfigureAwait(false);
        }
        catch (CredentialsUnavailableException ex)
        {
            // Missing, undecryptable or incomplete credentials are the account's problem, not the rows': hold the site until new ones are seeded.
            LogCredentialsUnavailable(_logger, siteId, ex.Message);
            await HoldAsync(site, CredentialsUnavailable, ex.Message, null, cancellationToken).ConfigureAwait(false);
            return Gate(site, items);
        }

        // While probing, at most probe_limit rows go out in the whole run; the rest stay queued, untouched.
        var permit = site.Permit;
        var sendable = permit.MaxCalls is { } max ? Math.Max(0, max - site.Sent) : items.Count;
        var outcomes = new ItemOutcome[items.Count];
        for (var i = sendable; i < items.Count; i++) outcomes[i] = ItemOutcome.Released();
        site.Released += Math.Max(0, items.Count - sendable);
        foreach (var chunk in Requests(items.Take(sendable)))
        {
            var rows = chunk.Select(i => items[i]).ToList();
            // A hold met by an earlier chunk gates the rest: no further call for a held site.
            var chunkOutcomes = site.Permit.Allowed ? await UploadAsync(site, credentials, rows, cancellationToken).ConfigureAwait(false) : Gate(site, rows);
            for (var i = 0; i < chunk.Count; i++) outcomes[chunk[i]] = chunkOutcomes[i];
        }

        return outcomes;
    }

    /// <summary>
    /// Splits rows into upload requests of at most 2,000, in order, so that no two rows of one request share an order id:
    /// a later sale that reuses an order id goes in a later request, where Google answers ORDER_ID_ALREADY_IN_USE and it
    /// completes as a duplicate. Sent together, Google would judge both at once and the pair could fail or retry forever.
    /// </summary>
    /// <returns>Each request as the indexes of its rows.</returns>
    private static List<List<int>> Requests(IEnumerable<ClaimedItem<ConversionPayload>> rows)
    {
        var requests = new List<(List<int> Rows, HashSet<string> Orders)>();
        var index = 0;
        foreach (var row in rows)
        {
            var order = row.Payload.OrderId;
            var request = requests.FirstOrDefault(r => r.Rows.Count < IConversionUploader.MaxRowsPerRequest && !r.Orders.Contains(order));
            if (request.Rows is null)
            {
                request = ([], new HashSet<string>(StringComparer.Ordinal));
                requests.Add(request);
            }

            request.Rows.Add(index++);
            request.Orders.Add(order);
        }

        return requests.Select(r => r.Rows).ToList();
    }

    /// <summary>
    /// Sites held because Google refused an API version are released once this run calls another one (the setting changed),
    /// and their waiting rows are made due, so this very run sends them.
    /// </summary>
    private async Task ReleaseVersionHoldsAsync(CancellationToken cancellationToken)
    {
        if (_uploader.ApiVersion is not { } version) return;
        foreach (var released in await _circuits.ReleaseVersionHoldsAsync(_uploader.ProviderKey, version, cancellationToken).ConfigureAwait(false))
        {
            LogVersionHoldReleased(_logger, released.Key.SiteId, released.HoldApiVersion!, version);
            await _queue.WakeAsync(ConversionsQueue.Name, released.Key.SiteId, released.HoldReason!, _circuits.HeldRowWindow, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Puts rows of a gated (open, isolated or held) site back without an attempt: they never reached the provider.</summary>
    private IReadOnlyList<ItemOutcome> Gate(SiteRun site, IReadOnlyList<ClaimedItem<ConversionPayload>> items)
    {
        var permit = site.Permit!;
        LogGated(_logger, site.Key.SiteId, items.Count, permit.GatedUntil, permit.Reason);
        return items.Select(_ => ItemOutcome.Postponed(_circuits.GatedRetryAt(permit), permit.Reason ?? CircuitPermit.OpenReason)).ToList();
    }

    private async Task HoldAsync(SiteRun site, string reason, string message, string? apiVersion, CancellationToken cancellationToken)
    {
        LogHeld(_logger, site.Key.SiteId, reason, message);
        site.Permit = await _circuits.HoldAsync(site.Key, reason, message, apiVersion, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<ItemOutcome>> UploadAsync(SiteRun site, SiteCredentials credentials, IReadOnlyList<ClaimedItem<ConversionPayload>> chunk, CancellationToken cancellationToken)
    {
        IReadOnlyList<ConversionRowOutcome> rows;
        try
        {
            rows = await _uploader.UploadAsync(credentials, chunk.Select(c => WithConsent(c.Payload)).ToList(), cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException ex) when (ex.Error.HoldReason is { } reason)
        {
            // About the account or setup, not these rows: nothing was uploaded and no attempt is counted.
            LogUploadFailed(_logger, site.Key.SiteId, chunk.Count, ex.Error.Code, ex.Error.Message);
            await HoldAsync(site, reason, ex.Error.ToString(), ex.Error.HoldApiVersion, cancellationToken).ConfigureAwait(false);
            return Gate(site, chunk);
        }
        catch (ProviderException ex)
        {
            site.Sent += chunk.Count;
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

        site.Sent += chunk.Count;
        if (rows.Count != chunk.Count) throw new InvalidOperationException($"the uploader returned {rows.Count} outcomes for {chunk.Count} rows");
        site.Calls.Add(CallOutcome.Success);
        var outcomes = new List<ItemOutcome>(chunk.Count);
        int completed = 0, failed = 0, retry = 0;
        foreach (var row in rows)
        {
            if (row.Accepted) { outcomes.Add(ItemOutcome.Completed(UploadedResult)); completed++; }
            else if (row.AlreadyUploaded) { outcomes.Add(ItemOutcome.Completed(AlreadyUploaded(row.Error))); completed++; }
            else if (row.Error!.Class == ErrorClass.Permanent) { outcomes.Add(ItemOutcome.Failed(row.Error.ToString())); failed++; }
            else { outcomes.Add(ItemOutcome.Retry(row.Error)); retry++; }
        }

        site.Metrics = site.Metrics.Add(new ProviderMetricsDelta(chunk.Count, completed, failed, retry));
        return outcomes;
    }

    /// <summary>The payload with its consent completed from the site's default (a part the request gave always wins).</summary>
    private ConversionPayload WithConsent(ConversionPayload payload)
    {
        var fallback = _siteConsent.TryGetValue(payload.SiteId, out var site) ? site : _defaultConsent;
        var consent = payload.Consent?.Over(fallback) ?? fallback;
        return consent == payload.Consent ? payload : payload with { Consent = consent };
    }

    private static readonly string UploadedResult = JsonSerializer.Serialize(new { uploaded = true });
    private static readonly string AlreadyUploadedResult = JsonSerializer.Serialize(new { uploaded = true, alreadyUploaded = true });

    /// <summary>The result of a row Google already had, with its reason (e.g. ORDER_ID_ALREADY_IN_USE) when Google gave one.</summary>
    private static string AlreadyUploaded(ProviderError? reason) =>
        reason is null ? AlreadyUploadedResult : JsonSerializer.Serialize(new { uploaded = true, alreadyUploaded = true, reason = reason.Code });

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

    [LoggerMessage(EventId = 3001, EventName = "conversions_circuit_open", Level = LogLevel.Warning, Message = "Circuit of site {SiteId} gated: {Count} conversions postponed until after {ProbeAt} ({Reason})")]
    private static partial void LogGated(ILogger logger, string siteId, int count, DateTimeOffset? probeAt, string? reason);

    [LoggerMessage(EventId = 3004, EventName = "conversions_site_held", Level = LogLevel.Error, Message = "Site {SiteId} held: {Reason}: {Message}")]
    private static partial void LogHeld(ILogger logger, string siteId, string reason, string message);

    [LoggerMessage(EventId = 3002, EventName = "conversions_credentials_unavailable", Level = LogLevel.Error, Message = "Site {SiteId}: {Reason}")]
    private static partial void LogCredentialsUnavailable(ILogger logger, string siteId, string reason);

    [LoggerMessage(EventId = 3003, EventName = "conversions_upload_failed", Level = LogLevel.Warning, Message = "Upload of {Count} conversions for site {SiteId} failed: {Code}: {Message}")]
    private static partial void LogUploadFailed(ILogger logger, string siteId, int count, string code, string message);

    [LoggerMessage(EventId = 3006, EventName = "conversions_version_hold_released", Level = LogLevel.Information, Message = "Site {SiteId}: held since Google refused API {Refused}; released now that runs call {Current}")]
    private static partial void LogVersionHoldReleased(ILogger logger, string siteId, string refused, string current);
}
