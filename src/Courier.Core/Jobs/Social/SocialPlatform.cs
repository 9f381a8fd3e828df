namespace Courier.Core.Jobs.Social;

/// <summary>Where a social post goes.</summary>
public enum SocialPlatform
{
    /// <summary>A Facebook Page: text to its feed, or a photo with a caption.</summary>
    Facebook,

    /// <summary>An Instagram professional account (linked to a page): an image with a caption, through a media container.</summary>
    Instagram,
}
