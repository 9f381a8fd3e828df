using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Courier.TestUtils.Azurite;

/// <summary>
/// Storage for tests: the account in <c>COURIER_TEST_STORAGE</c> when set, else one Azurite started from the repository's
/// node_modules on free loopback ports and stopped (process tree killed) when the last fixture is disposed.
/// Use as an xunit collection fixture: declare <c>[CollectionDefinition(AzuriteFixture.Collection)] class X : ICollectionFixture&lt;AzuriteFixture&gt;;</c>
/// in the test assembly. Tests isolate themselves with <see cref="NewTablePrefix"/>, never by clearing state.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>The collection name test classes join with <c>[Collection(AzuriteFixture.Collection)]</c>.</summary>
    public const string Collection = "Azurite";

    /// <summary>A connection string of an existing account (or emulator) to use instead of starting Azurite.</summary>
    public const string EnvironmentVariable = "COURIER_TEST_STORAGE";

    private bool _ownsProcess;

    /// <summary>A connection string with explicit endpoints; valid after initialization.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>A table prefix no other test uses (letters and digits, starting with a letter), so tests can share one account in parallel.</summary>
    public static string NewTablePrefix() => "t" + Guid.NewGuid().ToString("N")[..10];

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            ConnectionString = configured.Trim();
            return;
        }

        ConnectionString = await AzuriteProcess.AcquireAsync().ConfigureAwait(false);
        _ownsProcess = true;
    }

    public async Task DisposeAsync()
    {
        if (!_ownsProcess) return;
        _ownsProcess = false;
        await AzuriteProcess.ReleaseAsync().ConfigureAwait(false);
    }

    public TableServiceClient CreateTableServiceClient() => new(ConnectionString);

    /// <summary>A blob client pinned to the service version Azurite accepts without --skipApiVersionCheck.</summary>
    public BlobServiceClient CreateBlobServiceClient() => new(ConnectionString, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06));

    /// <summary>Configuration values that point Courier's storage at this account with <paramref name="tablePrefix"/> (for <c>AddInMemoryCollection</c>).</summary>
    public IReadOnlyDictionary<string, string?> StorageSettings(string tablePrefix) => new Dictionary<string, string?>
    {
        ["AzureWebJobsStorage"] = ConnectionString,
        ["Storage:TablePrefix"] = tablePrefix,
    };
}
