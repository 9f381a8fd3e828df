using Courier.Core.Credentials;
using Courier.Core.Errors;
using Courier.Core.Jobs.PartnerDelivery;
using Courier.Providers.Google;
using Microsoft.Extensions.Options;

namespace Courier.Providers.Drive;

/// <summary>
/// The partner delivery job's <see cref="IDeliveryDrive"/> over <see cref="IDriveClient"/>. The credential is
/// <c>Drive:CredentialJson</c> when set, else the site's <c>google_drive</c> credentials from the vault, read once per run.
/// </summary>
public sealed class DriveDeliveryDrive(IDriveClient client, IOptions<DriveOptions> options, ProviderCredentialsService vault, string siteId) : IDeliveryDrive
{
    private Task<DriveCredentials>? credentials;

    public async Task<string> GetAuthModeAsync(CancellationToken cancellationToken) =>
        GoogleCredentialTokenSource.AuthModeOf((await CredentialsAsync(cancellationToken).ConfigureAwait(false)).CredentialJson);

    public async Task<DriveNode> GetAsync(string id, CancellationToken cancellationToken) =>
        Node(await client.GetAsync(await CredentialsAsync(cancellationToken).ConfigureAwait(false), id, cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyList<DriveNode>> ListChildrenAsync(string folderId, CancellationToken cancellationToken)
    {
        var items = await client.ListAsync(await CredentialsAsync(cancellationToken).ConfigureAwait(false), DriveQueryText.ChildrenOf(folderId), cancellationToken).ConfigureAwait(false);
        return [.. items.Select(Node)];
    }

    public async Task<IReadOnlyList<DriveNode>> ListChildrenAsync(IReadOnlyCollection<string> folderIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folderIds);
        if (folderIds.Count == 0) return [];
        var items = await client.ListAsync(await CredentialsAsync(cancellationToken).ConfigureAwait(false), DriveQueryText.ChildrenOfAny(folderIds), cancellationToken).ConfigureAwait(false);
        return [.. items.Select(Node)];
    }

    public async Task<DriveNode> CreateFolderAsync(string parentId, string name, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
        Node(await client.CreateFolderAsync(await CredentialsAsync(cancellationToken).ConfigureAwait(false), parentId, name, tags, cancellationToken).ConfigureAwait(false));

    public async Task<DriveNode> CreateShortcutAsync(string parentId, string name, string targetId, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
        Node(await client.CreateShortcutAsync(await CredentialsAsync(cancellationToken).ConfigureAwait(false), parentId, name, targetId, tags, cancellationToken).ConfigureAwait(false));

    public async Task<DriveNode> CopyFileAsync(string fileId, string parentId, string name, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
        Node(await client.CopyAsync(await CredentialsAsync(cancellationToken).ConfigureAwait(false), fileId, parentId, name, tags, cancellationToken).ConfigureAwait(false));

    private static DriveNode Node(DriveItem item) => new(
        item.Id,
        item.Name,
        item.IsFolder ? DriveNodeKind.Folder : item.IsShortcut ? DriveNodeKind.Shortcut : DriveNodeKind.File,
        item.WebViewLink,
        item.DriveId,
        item.AppProperties,
        item.ShortcutTargetId,
        item.ParentId);

    private Task<DriveCredentials> CredentialsAsync(CancellationToken cancellationToken) => credentials ??= ResolveAsync(cancellationToken);

    private async Task<DriveCredentials> ResolveAsync(CancellationToken cancellationToken)
    {
        if (options.Value.CredentialJson is { Length: > 0 } json)
        {
            return new DriveCredentials(json);
        }

        try
        {
            return DriveCredentials.From(await vault.GetAsync(siteId, DriveCredentialSchema.ProviderKey, cancellationToken).ConfigureAwait(false));
        }
        catch (CredentialsUnavailableException e)
        {
            throw new ProviderException(ProviderError.Permanent("credentials_unavailable", $"No Google Drive credential: set Drive:CredentialJson or seed {siteId}/google_drive ({e.Message}).")
                with { HoldReason = "CREDENTIALS_UNAVAILABLE" });
        }
    }
}
