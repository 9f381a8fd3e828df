using Azure;
using Azure.Data.Tables;
using Courier.Core.Circuits;
using Courier.Storage.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Courier.Storage.Circuits;

/// <summary>
/// <see cref="ICircuitStore"/> on table <c>{prefix}ProviderHealth</c>: PartitionKey the site id, RowKey the provider key,
/// state as <c>CLOSED</c>/<c>OPEN</c>/<c>HALF_OPEN</c>/<c>HELD</c>. Create is an Add (409 = lost), replace an Update on the ETag (412 = lost).
/// </summary>
public sealed partial class TableCircuitStore : ICircuitStore
{
    private const int DefaultProbeLimit = 5;
    private const string SiteIdColumn = "site_id";
    private const string ProviderKeyColumn = "provider_key";
    private const string StateColumn = "state";
    private const string FailureCountColumn = "failure_count";
    private const string NextProbeAtColumn = "next_probe_at";
    private const string ProbeLimitColumn = "probe_limit";
    private const string OpenCountColumn = "open_count";
    private const string UpdatedAtColumn = "updated_at";
    private const string ProbeOwnerColumn = "probe_owner";
    private const string ProbeUntilColumn = "probe_until";
    private const string IsolatedColumn = "isolated";
    private const string HoldReasonColumn = "hold_reason";
    private const string HoldMessageColumn = "hold_message";
    private const string HoldApiVersionColumn = "hold_api_version";

    private readonly CourierTables _tables;
    private readonly ILogger _logger;

    public TableCircuitStore(CourierTables tables, ILogger<TableCircuitStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _tables = tables;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public async Task<CircuitRecord?> GetAsync(CircuitKey key, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(SiteProviderKeys.Partition(key.SiteId), SiteProviderKeys.Row(key.ProviderKey), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? Read(response.Value!) : null;
    }

    public async Task<bool> TryWriteAsync(CircuitRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var entity = ToEntity(record);
        try
        {
            if (record.Version is null) await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            else await table.UpdateEntityAsync(entity, new ETag(record.Version), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (TableTransactionRunner.IsLostRace(ex.Status))
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<CircuitRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var rows = table.QueryAsync<TableEntity>(maxPerPage: TablePaging.MaxPageSize, cancellationToken: cancellationToken);
        return await TablePaging.TakeAsync(rows, int.MaxValue, Read, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The stored form of a state (spec §4).</summary>
    public static string StateName(CircuitState state) => state switch
    {
        CircuitState.Closed => "CLOSED",
        CircuitState.Open => "OPEN",
        CircuitState.HalfOpen => "HALF_OPEN",
        CircuitState.Held => "HELD",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown circuit state"),
    };

    private static TableEntity ToEntity(CircuitRecord record)
    {
        var entity = new TableEntity(SiteProviderKeys.Partition(record.Key.SiteId), SiteProviderKeys.Row(record.Key.ProviderKey))
        {
            [SiteIdColumn] = record.Key.SiteId,
            [ProviderKeyColumn] = record.Key.ProviderKey,
            [StateColumn] = StateName(record.State),
            [FailureCountColumn] = record.FailureCount,
            [ProbeLimitColumn] = record.ProbeLimit,
            [OpenCountColumn] = record.OpenCount,
            [UpdatedAtColumn] = record.UpdatedAt,
            [IsolatedColumn] = record.Isolated,
        };
        if (record.NextProbeAt is { } probeAt) entity[NextProbeAtColumn] = probeAt;
        if (record.ProbeOwner is not null) entity[ProbeOwnerColumn] = record.ProbeOwner;
        if (record.ProbeUntil is { } until) entity[ProbeUntilColumn] = until;
        if (record.HoldReason is not null) entity[HoldReasonColumn] = record.HoldReason;
        if (record.HoldMessage is not null) entity[HoldMessageColumn] = record.HoldMessage;
        if (record.HoldApiVersion is not null) entity[HoldApiVersionColumn] = record.HoldApiVersion;
        return entity;
    }

    private CircuitRecord? Read(TableEntity entity)
    {
        var site = TableValues.String(entity, SiteIdColumn) ?? KeyEscaper.TryUnescape(entity.PartitionKey);
        var provider = TableValues.String(entity, ProviderKeyColumn) ?? KeyEscaper.TryUnescape(entity.RowKey);
        if (site is null || provider is null)
        {
            LogRowSkipped(_logger, entity.PartitionKey, entity.RowKey, "site_id or provider_key is missing and the keys cannot be read back");
            return null;
        }

        var stateText = TableValues.String(entity, StateColumn);
        CircuitState? parsed = stateText switch
        {
            "CLOSED" => CircuitState.Closed,
            "OPEN" => CircuitState.Open,
            "HALF_OPEN" => CircuitState.HalfOpen,
            "HELD" => CircuitState.Held,
            _ => null,
        };
        // An unreadable state is read as OPEN with its probe due: the breaker then probes and rewrites the row, rather than
        // either sending everything to a provider that may be failing or blocking the key for good.
        if (parsed is null) LogRowCorrupt(_logger, entity.PartitionKey, entity.RowKey, stateText ?? "(missing)");
        var state = parsed ?? CircuitState.Open;

        return new CircuitRecord
        {
            Key = new CircuitKey(site, provider),
            State = state,
            FailureCount = TableValues.Int(entity, FailureCountColumn) ?? 0,
            NextProbeAt = parsed is null ? null : TableValues.Time(entity, NextProbeAtColumn),
            ProbeLimit = TableValues.Int(entity, ProbeLimitColumn) ?? DefaultProbeLimit,
            OpenCount = TableValues.Int(entity, OpenCountColumn) ?? 0,
            UpdatedAt = TableValues.Time(entity, UpdatedAtColumn) ?? DateTimeOffset.UnixEpoch,
            ProbeOwner = TableValues.String(entity, ProbeOwnerColumn),
            ProbeUntil = TableValues.Time(entity, ProbeUntilColumn),
            Isolated = TableValues.Bool(entity, IsolatedColumn) ?? false,
            HoldReason = TableValues.String(entity, HoldReasonColumn),
            HoldMessage = TableValues.String(entity, HoldMessageColumn),
            HoldApiVersion = TableValues.String(entity, HoldApiVersionColumn),
            Version = entity.ETag.ToString(),
        };
    }

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => _tables.GetAsync(TableNames.ProviderHealth, cancellationToken);

    [LoggerMessage(EventId = 2200, EventName = "circuit_row_corrupt", Level = LogLevel.Warning,
        Message = "Circuit row {PartitionKey}/{RowKey} has unreadable state '{State}'; read as OPEN with its probe due")]
    private static partial void LogRowCorrupt(ILogger logger, string partitionKey, string rowKey, string state);

    [LoggerMessage(EventId = 2201, EventName = "circuit_row_skipped", Level = LogLevel.Warning,
        Message = "Circuit row {PartitionKey}/{RowKey} skipped: {Problem}")]
    private static partial void LogRowSkipped(ILogger logger, string partitionKey, string rowKey, string problem);
}
