using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace Courier.Storage.Tables;

/// <summary>Courier's tables in one account: names carry the deployment's prefix, and each table is created once per process on first use.</summary>
public sealed class CourierTables
{
    private readonly TableServiceClient _service;
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new(StringComparer.Ordinal);

    public CourierTables(TableServiceClient service, string tablePrefix)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(tablePrefix);
        _service = service;
        Prefix = tablePrefix;
    }

    public string Prefix { get; }

    public TableServiceClient Service => _service;

    /// <summary>The full name of a table (for example <c>{prefix}Queue</c>).</summary>
    public string NameOf(string table) => Prefix + table;

    /// <summary>The client of <paramref name="table"/>, creating the table the first time any caller in this process asks.</summary>
    public async Task<TableClient> GetAsync(string table, CancellationToken cancellationToken)
    {
        var name = NameOf(table);
        var lazy = _tables.GetOrAdd(name, n => new Lazy<Task<TableClient>>(() => CreateAsync(n), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (lazy.Value.IsFaulted)
        {
            // A failed creation (storage briefly unreachable) must not be cached: the next caller tries again.
            _tables.TryRemove(new KeyValuePair<string, Lazy<Task<TableClient>>>(name, lazy));
            throw;
        }
    }

    private async Task<TableClient> CreateAsync(string name)
    {
        var client = _service.GetTableClient(name);
        // Not tied to one caller's token: other callers may be waiting on the same creation.
        await client.CreateIfNotExistsAsync(CancellationToken.None).ConfigureAwait(false);
        return client;
    }
}
