using System.Text.Json;
using Courier.Core.Circuits;
using Courier.Core.Credentials;
using Courier.Core.Errors;
using Courier.Core.Queue;
using Courier.Core.Retry;
using Courier.Core.Runs;
using Microsoft.Extensions.Logging;

namespace Courier.Core.Jobs.WriteBack;

/// <summary>
/// Job 5, <c>sync-write-back</c>: claims queued record changes in one batch, collapses each record's changes into the latest,
/// finds each record's row by the key column, and writes per sheet all in-place rows in one update request and all new rows
/// in one append request; then stores the rows it wrote (<c>SyncRows</c>) and a <c>SyncLog</c> row per change.
/// </summary>
/// <remarks>
/// The key column is the truth of where a record's row is: a run reads it before writing, so an append whose row number was
/// never stored (a crash, a timeout after Google took it) is found again and written in place, never appended twice; rows
/// people moved or sorted are found where they are now. A change older than the one a record's row already shows is skipped.
/// </remarks>
public sealed partial class WriteBackProcessor : IJob
{
    public const string JobName = "sync-write-back";
    public const string LimitParameter = "limit";

    /// <summary>The hold reason when a site's Google credentials are missing, undecryptable or incomplete.</summary>
    public const string CredentialsUnavailable = "CREDENTIALS_UNAVAILABLE";

    private const int LogPruneBatch = 1000;

    private readonly QueueDrainer<SyncChange> _drainer;
    private readonly ISyncRowStore _rows;
    private readonly ISyncLog _log;
    private readonly ISheetRowWriter _writer;
    private readonly CircuitBreaker _circuits;
    private readonly ProviderCredentialsService _credentials;
    private readonly WriteBackOptions _options;
    private readonly SheetWriteBudget _budget;
    private readonly TimeProvider _time;
    private readonly ILogger<WriteBackProcessor> _logger;

    public WriteBackProcessor(
        IQueueStore store,
        ISyncRowStore rows,
        ISyncLog log,
        ISheetRowWriter writer,
        CircuitBreaker circuits,
        ProviderCredentialsService credentials,
        WriteBackOptions options,
        SheetWriteBudget budget,
        TimeProvider time,
        Random random,
        ILogger<WriteBackProcessor> logger)
    {
        _rows = rows;
        _log = log;
        _writer = writer;
        _circuits = circuits;
        _credentials = credentials;
        _options = options;
        _time = time;
        _logger = logger;
        _budget = budget;
        var settings = new QueueDrainSettings(SyncQueue.Name)
        {
            // One claim takes the whole run, so each sheet gets one update and one append request per run.
            BatchSize = options.MaxItemsPerRun,
            LeaseFor = options.LeaseFor,
            MaxAttempts = options.MaxAttempts,
        };
        _drainer = new QueueDrainer<SyncChange>(store, time, new ExponentialJitterRetryPolicy(options.RetryBaseDelay, options.RetryMaxDelay, random), settings, SyncQueue.Json, logger);
        Queue = new SyncQueue(new WorkQueue(store, time));
    }

    public string Name => JobName;

    private SyncQueue Queue { get; }

    public async Task<JobReport> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        var limit = Math.Clamp(context.GetInt(LimitParameter, _options.MaxItemsPerRun), 1, _options.MaxItemsPerRun);
        var run = new RunState();
        var drained = await _drainer.DrainAsync(context.Budget, context.RunId, limit, (batch, ct) => HandleBatchAsync(run, batch, ct), cancellationToken).ConfigureAwait(false);

        // Circuits are written once per run and spreadsheet, not per request.
        foreach (var sheet in run.Circuits.Values)
        {
            if (sheet.Permit is { } permit) await _circuits.RecordAsync(permit, sheet.Calls, CancellationToken.None).ConfigureAwait(false);
        }

