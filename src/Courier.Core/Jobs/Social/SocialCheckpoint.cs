using System.Text.Json;

namespace Courier.Core.Jobs.Social;

/// <summary>What a waiting Instagram post keeps in its queue item between runs: the container already created for it.</summary>
internal sealed record SocialCheckpoint(string? ContainerId)
{
    public static SocialCheckpoint Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return new SocialCheckpoint((string?)null);
        try
        {
            return JsonSerializer.Deserialize<SocialCheckpoint>(json, SocialQueue.Json) ?? new SocialCheckpoint((string?)null);
        }
        catch (JsonException)
        {
            return new SocialCheckpoint((string?)null);
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, SocialQueue.Json);
}
