namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>
/// The job's port to Google Drive (shared drives included), with the job's credential. Failures are
/// <see cref="Courier.Core.Errors.ProviderException"/>s, classified by the adapter.
/// </summary>
public interface IDeliveryDrive
{
    /// <summary><c>service_account</c> or <c>workload_identity</c>: how the job authenticates to Google, for the report.</summary>
    Task<string> GetAuthModeAsync(CancellationToken cancellationToken);

    Task<DriveNode> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The live (not trashed) children of a folder.</summary>
    Task<IReadOnlyList<DriveNode>> ListChildrenAsync(string folderId, CancellationToken cancellationToken);

    /// <summary>The live children of several folders in one listing (a query on all of them), each with its <see cref="DriveNode.ParentId"/>.</summary>
    Task<IReadOnlyList<DriveNode>> ListChildrenAsync(IReadOnlyCollection<string> folderIds, CancellationToken cancellationToken);

    Task<DriveNode> CreateFolderAsync(string parentId, string name, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);

    Task<DriveNode> CreateShortcutAsync(string parentId, string name, string targetId, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);

    /// <summary>A server-side copy of a file (folders cannot be copied) into <paramref name="parentId"/>.</summary>
    Task<DriveNode> CopyFileAsync(string fileId, string parentId, string name, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);
}
