using System.Globalization;
using Courier.Core.Circuits;
using Courier.Core.Errors;
using Courier.Core.Metrics;
using Microsoft.Extensions.Logging;

namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>
/// Job 1, <c>partner-delivery-run-pending</c>: lists the asset records ready to deliver (Airtable is the queue of record, see
/// docs/design.md), looks up their batches' destination folders, copies each record's tree into its destination with copy
/// tags and a ledger row (so a resumed run copies only what is missing), and writes the outcome back to Airtable in batches of
/// ten. A bad input is a verdict (an Error write-back); an outage is not (the record waits for a later run). Each base and
/// each shared drive has its circuit.
/// </summary>
public sealed class PartnerDeliveryProcessor : IJob
{
    public const string JobName = "partner-delivery-run-pending";
    public const string AirtableProvider = "airtable";
    public const string DriveProvider = "google_drive";

    /// <summary>The circuit site of destinations in My Drive (no shared drive id).</summary>
    public const string MyDrive = "my-drive";

    private readonly IDeliveryRecords _records;
    private readonly IDeliveryDrive _drive;
    private readonly IDeliveryLedger _ledger;
    private readonly CircuitBreaker _circuits;
    private readonly IProviderMetricsStore _metrics;
    private readonly PartnerDeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ILogger<PartnerDeliveryProcessor> _logger;

    public PartnerDeliveryProcessor(
        IDeliveryRecords records,
        IDeliveryDrive drive,
        IDeliveryLedger ledger,
        CircuitBreaker circuits,
        IProviderMetricsStore metrics,
        PartnerDeliveryOptions options,
        TimeProvider time,
        Random random,
        ILogger<PartnerDeliveryProcessor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _records = records;
        _drive = drive;
        _ledger = ledger;
        _circuits = circuits;
        _metrics = metrics;
        _time = time;
        _random = random;
        _logger = logger;

        // Copied once: a run never re-reads its options.
        _options = new PartnerDeliveryOptions
        {
            BaseId = options.BaseId, SiteId = options.SiteId, AssetsTable = options.AssetsTable, BatchesTable = options.BatchesTable,
            ReadyField = options.ReadyField, DeliveredAtField = options.DeliveredAtField, DeliveredField = options.DeliveredField,
            DeliveredFileUrlField = options.DeliveredFileUrlField, DeliveredFolderUrlField = options.DeliveredFolderUrlField,
            StatusField = options.StatusField, ErrorField = options.ErrorField, BatchIdField = options.BatchIdField,
            SourceFolderField = options.SourceFolderField, BatchKeyField = options.BatchKeyField, DestinationFolderField = options.DestinationFolderField,
            DeliveredStatus = options.DeliveredStatus, ErrorStatus = options.ErrorStatus, MaxRecordsPerRun = options.MaxRecordsPerRun,
            CopyParallelism = options.CopyParallelism, DriveAttempts = options.DriveAttempts, DriveRetryBaseDelay = options.DriveRetryBaseDelay,
            DriveMaxDelay = options.DriveMaxDelay, MaxRateLimitWait = options.MaxRateLimitWait,
        };
    }

    public string Name => JobName;