        await _log.PruneAsync(_time.GetUtcNow() - _options.LogRetention, LogPruneBatch, CancellationToken.None).ConfigureAwait(false);
        var stats = await Queue.GetStatsAsync(CancellationToken.None).ConfigureAwait(false);
        var counts = new WriteBackCounts(drained.Processed - run.Released, run.Succeeded, drained.Failed, run.Skipped)
        {
            Retried = drained.Retried,
            Waiting = drained.Postponed - run.Released,
            Recovered = drained.Recovered,
            Deferred = drained.Deferred,
            WriteCalls = run.WriteCalls,
        };
        var report = drained.ToCounts().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        report["succeeded"] = run.Succeeded;
        report["skipped"] = run.Skipped;
        report["write_calls"] = run.WriteCalls;
        return new JobReport(report, new WriteBackResult(true, counts, SyncQueue.Named(stats)));
    }

    private async Task<IReadOnlyList<ItemOutcome>> HandleBatchAsync(RunState run, IReadOnlyList<ClaimedItem<SyncChange>> batch, CancellationToken cancellationToken)
    {
        var outcomes = new ItemOutcome[batch.Count];
        var log = new List<SyncLogEntry>();
        var byModel = Enumerable.Range(0, batch.Count).GroupBy(i => batch[i].Payload.Model, StringComparer.Ordinal);
        foreach (var model in byModel)
        {
            var indexes = model.ToList();
            if (_options.MappingOf(model.Key) is not { } mapping)
            {
                // Settings changed after the change was queued: it cannot be written anywhere, and says why.
                var reason = $"model '{model.Key}' is not configured (setting {WriteBackOptions.SectionName}:Models:{model.Key})";
                foreach (var i in indexes)
                {
                    outcomes[i] = ItemOutcome.Failed(reason);
                    log.Add(Entry(batch[i], ok: false, reason, null));
                }

                continue;
            }

            var records = indexes
                .GroupBy(i => batch[i].Payload.RecordId, StringComparer.Ordinal)
                .Select(g => new RecordChanges(g.Select(i => (i, batch[i])).OrderBy(x => x.Item2.Item.CreatedAt).ThenBy(x => x.Item2.Id, StringComparer.Ordinal).ToList()))
                .ToList();
            await HandleModelAsync(run, model.Key, mapping, records, outcomes, log, cancellationToken).ConfigureAwait(false);
        }

        if (log.Count > 0) await _log.AddAsync(log, cancellationToken).ConfigureAwait(false);
        return outcomes;
    }

    private async Task HandleModelAsync(RunState run, string model, SheetMapping mapping, List<RecordChanges> records, ItemOutcome[] outcomes, List<SyncLogEntry> log, CancellationToken cancellationToken)
    {
        // A change older than what the record's row already shows (a retry that lost the race to a newer change) is not written.
        var stored = await _rows.GetAsync(model, records.Select(r => r.RecordId).ToList(), cancellationToken).ConfigureAwait(false);
        var work = new List<RecordChanges>(records.Count);
        foreach (var record in records)
        {
            if (stored.TryGetValue(record.RecordId, out var row) && row.IsNewerThan(record.Latest.Item.CreatedAt, record.Latest.Id))
            {
                foreach (var (index, item) in record.Items)
                {
                    outcomes[index] = ItemOutcome.Completed(JsonSerializer.Serialize(new { written = false, stale = true, newer = row.AppliedItemId }));
                    log.Add(Entry(item, ok: true, $"skipped: older than change {row.AppliedItemId}, already written", row.Row));
                    run.Skipped++;
                }
            }
            else
            {
                work.Add(record);
            }
        }

        if (work.Count == 0) return;
        var site = _options.SiteOf(mapping);
        var sheetKey = new CircuitKey(mapping.SpreadsheetId, _writer.ProviderKey);
        var circuit = run.CircuitFor(sheetKey);
        circuit.Permit ??= await _circuits.AcquireAsync(sheetKey, null, cancellationToken).ConfigureAwait(false);
        var accountKey = new CircuitKey(site, _writer.ProviderKey);
        var account = run.AccountFor(accountKey);
        account.Permit ??= await _circuits.AcquireAsync(accountKey, null, cancellationToken).ConfigureAwait(false);
        if (!account.Permit.Allowed || !circuit.Permit.Allowed)
        {
            Gate(model, account.Permit.Allowed ? circuit.Permit : account.Permit, work, outcomes);
            return;
        }

        SiteCredentials credentials;
        try
        {
            credentials = account.Credentials ??= await _credentials.GetAsync(site, _writer.ProviderKey, cancellationToken).ConfigureAwait(false);
        }
        catch (CredentialsUnavailableException ex)
        {
            LogCredentialsUnavailable(_logger, site, ex.Message);
            account.Permit = await _circuits.HoldAsync(accountKey, CredentialsUnavailable, ex.Message, null, cancellationToken).ConfigureAwait(false);
            Gate(model, account.Permit, work, outcomes);
            return;
        }

        var target = mapping.Target;
        var plan = new SheetPlan(mapping, _options.DeletedMarker);
        try
        {
            // Where each record's row is now: the key column, read once per sheet and run.
            var keys = await _writer.ReadColumnAsync(credentials, target, mapping.IndexOf(mapping.KeyColumn), cancellationToken).ConfigureAwait(false);
            plan.Locate(work, keys);
        }
        catch (ProviderException ex)
        {
            await FailAsync(run, model, accountKey, sheetKey, ex.Error, work, outcomes, log, cancellationToken).ConfigureAwait(false);
            return;
        }

        var updates = Chunks(plan.Updates);
        var appends = Chunks(plan.Appends);
        var writes = updates.Count + appends.Count;
        if (writes > 0 && !_budget.TryTake(site, writes))
        {
            LogWriteLimit(_logger, target.ToString(), writes, _options.WritesPerMinute);
            foreach (var record in work) SetAll(record, ItemOutcome.Released(), outcomes);
            run.Released += work.Sum(r => r.Items.Count);
            return;
        }

        var written = new List<(RecordChanges Record, int Row, string Action)>();
        try
        {
            foreach (var chunk in updates)
            {
                run.WriteCalls++;
                await _writer.UpdateRowsAsync(credentials, target, chunk.Select(u => new SheetRowUpdate(u.Row, u.Cells)).ToList(), cancellationToken).ConfigureAwait(false);
                circuit.Calls.Add(CallOutcome.Success);
                written.AddRange(chunk.Select(u => (u.Record, u.Row, u.Action)));
            }

            foreach (var chunk in appends)
            {
                run.WriteCalls++;
                var first = await _writer.AppendRowsAsync(credentials, target, chunk.Select(a => a.Cells).ToList(), cancellationToken).ConfigureAwait(false);
                circuit.Calls.Add(CallOutcome.Success);
                written.AddRange(chunk.Select((a, n) => (a.Record, first + n, "appended")));
            }
        }
        catch (ProviderException ex)
        {
            var done = written.Select(w => w.Record).ToHashSet();
            await FailAsync(run, model, accountKey, sheetKey, ex.Error, work.Where(r => !done.Contains(r)).ToList(), outcomes, log, cancellationToken).ConfigureAwait(false);
        }

        // Stored after the writes: a crash before this line leaves the rows leased, and the retry finds them by the key column.
        var now = _time.GetUtcNow();
        await _rows.SaveAsync(written.Select(w => new SyncRow(model, w.Record.RecordId, w.Row, w.Action == "deleted", w.Record.Latest.Item.CreatedAt, w.Record.Latest.Id, now, stored.GetValueOrDefault(w.Record.RecordId)?.Version)).ToList(), cancellationToken).ConfigureAwait(false);
        foreach (var (record, row, action) in written) Complete(run, record, row, action, outcomes, log);
        // A delete of a record the sheet never had: nothing to mark, said so in the log.
        foreach (var record in plan.Unmatched) Complete(run, record, null, "deleted", outcomes, log);

        LogSheetWritten(_logger, target.ToString(), plan.Updates.Count, plan.Appends.Count, updates.Count + appends.Count);
    }

    /// <summary>Completes a record's changes: the latest as written (or, with no <paramref name="row"/>, as a delete with nothing to mark), the older ones as collapsed into it.</summary>
    private void Complete(RunState run, RecordChanges record, int? row, string action, ItemOutcome[] outcomes, List<SyncLogEntry> log)
    {
        var what = row is { } r ? $"{action} row {r}" : "delete: the sheet has no row for this record; nothing to mark";
        foreach (var (index, item) in record.Items)
        {
            if (item == record.Latest && row is not null)
            {
                outcomes[index] = ItemOutcome.Completed(JsonSerializer.Serialize(new { written = true, action, row }));
                log.Add(Entry(item, ok: true, what, row));
                run.Succeeded++;
            }
            else if (item == record.Latest)
            {
                outcomes[index] = ItemOutcome.Completed(JsonSerializer.Serialize(new { written = false, action, rowFound = false }));
                log.Add(Entry(item, ok: true, what, null));
                run.Skipped++;
            }
            else
            {
                outcomes[index] = ItemOutcome.Completed(JsonSerializer.Serialize(new { written = false, collapsedInto = record.Latest.Id, row }));
                log.Add(Entry(item, ok: true, $"collapsed into later change {record.Latest.Id} ({what})", row));
                run.Skipped++;
            }
        }
    }

    /// <summary>Applies a failed request's verdict to every record it concerned (a record's older changes share its latest's fate).</summary>
    private async Task FailAsync(RunState run, string model, CircuitKey accountKey, CircuitKey sheetKey, ProviderError error, IReadOnlyList<RecordChanges> records, ItemOutcome[] outcomes, List<SyncLogEntry> log, CancellationToken cancellationToken)
    {
        if (records.Count == 0) return;
        LogWriteFailed(_logger, model, records.Count, error.Code, error.Message);
        if (error.HoldReason is { } reason)
        {
            // About the credentials or the spreadsheet, not these rows: hold the right key, count no attempt.
            var accountLevel = reason.StartsWith("CREDENTIALS_", StringComparison.Ordinal);
            var key = accountLevel ? accountKey : sheetKey;
            var permit = await _circuits.HoldAsync(key, reason, error.ToString(), null, cancellationToken).ConfigureAwait(false);
            if (accountLevel) run.AccountFor(key).Permit = permit;
            else run.CircuitFor(key).Permit = permit;
            Gate(model, permit, records, outcomes);
            return;
        }

        run.CircuitFor(sheetKey).Calls.Add(error.Class == ErrorClass.Permanent ? CallOutcome.PermanentFailure : CallOutcome.TransientFailure);
        // Appends are safe to send again: the next run finds a row that did land by its key column.
        var retryable = error.Class == ErrorClass.UnknownOutcome ? error with { Class = ErrorClass.Transient } : error;
        foreach (var record in records)
        {
            foreach (var (index, item) in record.Items)
            {
                if (error.Class == ErrorClass.Permanent)
                {
                    outcomes[index] = ItemOutcome.Failed(error.ToString());
                    log.Add(Entry(item, ok: false, error.ToString(), null));
                }
                else
                {
                    outcomes[index] = ItemOutcome.Retry(retryable);
                    var last = item.Item.AttemptsSinceRedrive + 1 >= _options.MaxAttempts;
                    log.Add(Entry(item, ok: false, last ? $"{error} (gave up after {item.Attempt} attempts)" : $"{error} (will retry)", null));
                }
            }
        }
    }

    /// <summary>Puts a gated model's changes back without an attempt: they never reached Google.</summary>
    private void Gate(string model, CircuitPermit permit, IReadOnlyList<RecordChanges> records, ItemOutcome[] outcomes)
    {
        LogGated(_logger, model, records.Sum(r => r.Items.Count), permit.Key.SiteId, permit.GatedUntil, permit.Reason);
        var outcome = ItemOutcome.Postponed(_circuits.GatedRetryAt(permit), permit.Reason ?? CircuitPermit.OpenReason);
        foreach (var record in records) SetAll(record, outcome, outcomes);
    }

    private static void SetAll(RecordChanges record, ItemOutcome outcome, ItemOutcome[] outcomes)
    {
        foreach (var (index, _) in record.Items) outcomes[index] = outcome;
    }

    private List<List<T>> Chunks<T>(IReadOnlyList<T> rows) => rows.Chunk(_options.MaxRowsPerRequest).Select(c => c.ToList()).ToList();

    private SyncLogEntry Entry(ClaimedItem<SyncChange> item, bool ok, string message, int? row) =>
        new(_time.GetUtcNow(), item.Id, item.Payload.Model, item.Payload.RecordId, item.Payload.Action.ToString().ToUpperInvariant(), ok, message, row);

    /// <summary>What one run knows per circuit key: its permit, the calls made, and (for a credential site) the decrypted credentials, memory only.</summary>
    private sealed class RunState
    {
        public Dictionary<CircuitKey, KeyRun> Circuits { get; } = [];

        public Dictionary<CircuitKey, KeyRun> Accounts { get; } = [];

        public int Succeeded { get; set; }

        public int Skipped { get; set; }

        public int Released { get; set; }

        public int WriteCalls { get; set; }

        public KeyRun CircuitFor(CircuitKey key) => Get(Circuits, key);

        public KeyRun AccountFor(CircuitKey key) => Get(Accounts, key);

        private static KeyRun Get(Dictionary<CircuitKey, KeyRun> map, CircuitKey key)
        {
            if (!map.TryGetValue(key, out var run)) map[key] = run = new KeyRun();
            return run;
        }
    }

    private sealed class KeyRun
    {
        public CircuitPermit? Permit { get; set; }

        public SiteCredentials? Credentials { get; set; }

        public List<CallOutcome> Calls { get; } = [];
    }

    [LoggerMessage(EventId = 5001, EventName = "writeback_sheet_written", Level = LogLevel.Information, Message = "Sheet {Sheet}: {Updates} rows written in place, {Appends} appended, in {Requests} write requests")]
    private static partial void LogSheetWritten(ILogger logger, string sheet, int updates, int appends, int requests);

    [LoggerMessage(EventId = 5002, EventName = "writeback_write_failed", Level = LogLevel.Warning, Message = "Write-back of model {Model} ({Records} records) failed: {Code}: {Message}")]
    private static partial void LogWriteFailed(ILogger logger, string model, int records, string code, string message);

    [LoggerMessage(EventId = 5003, EventName = "writeback_gated", Level = LogLevel.Warning, Message = "Model {Model}: {Count} changes wait for circuit {Key} until after {Until} ({Reason})")]
    private static partial void LogGated(ILogger logger, string model, int count, string key, DateTimeOffset? until, string? reason);

    [LoggerMessage(EventId = 5004, EventName = "writeback_credentials_unavailable", Level = LogLevel.Error, Message = "Google Sheets credentials of site {Site}: {Reason}")]
    private static partial void LogCredentialsUnavailable(ILogger logger, string site, string reason);

    [LoggerMessage(EventId = 5005, EventName = "writeback_write_limit", Level = LogLevel.Information, Message = "Sheet {Sheet} waits for the next run: its {Writes} write requests would pass {Limit} a minute")]
    private static partial void LogWriteLimit(ILogger logger, string sheet, int writes, int limit);
}
