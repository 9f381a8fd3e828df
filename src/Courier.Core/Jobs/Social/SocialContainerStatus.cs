namespace Courier.Core.Jobs.Social;

/// <summary>Where an Instagram media container stands.</summary>
public enum SocialContainerStatus
{
    InProgress,
    Finished,
    Error,
    Expired,
    Published,
}
