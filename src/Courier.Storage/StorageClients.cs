using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Courier.Storage.Tables;

namespace Courier.Storage;

/// <summary>Creates the storage clients Courier uses, from settings or from a connection string (tests, tools).</summary>
public static class StorageClients
{
    /// <summary>
    /// Blob options pinned to the newest service version Azurite 3.37 accepts; the SDK default (2026-10-06) is refused by
    /// Azurite unless it runs with --skipApiVersionCheck, and Azure accepts the pinned version too.
    /// </summary>
    public static BlobClientOptions BlobOptions() => new(BlobClientOptions.ServiceVersion.V2026_06_06);

    public static TableServiceClient CreateTableServiceClient(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new TableServiceClient(connectionString);
    }

    public static BlobServiceClient CreateBlobServiceClient(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new BlobServiceClient(connectionString, BlobOptions());
    }

    /// <summary>Clients of <paramref name="options"/>: its connection string, else its account name with <paramref name="credential"/> (default: DefaultAzureCredential).</summary>
    public static TableServiceClient CreateTableServiceClient(StorageOptions options, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return !string.IsNullOrWhiteSpace(options.ConnectionString)
            ? CreateTableServiceClient(options.ConnectionString)
            : new TableServiceClient(new Uri($"https://{RequireAccount(options)}.table.core.windows.net"), credential ?? new DefaultAzureCredential());
    }

    /// <inheritdoc cref="CreateTableServiceClient(StorageOptions, TokenCredential?)"/>
    public static BlobServiceClient CreateBlobServiceClient(StorageOptions options, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return !string.IsNullOrWhiteSpace(options.ConnectionString)
            ? CreateBlobServiceClient(options.ConnectionString)
            : new BlobServiceClient(new Uri($"https://{RequireAccount(options)}.blob.core.windows.net"), credential ?? new DefaultAzureCredential(), BlobOptions());
    }

    /// <summary>Courier's tables in the account of <paramref name="connectionString"/>, named with <paramref name="tablePrefix"/>.</summary>
    public static CourierTables CreateTables(string connectionString, string tablePrefix) =>
        new(CreateTableServiceClient(connectionString), tablePrefix);

    private static string RequireAccount(StorageOptions options) =>
        string.IsNullOrWhiteSpace(options.AccountName) ? throw new InvalidOperationException(StorageOptionsValidator.MissingConnection) : options.AccountName;
}
