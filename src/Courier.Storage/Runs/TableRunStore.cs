using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Courier.Core.Runs;
using Courier.Storage.Tables;

namespace Courier.Storage.Runs;

/// <summary>
/// <see cref="IRunStore"/> on table <c>{prefix}Runs</c>. PartitionKey the job; each run has a log row
/// <c>t|{MaxTicks − startedTicks:D19}|{runId}</c> (newest first in key order) and a lookup row <c>r|{runId}</c>, both with every
/// field and written together in one transaction. Counts are stored as JSON.
/// </summary>
public sealed class TableRunStore : IRunStore
{
    private const string LogPrefix = "t|";
    private const string LookupPrefix = "r|";
    private const int MaxKeyLength = 900;

    private readonly CourierTables _tables;

    public TableRunStore(CourierTables tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _tables = tables;
    }

    public async Task SaveAsync(RunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var partition = PartitionOf(run.Job);
        // A run's start time never changes between its saves, so both rows keep their keys and are simply replaced.
        await table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(run, partition, LogKey(run))),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(run, partition, LookupPrefix + KeyEscaper.EscapeBounded(run.RunId, MaxKeyLength))),
        ], cancellationToken).ConfigureAwait(false);
    }

    public async Task<RunRecord?> GetAsync(string job, string runId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(PartitionOf(job), LookupPrefix + KeyEscaper.EscapeBounded(runId, MaxKeyLength), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? Read(response.Value!) : null;
    }

    public async Task<IReadOnlyList<RunRecord>> ListRecentAsync(string job, int max, CancellationToken cancellationToken)
    {
        if (max <= 0) return [];
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(job)} and RowKey ge {LogPrefix} and RowKey lt {"t}"}");
        var rows = table.QueryAsync<TableEntity>(filter, maxPerPage: TablePaging.PageSizeFor(max), cancellationToken: cancellationToken);
        return await TablePaging.TakeAsync(rows, max, Read, cancellationToken).ConfigureAwait(false);
    }

    private static string LogKey(RunRecord run) =>
        LogPrefix + (DateTimeOffset.MaxValue.UtcTicks - run.StartedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "|" + KeyEscaper.EscapeBounded(run.RunId, MaxKeyLength);

    private static TableEntity ToEntity(RunRecord run, string partition, string rowKey)
    {
        var entity = new TableEntity(partition, rowKey)
        {
            ["run_id"] = run.RunId,
            ["job"] = run.Job,
            ["trigger"] = run.Trigger.ToString(),
            ["instance"] = run.Instance,
            ["started_at"] = run.StartedAt,
            ["outcome"] = run.Outcome.ToString(),
            ["counts"] = JsonSerializer.Serialize(run.Counts),
        };
        if (run.FinishedAt is { } finished) entity["finished_at"] = finished;
        TableText.Write(entity, "error", run.Error);
        EntitySize.EnsureStorable(entity, $"run '{run.RunId}'");
        return entity;
    }

    /// <summary>Tolerant: an unreadable field takes its default, so one damaged record does not hide the others.</summary>
    private static RunRecord? Read(TableEntity entity)
    {
        var runId = TableValues.String(entity, "run_id");
        var job = TableValues.String(entity, "job");
        if (runId is null || job is null) return null;
        return new RunRecord
        {
            RunId = runId,
            Job = job,
            Trigger = Enum.TryParse<RunTrigger>(TableValues.String(entity, "trigger"), out var trigger) ? trigger : default,
            Instance = TableValues.String(entity, "instance") ?? "",
            StartedAt = TableValues.Time(entity, "started_at") ?? DateTimeOffset.UnixEpoch,
            FinishedAt = TableValues.Time(entity, "finished_at"),
            Outcome = Enum.TryParse<RunOutcome>(TableValues.String(entity, "outcome"), out var outcome) ? outcome : RunOutcome.Failed,
            Counts = ReadCounts(TableValues.String(entity, "counts")),
            Error = TableText.Read(entity, "error", out _),
        };
    }

    private static Dictionary<string, int> ReadCounts(string? json)
    {
        if (string.IsNullOrEmpty(json)) return [];
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, int>>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string PartitionOf(string job) => KeyEscaper.EscapeBounded(job, MaxKeyLength);

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => _tables.GetAsync(TableNames.Runs, cancellationToken);
}
