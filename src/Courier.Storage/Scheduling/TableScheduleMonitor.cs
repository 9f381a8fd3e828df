using Azure;
using Azure.Data.Tables;
using Courier.Core.Scheduling;
using Courier.Storage.Tables;

namespace Courier.Storage.Scheduling;

/// <summary>
/// <see cref="IScheduleMonitor"/> in the <c>ScheduleMonitor</c> table: one row per (host id, timer) with Last, Next and
/// LastUpdated. Writes are conditional on the row's ETag (insert-if-absent for a new row).
/// </summary>
public sealed class TableScheduleMonitor(CourierTables tables) : IScheduleMonitor
{
    public const string Table = "ScheduleMonitor";

    public async Task<ScheduleStatus?> GetAsync(string hostId, string timer, CancellationToken cancellationToken)
    {
        var client = await tables.GetAsync(Table, cancellationToken).ConfigureAwait(false);
        var found = await client.GetEntityIfExistsAsync<TableEntity>(hostId, timer, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue || found.Value is not { } row) return null;
        return new ScheduleStatus(row.GetDateTimeOffset("Last"), row.GetDateTimeOffset("Next") ?? DateTimeOffset.MinValue, row.GetDateTimeOffset("LastUpdated") ?? DateTimeOffset.MinValue)
        {
            Version = row.ETag.ToString(),
        };
    }

    public async Task<bool> TryWriteAsync(string hostId, string timer, ScheduleStatus status, CancellationToken cancellationToken)
    {
        var client = await tables.GetAsync(Table, cancellationToken).ConfigureAwait(false);
        var row = new TableEntity(hostId, timer)
        {
            ["Last"] = status.Last,
            ["Next"] = status.Next,
            ["LastUpdated"] = status.LastUpdated,
        };
        try
        {
            if (status.Version is null) await client.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            else await client.UpdateEntityAsync(row, new ETag(status.Version), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return false;
        }
    }
}
