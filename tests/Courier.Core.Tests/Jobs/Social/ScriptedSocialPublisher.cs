using Courier.Core.Credentials;
using Courier.Core.Errors;
using Courier.Core.Jobs.Social;

namespace Courier.Core.Tests.Jobs.Social;

/// <summary>A publisher whose answers tests script per call kind (an error to throw, or a status); records every call.</summary>
internal sealed class ScriptedSocialPublisher : ISocialPublisher
{
    public const string Key = "meta";

    private int _next;

    public string ProviderKey => Key;

    public List<string> Calls { get; } = [];

    public List<string> Texts { get; } = [];

    /// <summary>Errors to throw, in order, from the next publish calls (Facebook publish or Instagram media_publish).</summary>
    public Queue<ProviderError> PublishErrors { get; } = new();

    public Queue<ProviderError> ContainerErrors { get; } = new();

    /// <summary>Statuses the next container reads answer; Finished when empty.</summary>
    public Queue<SocialContainerStatus> Statuses { get; } = new();

    /// <summary>What marker lookups find (marker → publication); the default publish also puts its post here.</summary>
    public Dictionary<string, SocialPublication> Published { get; } = new(StringComparer.Ordinal);

    /// <summary>When true, a publish that throws UnknownOutcome still "went out" (the post is findable by its marker).</summary>
    public bool LostAnswerStillPublished { get; set; } = true;

    public int UsagePercent { get; set; }

    public Task<SocialPublication> PublishFacebookAsync(SiteCredentials connection, string message, string? imageUrl, CancellationToken cancellationToken)
    {
        Calls.Add(imageUrl is null ? "feed" : "photos");
        Texts.Add(message);
        return PublishAsync(message);
    }

    public Task<string> CreateInstagramContainerAsync(SiteCredentials connection, string imageUrl, string caption, CancellationToken cancellationToken)
    {
        Calls.Add("media");
        Texts.Add(caption);
        if (ContainerErrors.TryDequeue(out var error)) throw new ProviderException(error);
        _lastCaption = caption;
        return Task.FromResult($"container-{++_next}");
    }

    public Task<SocialContainerState> GetInstagramContainerAsync(SiteCredentials connection, string containerId, CancellationToken cancellationToken)
    {
        Calls.Add("status");
        var status = Statuses.TryDequeue(out var s) ? s : SocialContainerStatus.Finished;
        return Task.FromResult(new SocialContainerState(status, status == SocialContainerStatus.Error ? "Error: 2207026" : null, UsagePercent));
    }

    public Task<SocialPublication> PublishInstagramAsync(SiteCredentials connection, string containerId, CancellationToken cancellationToken)
    {
        Calls.Add("media_publish");
        return PublishAsync(_lastCaption ?? "");
    }

    public Task<SocialPublication?> FindPublishedAsync(SiteCredentials connection, SocialPlatform platform, string marker, CancellationToken cancellationToken)
    {
        Calls.Add("find");
        return Task.FromResult(Published.Where(p => p.Key.Contains(marker, StringComparison.Ordinal)).Select(p => p.Value).FirstOrDefault());
    }

    private string? _lastCaption;

    private Task<SocialPublication> PublishAsync(string text)
    {
        var publication = new SocialPublication($"post-{++_next}", $"https://example.test/p/{_next}", UsagePercent);
        if (PublishErrors.TryDequeue(out var error))
        {
            if (error.Class == ErrorClass.UnknownOutcome && LostAnswerStillPublished) Published[text] = publication;
            throw new ProviderException(error);
        }

        Published[text] = publication;
        return Task.FromResult(publication);
    }
}
