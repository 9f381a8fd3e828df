namespace Courier.Core.Jobs.Social;

/// <summary>The social twin's report: <c>{"ok":true,"processed","succeeded","failed","retried","unknown","deferred"}</c>.</summary>
public sealed record SocialResult(bool Ok, int Processed, int Succeeded, int Failed, int Retried, int Unknown, int Deferred);
