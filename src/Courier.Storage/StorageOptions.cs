namespace Courier.Storage;

/// <summary>Where Courier keeps its tables and blobs (AzureWebJobsStorage), and how queues are laid out.</summary>
public sealed class StorageOptions
{
    /// <summary>A connection string or <c>UseDevelopmentStorage=true</c>; empty when <see cref="AccountName"/> is used.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>For identity-based connections (<c>AzureWebJobsStorage__accountName</c>): the storage account name.</summary>
    public string? AccountName { get; set; }

    /// <summary>Prefix for every table name, so several deployments (or test runs) can share one account.</summary>
    public string TablePrefix { get; set; } = "";

    /// <summary>How many partitions each queue is spread over. Fixed for a queue's life: changing it strands existing items.</summary>
    public int QueueShards { get; set; } = 4;
}
