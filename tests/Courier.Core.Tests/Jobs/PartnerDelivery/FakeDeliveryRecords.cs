using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Core.Errors;
using Courier.Core.Jobs.PartnerDelivery;

namespace Courier.Core.Tests.Jobs.PartnerDelivery;

/// <summary>
/// Airtable in memory: the assets table answers the pending formula by reading the ready and delivered-at cells (the formula
/// text itself is checked), the batches table answers <c>OR({Batch ID} = '…')</c> by the quoted keys. Failures are scripted.
/// </summary>
internal sealed class FakeDeliveryRecords(PartnerDeliveryOptions options) : IDeliveryRecords
{
    private readonly object _gate = new();

    public Dictionary<string, List<(string Id, JsonObject Fields)>> Tables { get; } = new(StringComparer.Ordinal);

    public List<IReadOnlyList<DeliveryRecordUpdate>> Updates { get; } = [];

    /// <summary>Thrown by the next list calls, in order.</summary>
    public Queue<ProviderError> ListFailures { get; } = new();

    /// <summary>Thrown by the next update calls, in order.</summary>
    public Queue<ProviderError> UpdateFailures { get; } = new();

    public void Add(string table, string id, JsonObject fields)
    {
        if (!Tables.TryGetValue(table, out var rows)) Tables[table] = rows = [];
        rows.Add((id, fields));
    }

    public JsonObject Fields(string id) => Tables[options.AssetsTable].Single(r => r.Id == id).Fields;

    public Task<IReadOnlyList<DeliveryRecord>> ListAsync(string baseId, string table, string formula, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (ListFailures.TryDequeue(out var failure)) throw new ProviderException(failure);
            var rows = Tables.GetValueOrDefault(table) ?? [];
            IEnumerable<(string Id, JsonObject Fields)> matching;
            if (table == options.AssetsTable)
            {
                Assert.Equal(AirtableFormula.Pending(options), formula);
                matching = rows.Where(r => r.Fields[options.ReadyField]?.GetValue<bool>() == true && r.Fields[options.DeliveredAtField] is null);
            }
            else
            {
                matching = rows.Where(r => r.Fields[options.BatchKeyField] is JsonValue v && v.GetValueKind() == JsonValueKind.String
                    && formula.Contains(AirtableFormula.String(v.GetValue<string>()), StringComparison.Ordinal));
            }

            IReadOnlyList<DeliveryRecord> result = [.. matching.Select(r => new DeliveryRecord(r.Id, fields
                .Where(f => r.Fields[f] is not null)
                .ToDictionary(f => f, f => JsonSerializer.SerializeToElement(r.Fields[f]))))];
            return Task.FromResult(result);
        }
    }

    public Task UpdateAsync(string baseId, string table, IReadOnlyList<DeliveryRecordUpdate> updates, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Assert.InRange(updates.Count, 1, IDeliveryRecords.MaxPerUpdate);
            if (UpdateFailures.TryDequeue(out var failure)) throw new ProviderException(failure);
            Updates.Add(updates);
            foreach (var update in updates)
            {
                var fields = Fields(update.Id);
                foreach (var (name, value) in update.Fields)
                {
                    fields[name] = value is null ? null : JsonSerializer.SerializeToNode(value);
                }
            }

            return Task.CompletedTask;
        }
    }
}
