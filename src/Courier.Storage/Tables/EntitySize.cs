using Azure.Data.Tables;

namespace Courier.Storage.Tables;

/// <summary>
/// Size estimates for the limits the service enforces and Azurite does not: 1 MiB per entity, 252 properties,
/// and the under-4 MiB body of an entity-group transaction.
/// </summary>
internal static class EntitySize
{
    public const long MaxEntityBytes = 1024 * 1024;
    public const int MaxCustomProperties = 252;

    /// <summary>Bytes of request body an operation adds to a transaction besides its entity: multipart headers and the request line.</summary>
    private const int OperationOverheadBytes = 1024;

    /// <summary>The stored size by the service's published formula (UTF-16 strings, fixed sizes for other types).</summary>
    public static long StoredBytes(ITableEntity entity, IEnumerable<KeyValuePair<string, object>>? properties = null)
    {
        long size = 4 + (2L * (entity.PartitionKey?.Length ?? 0)) + (2L * (entity.RowKey?.Length ?? 0));
        if (properties is null) return size;
        foreach (var (name, value) in properties)
        {
            if (IsSystem(name)) continue;
            size += 8 + (2L * name.Length) + value switch
            {
                null => 0,
                string s => 4 + (2L * s.Length),
                byte[] b => 4 + b.Length,
                bool => 1,
                int => 4,
                Guid => 16,
                _ => 8,
            };
        }

        return size;
    }

    /// <summary>An upper bound of the JSON an operation puts in a transaction body (every non-ASCII or HTML-sensitive character counted as a 6-byte escape).</summary>
    public static long TransactionBytes(TableTransactionAction action)
    {
        var entity = action.Entity;
        long size = OperationOverheadBytes + (6L * ((entity.PartitionKey?.Length ?? 0) + (entity.RowKey?.Length ?? 0)) * 3);
        if (entity is not TableEntity table || action.ActionType == TableTransactionActionType.Delete) return size;
        foreach (var (name, value) in table)
        {
            // Name, quotes and colon, plus an "@odata.type" annotation for typed values.
            size += name.Length + 64 + value switch
            {
                null => 4,
                string s => 2 + JsonStringBytes(s),
                byte[] b => 2 + ((b.Length + 2) / 3 * 4),
                _ => 40,
            };
        }

        return size;
    }

    /// <summary>Throws when the service would refuse <paramref name="entity"/>, naming <paramref name="what"/> in the message.</summary>
    public static void EnsureStorable(TableEntity entity, string what)
    {
        var custom = entity.Keys.Count(k => !IsSystem(k));
        if (custom > MaxCustomProperties)
            throw new ArgumentException($"{what} has {custom} properties; a table row holds at most {MaxCustomProperties}");
        var bytes = StoredBytes(entity, entity);
        if (bytes > MaxEntityBytes)
            throw new ArgumentException($"{what} is too large to store: about {bytes} bytes, and a table row holds at most {MaxEntityBytes} (1 MiB)");
    }

    private static long JsonStringBytes(string s)
    {
        long bytes = 0;
        foreach (var c in s) bytes += c is >= ' ' and <= '~' and not ('"' or '\\' or '<' or '>' or '&' or '\'' or '+' or '`') ? 1 : 6;
        return bytes;
    }

    private static bool IsSystem(string name) => name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag";
}