    public async Task<JobReport> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var run = new RunState(this, context);
        var report = await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["processed"] = report.Processed,
            ["succeeded"] = report.Succeeded,
            ["failed"] = report.Failed,
            ["skipped"] = report.Skipped,
        };
        return new JobReport(counts, report);
    }

    /// <summary>One run's state: permits, outcomes per circuit, the cache of destinations, the pending write-backs.</summary>
    private sealed class RunState(PartnerDeliveryProcessor job, JobRunContext context)
    {
        private readonly PartnerDeliveryOptions _o = job._options;
        private readonly DriveCallRetry _retry = new(job._options.DriveAttempts, job._options.DriveRetryBaseDelay, job._options.DriveMaxDelay, job._time, job._random);
        private readonly Dictionary<CircuitKey, CircuitPermit> _permits = [];
        private readonly Dictionary<CircuitKey, List<CallOutcome>> _outcomes = [];
        private readonly Dictionary<CircuitKey, int> _calls = [];
        private readonly Dictionary<string, (DriveNode? Node, string? Problem)> _destinations = new(StringComparer.Ordinal);
        private readonly List<Pending> _writeBacks = [];
        private readonly List<DeliveryResult> _results = [];
        private string _authMode = "unknown";
        private ProviderError? _driveUnavailable;

        private CircuitKey BaseKey => new(_o.BaseId, AirtableProvider);

        public async Task<PartnerDeliveryReport> ExecuteAsync(CancellationToken cancellationToken)
        {
            if (_o.BaseId.Length == 0)
            {
                return new PartnerDeliveryReport(false, 0, 0, 0, 0, [], "Partner delivery is not set up: PartnerDelivery:BaseId is empty.");
            }

            var basePermit = await job._circuits.AcquireAsync(BaseKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!basePermit.Allowed)
            {
                PartnerDeliveryLog.Unavailable(job._logger, _o.BaseId, basePermit.Reason ?? CircuitPermit.OpenReason);
                return new PartnerDeliveryReport(true, 0, 0, 0, 0, [], $"Airtable base {_o.BaseId} is not called: {basePermit.Reason ?? CircuitPermit.OpenReason}.");
            }

            _permits[BaseKey] = basePermit;
            try
            {
                try
                {
                    _authMode = await job._drive.GetAuthModeAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (ProviderException e)
                {
                    // Without a Drive credential nothing can be copied, but bad inputs can still be reported.
                    _driveUnavailable = e.Error;
                }

                IReadOnlyList<DeliveryRecord> pending;
                Dictionary<string, DeliveryInput.Batch> batches;
                try
                {
                    var fields = new[] { _o.BatchIdField, _o.SourceFolderField };
                    var listed = await job._records.ListAsync(_o.BaseId, _o.AssetsTable, AirtableFormula.Pending(_o), fields, cancellationToken).ConfigureAwait(false);
                    pending = [.. listed.Take(_o.MaxRecordsPerRun)];
                    PartnerDeliveryLog.Listed(job._logger, _o.BaseId, listed.Count, pending.Count);
                    batches = await LoadBatchesAsync(pending, cancellationToken).ConfigureAwait(false);
                    Count(BaseKey, CallOutcome.Success);
                }
                catch (ProviderException e)
                {
                    Failed(BaseKey, e.Error);
                    PartnerDeliveryLog.Unavailable(job._logger, _o.BaseId, e.Error.ToString());
                    return new PartnerDeliveryReport(false, 0, 0, 0, 0, [], $"Airtable could not be read; nothing was decided ({e.Error}).");
                }

                foreach (var record in pending)
                {
                    if (!context.Budget.CanClaimMore)
                    {
                        Wait(record.Id, "the run's time budget is spent");
                        continue;
                    }

                    await DeliverAsync(record, batches, cancellationToken).ConfigureAwait(false);
                }

                await WriteBackAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                foreach (var (key, permit) in _permits)
                {
                    var outcomes = _outcomes.GetValueOrDefault(key) ?? [];
                    await job._circuits.RecordAsync(permit, outcomes, CancellationToken.None).ConfigureAwait(false);

                    // ProviderUploadMetrics, once per run and key: calls counted as the circuit counts them.
                    var delta = new ProviderMetricsDelta(
                        outcomes.Count,
                        outcomes.Count(o => o == CallOutcome.Success),
                        outcomes.Count(o => o == CallOutcome.PermanentFailure),
                        outcomes.Count(o => o == CallOutcome.TransientFailure));
                    if (!delta.IsEmpty)
                    {
                        await job._metrics.AddAsync(key, delta, job._time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                    }
                }
            }

            return new PartnerDeliveryReport(
                true,
                _results.Count,
                _results.Count(r => r.Ok),
                _results.Count(r => !r.Ok && r.Waiting != true),
                _results.Count(r => r.Waiting == true),
                _results);
        }

        private async Task<Dictionary<string, DeliveryInput.Batch>> LoadBatchesAsync(IReadOnlyList<DeliveryRecord> pending, CancellationToken cancellationToken)
        {
            var ids = pending.Select(r => DeliveryInput.Text(r, _o.BatchIdField).Value).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var batches = new Dictionary<string, DeliveryInput.Batch>(StringComparer.Ordinal);

            // Chunks keep the formula far below Airtable's URL limit.
            foreach (var chunk in ids.Chunk(40))
            {
                var found = await job._records.ListAsync(
                    _o.BaseId, _o.BatchesTable, AirtableFormula.AnyOf(_o.BatchKeyField, chunk), [_o.BatchKeyField, _o.DestinationFolderField], cancellationToken).ConfigureAwait(false);
                foreach (var batch in found)
                {
                    if (DeliveryInput.Text(batch, _o.BatchKeyField).Value is not { } key || batches.ContainsKey(key))
                    {
                        continue;
                    }

                    var (destination, problem) = DeliveryInput.Text(batch, _o.DestinationFolderField);
                    batches[key] = new DeliveryInput.Batch(destination, problem is null ? null : $"Delivery batch '{key}' has no usable {_o.DestinationFolderField}: {problem}");
                }
            }

            return batches;
        }

        private async Task DeliverAsync(DeliveryRecord record, IReadOnlyDictionary<string, DeliveryInput.Batch> batches, CancellationToken cancellationToken)
        {
            var input = DeliveryInput.Read(record, _o, batches);
            var entry = await job._ledger.GetAsync(_o.BaseId, record.Id, cancellationToken).ConfigureAwait(false);
            if (input.Problem is { } problem)
            {
                if (entry is { State: DeliveryState.ErrorReported } && entry.Fingerprint == input.Fingerprint)
                {
                    // Already reported with the same input: writing it again every run would only churn Airtable.
                    _results.Add(new DeliveryResult(record.Id, false, null, null, _authMode, Error: problem, Waiting: true));
                    return;
                }

                Reject(record.Id, problem, input, entry);
                return;
            }

            if (entry is { State: DeliveryState.Copied, DeliveredUrl: { } url } && entry.Fingerprint == input.Fingerprint)
            {
                // The copy finished in an earlier run whose write-back did not: only the write-back is left.
                _writeBacks.Add(Pending.Delivered(record.Id, url, entry.DeliveredIsFolder, idempotent: true, entry));
                return;
            }

            if (_driveUnavailable is { } unavailable)
            {
                Wait(record.Id, $"Google Drive credential unavailable ({unavailable})");
                return;
            }

            var (destination, destinationProblem) = await DestinationAsync(input.DestinationId!, cancellationToken).ConfigureAwait(false);
            if (destination is null)
            {
                if (destinationProblem is not null)
                {
                    Reject(record.Id, destinationProblem, input, entry);
                }
                else
                {
                    Wait(record.Id, "the destination folder could not be read");
                }

                return;
            }

            var driveKey = new CircuitKey(destination.DriveId ?? MyDrive, DriveProvider);
            if (!await MayCallAsync(driveKey, cancellationToken).ConfigureAwait(false))
            {
                Wait(record.Id, $"the circuit of drive {driveKey.SiteId} is not closed ({_permits[driveKey].Reason ?? CircuitPermit.OpenReason})");
                return;
            }

            try
            {
                var source = await _retry.RunAsync($"reading source {input.SourceId}", ct => job._drive.GetAsync(input.SourceId!, ct), null, cancellationToken).ConfigureAwait(false);
                var started = entry is not null && entry.Fingerprint == input.Fingerprint && entry.State is DeliveryState.Copying or DeliveryState.Delivered
                    ? entry with { UpdatedAt = job._time.GetUtcNow() }
                    : new DeliveryLedgerEntry(_o.BaseId, record.Id, DeliveryState.Copying, input.Fingerprint, input.SourceId, input.DestinationId, null, false, 0, null, job._time.GetUtcNow(), entry?.Version);
                var version = await job._ledger.TryWriteAsync(started with { State = DeliveryState.Copying }, cancellationToken).ConfigureAwait(false);
                if (version is null)
                {
                    Wait(record.Id, "another run is delivering this record");
                    return;
                }

                var copied = await new TreeCopier(job._drive, _retry, _o.CopyParallelism).CopyAsync(record.Id, source, destination.Id, cancellationToken).ConfigureAwait(false);
                PartnerDeliveryLog.Copied(job._logger, record.Id, copied.Created, copied.Existing);
                Count(driveKey, CallOutcome.Success);
                var isFolder = copied.Top.Kind == DriveNodeKind.Folder;
                var done = started with
                {
                    State = DeliveryState.Copied,
                    DeliveredUrl = copied.Top.WebViewLink,
                    DeliveredIsFolder = isFolder,
                    CopiedItems = copied.Created + copied.Existing,
                    Error = null,
                    UpdatedAt = job._time.GetUtcNow(),
                    Version = version,
                };
                var doneVersion = await job._ledger.TryWriteAsync(done, cancellationToken).ConfigureAwait(false);
                _writeBacks.Add(Pending.Delivered(record.Id, copied.Top.WebViewLink ?? "", isFolder, idempotent: copied.Created == 0, done with { Version = doneVersion }));
            }
            catch (DeliveryRejectedException e)
            {
                Count(driveKey, CallOutcome.PermanentFailure);
                Reject(record.Id, e.Message, input, await job._ledger.GetAsync(_o.BaseId, record.Id, cancellationToken).ConfigureAwait(false));
            }
            catch (DeliveryWaitException e)
            {
                // A record that made no call (Drive's Retry-After not passed) says nothing about the drive's health.
                if (e.Called)
                {
                    Failed(driveKey, e.Error);
                }

                Wait(record.Id, e.Error.ToString());
            }
        }

        /// <summary>The batch's destination folder, read once per run: a folder, a readable problem (a verdict), or neither (an outage).</summary>
        private async Task<(DriveNode? Node, string? Problem)> DestinationAsync(string id, CancellationToken cancellationToken)
        {
            if (_destinations.TryGetValue(id, out var known))
            {
                return known;
            }

            (DriveNode? Node, string? Problem) result;
            try
            {
                var node = await _retry.RunAsync($"reading destination {id}", ct => job._drive.GetAsync(id, ct), null, cancellationToken).ConfigureAwait(false);
                result = node.Kind == DriveNodeKind.Folder ? (node, null) : (null, $"Destination Folder ID {id} is not a folder.");
            }
            catch (DeliveryRejectedException e)
            {
                result = (null, $"Destination folder {id} cannot be used: {e.Message}");
            }
            catch (DeliveryWaitException)
            {
                // Not cached: another record may find it readable later in the run.
                return (null, null);
            }

            _destinations[id] = result;
            return result;
        }

        /// <summary>Whether the circuit lets one more record through (closed: always; probing: up to the probe limit).</summary>
        private async Task<bool> MayCallAsync(CircuitKey key, CancellationToken cancellationToken)
        {
            if (!_permits.TryGetValue(key, out var permit))
            {
                _permits[key] = permit = await job._circuits.AcquireAsync(key, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            if (!permit.Allowed || (permit.MaxCalls is { } max && _calls.GetValueOrDefault(key) >= max))
            {
                return false;
            }

            _calls[key] = _calls.GetValueOrDefault(key) + 1;
            return true;
        }

        private void Count(CircuitKey key, CallOutcome outcome)
        {
            if (!_outcomes.TryGetValue(key, out var list))
            {
                _outcomes[key] = list = [];
            }

            list.Add(outcome);
        }

        /// <summary>
        /// An outage, counted against the circuit. Account-level refusals (a rejected token, a missing credential) count as
        /// transient too rather than holding: these circuits are keyed by base and shared drive, which seeding credentials
        /// (keyed by site) does not release, so a hold would outlive its cause; five in a row open the circuit, which probes
        /// again after its open time.
        /// </summary>
        private void Failed(CircuitKey key, ProviderError error) =>
            Count(key, error.Class == ErrorClass.Permanent && error.HoldReason is null ? CallOutcome.PermanentFailure : CallOutcome.TransientFailure);

        private void Reject(string recordId, string problem, DeliveryInput input, DeliveryLedgerEntry? entry)
        {
            PartnerDeliveryLog.Rejected(job._logger, recordId, problem);
            var rejected = new DeliveryLedgerEntry(
                _o.BaseId, recordId, DeliveryState.ErrorReported, input.Fingerprint, input.SourceId, input.DestinationId, null, false, 0, problem, job._time.GetUtcNow(), entry?.Version);
            _writeBacks.Add(Pending.Rejected(recordId, problem, rejected));
        }

        private void Wait(string recordId, string reason)
        {
            PartnerDeliveryLog.Waiting(job._logger, recordId, reason);
            _results.Add(new DeliveryResult(recordId, false, null, null, _authMode, Error: reason, Waiting: true));
        }

        private async Task WriteBackAsync(CancellationToken cancellationToken)
        {
            foreach (var batch in _writeBacks.Chunk(IDeliveryRecords.MaxPerUpdate))
            {
                await WriteBatchAsync(batch, rateLimitRetried: false, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task WriteBatchAsync(IReadOnlyList<Pending> batch, bool rateLimitRetried, CancellationToken cancellationToken)
        {
            try
            {
                var now = job._time.GetUtcNow();
                await job._records.UpdateAsync(_o.BaseId, _o.AssetsTable, [.. batch.Select(p => p.Update(_o, now))], cancellationToken).ConfigureAwait(false);
                Count(BaseKey, CallOutcome.Success);
            }
            catch (ProviderException e) when (e.Error.Class == ErrorClass.RateLimited && !rateLimitRetried
                && e.Error.RetryAfter is { } wait && wait <= _o.MaxRateLimitWait && context.Budget.Remaining > wait)
            {
                await Task.Delay(wait, job._time, cancellationToken).ConfigureAwait(false);
                await WriteBatchAsync(batch, rateLimitRetried: true, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ProviderException e) when (e.Error.Class == ErrorClass.Permanent && e.Error.HoldReason is null && batch.Count > 1)
            {
                // One record refused (deleted, a field's type changed) must not sink the nine others: write them one by one.
                foreach (var single in batch)
                {
                    await WriteBatchAsync([single], rateLimitRetried, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (ProviderException e)
            {
                PartnerDeliveryLog.WriteBackFailed(job._logger, batch.Count, e.Error.ToString());
                if (e.Error.Class == ErrorClass.Permanent && e.Error.HoldReason is null)
                {
                    Count(BaseKey, CallOutcome.PermanentFailure);
                    var single = batch[0];
                    _results.Add(new DeliveryResult(single.RecordId, false, null, null, _authMode, Error: $"Airtable refused the write-back: {e.Error}"));
                    return;
                }

                Failed(BaseKey, e.Error);
                foreach (var pending in batch)
                {
                    // The copy (if any) is in the ledger and on Drive; the next run only writes back.
                    _results.Add(new DeliveryResult(pending.RecordId, false, null, null, _authMode, Error: $"write-back failed, retried next run ({e.Error})", Waiting: true));
                }

                return;
            }

            foreach (var pending in batch)
            {
                var state = pending.Problem is null ? DeliveryState.Delivered : DeliveryState.ErrorReported;
                await job._ledger.TryWriteAsync(pending.Entry with { State = state, UpdatedAt = job._time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
                _results.Add(pending.Problem is null
                    ? new DeliveryResult(pending.RecordId, true, pending.IsFolder ? null : pending.Url, pending.IsFolder ? pending.Url : null, _authMode, pending.Idempotent ? true : null)
                    : new DeliveryResult(pending.RecordId, false, null, null, _authMode, Error: pending.Problem));
            }
        }
    }

    /// <summary>A record's write-back waiting for its batch of ten: a delivery (URL) or a rejection (problem).</summary>
    private sealed record Pending(string RecordId, string? Url, bool IsFolder, bool Idempotent, string? Problem, DeliveryLedgerEntry Entry)
    {
        public static Pending Delivered(string recordId, string url, bool isFolder, bool idempotent, DeliveryLedgerEntry entry) =>
            new(recordId, url, isFolder, idempotent, null, entry);

        public static Pending Rejected(string recordId, string problem, DeliveryLedgerEntry entry) => new(recordId, null, false, false, problem, entry);

        public DeliveryRecordUpdate Update(PartnerDeliveryOptions o, DateTimeOffset now) => new(RecordId, Problem is null
            ? new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                [o.DeliveredField] = true,
                [o.DeliveredAtField] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                [IsFolder ? o.DeliveredFolderUrlField : o.DeliveredFileUrlField] = Url,
                [o.StatusField] = o.DeliveredStatus,
                [o.ReadyField] = false,
                [o.ErrorField] = null,
            }
            : new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                [o.StatusField] = o.ErrorStatus,
                [o.ErrorField] = Problem,
            });
    }
}
