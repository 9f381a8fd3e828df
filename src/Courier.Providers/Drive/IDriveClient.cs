namespace Courier.Providers.Drive;

/// <summary>
/// Drive v3 <c>files</c> calls for one Google credential, always with shared drives supported. Every failure is a
/// <see cref="Courier.Core.Errors.ProviderException"/> classified once here; credential-level ones carry a hold reason.
/// </summary>
public interface IDriveClient
{
    /// <summary>Every item matching <paramref name="query"/> (a Drive <c>q</c>; see <see cref="DriveQueryText"/>) across all drives, page by page.</summary>
    Task<IReadOnlyList<DriveItem>> ListAsync(DriveCredentials credentials, string query, CancellationToken cancellationToken);

    Task<DriveItem> GetAsync(DriveCredentials credentials, string fileId, CancellationToken cancellationToken);

    Task<DriveItem> CreateFolderAsync(DriveCredentials credentials, string parentId, string name, IReadOnlyDictionary<string, string> appProperties, CancellationToken cancellationToken);

    Task<DriveItem> CreateShortcutAsync(
        DriveCredentials credentials, string parentId, string name, string targetId, IReadOnlyDictionary<string, string> appProperties, CancellationToken cancellationToken);

    /// <summary>A server-side copy of a file (never a folder: Drive refuses) into <paramref name="parentId"/>, with its app properties merged over the source's.</summary>
    Task<DriveItem> CopyAsync(
        DriveCredentials credentials, string fileId, string parentId, string name, IReadOnlyDictionary<string, string> appProperties, CancellationToken cancellationToken);
}
