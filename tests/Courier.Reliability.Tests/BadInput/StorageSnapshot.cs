using System.Text;
using Azure.Data.Tables;
using Courier.TestUtils.Azurite;

namespace Courier.Reliability.Tests.BadInput;

/// <summary>Everything a host stored under one table prefix and in every blob container, as text, to compare before and after.</summary>
public static class StorageSnapshot
{
    public static async Task<string> TakeAsync(AzuriteFixture azurite, string tablePrefix)
    {
        var text = new StringBuilder();
        var service = azurite.CreateTableServiceClient();
        await foreach (var table in service.QueryAsync(t => t.Name.CompareTo(tablePrefix) >= 0 && t.Name.CompareTo(tablePrefix + "{") < 0))
        {
            // Rows only: a table created empty by a first read stores nothing.
            await foreach (var entity in service.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                text.Append(table.Name).Append(' ').Append(entity.PartitionKey).Append('|').Append(entity.RowKey);
                foreach (var (key, value) in entity.OrderBy(p => p.Key, StringComparer.Ordinal).Where(p => p.Key is not ("Timestamp" or "odata.etag")))
                    text.Append(' ').Append(key).Append('=').Append(value);
                text.AppendLine();
            }
        }

        var blobs = azurite.CreateBlobServiceClient();
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            await foreach (var blob in blobs.GetBlobContainerClient(container.Name).GetBlobsAsync())
                text.Append("blob ").Append(container.Name).Append('/').Append(blob.Name).Append(' ').AppendLine(blob.Properties.ETag?.ToString());
        }

        return text.ToString();
    }
}
