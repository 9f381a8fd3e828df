using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Courier.Core.Validation;

namespace Courier.Core.Jobs.Social;

/// <summary>Reads and validates a <c>POST /api/social-auto-poster/queue</c> body into a <see cref="SocialPostPayload"/>, naming every bad field.</summary>
/// <remarks>Whether the connection exists is checked by the API against the vault; this checks the shape only.</remarks>
public static class SocialSubmission
{
    /// <summary>Instagram's caption limit; Facebook allows far more (63,206).</summary>
    public const int InstagramCaptionLimit = 2200;

    public const int FacebookMessageLimit = 63_206;

    private static readonly string[] Known = ["id", "platform", "connectionId", "content", "imageUrl", "scheduledAt"];

    public static (SocialPostPayload? Payload, IReadOnlyList<FieldError> Errors) Parse(JsonElement body)
    {
        var fields = new JsonFields(body);
        if (!fields.IsObject) return (null, [new FieldError("$", "the body must be a JSON object")]);
        var id = fields.String("id", required: false, maxLength: 200);
        if (id is not null && (id.Length == 0 || id.Any(char.IsControl) || id.Contains('/', StringComparison.Ordinal) || id.Contains('\\', StringComparison.Ordinal) || id.Contains('#', StringComparison.Ordinal) || id.Contains('?', StringComparison.Ordinal)))
            fields.Error("id", "must be non-empty, without control characters, '/', '\\', '#' or '?'");
        var platformText = fields.String("platform", required: true, maxLength: 20);
        SocialPlatform? platform = platformText switch
        {
            null => null,
            _ when platformText.Equals("facebook", StringComparison.OrdinalIgnoreCase) => SocialPlatform.Facebook,
            _ when platformText.Equals("instagram", StringComparison.OrdinalIgnoreCase) => SocialPlatform.Instagram,
            _ => null,
        };
        if (platformText is not null && platform is null) fields.Error("platform", "must be \"facebook\" or \"instagram\"");
        var connectionId = fields.String("connectionId", required: false, maxLength: 200);
        if (connectionId is not null && (string.IsNullOrWhiteSpace(connectionId) || connectionId.Any(char.IsControl) || connectionId.Contains(':', StringComparison.Ordinal)))
            fields.Error("connectionId", "must be non-empty, without ':' or control characters");
        var content = fields.String("content", required: true, maxLength: FacebookMessageLimit);
        if (platform == SocialPlatform.Instagram && content is { Length: > InstagramCaptionLimit })
            fields.Error("content", $"must be at most {InstagramCaptionLimit} characters on Instagram");
        var imageUrl = fields.String("imageUrl", required: false, maxLength: 2000);
        if (imageUrl is not null && (!Uri.TryCreate(imageUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
            fields.Error("imageUrl", "must be an absolute http or https URL the platform can fetch");
        else if (platform == SocialPlatform.Instagram && imageUrl is null && !fields.Errors.Any(e => e.Field == "imageUrl"))
            fields.Error("imageUrl", "is required for Instagram (an image post)");
        var scheduledAt = fields.DateTimeWithOffset("scheduledAt", required: true);
        foreach (var property in body.EnumerateObject())
        {
            if (!Known.Contains(property.Name, StringComparer.Ordinal)) fields.Error(property.Name, "is not a known field");
        }

        if (fields.Errors.Count > 0) return (null, fields.Errors);
        var postId = id ?? NaturalId(platform!.Value, connectionId, content!, imageUrl, scheduledAt!.Value);
        return (new SocialPostPayload(postId, platform!.Value, connectionId, content!, imageUrl, scheduledAt!.Value), []);
    }

    /// <summary>The same post (platform, connection, text, image, instant) resent gets the same id, so a retried request queues it once.</summary>
    private static string NaturalId(SocialPlatform platform, string? connectionId, string content, string? imageUrl, DateTimeOffset scheduledAt)
    {
        var key = string.Join('\n', platform.ToString(), connectionId ?? "", content, imageUrl ?? "", scheduledAt.UtcTicks.ToString(CultureInfo.InvariantCulture));
        return "post-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24];
    }
}
