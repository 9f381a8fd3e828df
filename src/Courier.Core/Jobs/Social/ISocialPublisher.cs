using Courier.Core.Credentials;

namespace Courier.Core.Jobs.Social;

/// <summary>
/// Port: publishes to a connection's page or Instagram account. <paramref name="connection"/> arguments are the connection's
/// decrypted credentials (token and account ids), held for the call only. Failures are
/// <see cref="Courier.Core.Errors.ProviderException"/> with one classification; a publish whose answer was lost is UnknownOutcome.
/// </summary>
public interface ISocialPublisher
{
    /// <summary>The vault provider key of a connection's credentials (and of its circuit).</summary>
    string ProviderKey { get; }

    /// <summary>Text to the page's feed, or a photo with <paramref name="message"/> as caption when <paramref name="imageUrl"/> is given; reads the permalink.</summary>
    Task<SocialPublication> PublishFacebookAsync(SiteCredentials connection, string message, string? imageUrl, CancellationToken cancellationToken);

    /// <summary>Creates an Instagram image container; returns its id.</summary>
    Task<string> CreateInstagramContainerAsync(SiteCredentials connection, string imageUrl, string caption, CancellationToken cancellationToken);

    Task<SocialContainerState> GetInstagramContainerAsync(SiteCredentials connection, string containerId, CancellationToken cancellationToken);

    /// <summary>Publishes a FINISHED container; reads the permalink.</summary>
    Task<SocialPublication> PublishInstagramAsync(SiteCredentials connection, string containerId, CancellationToken cancellationToken);

    /// <summary>Looks for a recent post whose text contains <paramref name="marker"/> (reconciling a lost answer); null when none.</summary>
    Task<SocialPublication?> FindPublishedAsync(SiteCredentials connection, SocialPlatform platform, string marker, CancellationToken cancellationToken);
}
