namespace Courier.Sandbox.Meta;

/// <summary>Body of <c>POST /_sandbox/meta/settings</c>: overrides of <see cref="MetaSandboxOptions"/> until the next reset.</summary>
public sealed record MetaSettingsRequest(int? ContainerPollsInProgress, int? PublishingLimitPer24Hours);
