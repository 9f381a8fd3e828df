namespace Courier.Hosting.Status;

/// <summary>Status page settings (section <c>Status</c>).</summary>
public sealed class StatusOptions
{
    public const string Section = "Status";

    /// <summary>How long a browser stays signed in to <c>/status</c> after entering the secret once.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);
}
