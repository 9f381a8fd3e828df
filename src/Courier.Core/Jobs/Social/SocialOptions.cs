using System.ComponentModel.DataAnnotations;

namespace Courier.Core.Jobs.Social;

/// <summary>Settings of the social job (spec §5.6), bound from the <c>Social</c> section.</summary>
public sealed class SocialOptions
{
    public const string SectionName = "Social";

    /// <summary>The retry ladder of transient failures: 2, 5, 15, 60 minutes (the last step repeats; a longer Retry-After wins).</summary>
    public static readonly IReadOnlyList<TimeSpan> RetrySteps = [TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(60)];

    /// <summary>Due posts one run takes.</summary>
    [Range(1, 1000)]
    public int RunLimit { get; set; } = 50;

    /// <summary>After this many attempts a transiently failing post fails for good.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// Publish a post that has no connection as a simulation (marked <c>simulated:true</c>); off, such a post fails with
    /// "no connection". Unset (or empty), the hosts turn it on in Development and off everywhere else.
    /// </summary>
    public bool? SimulateWithoutConnection { get; set; }

    /// <summary>How long a post waits while its Instagram container is IN_PROGRESS before a later run looks again.</summary>
    public TimeSpan ContainerPollDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>When a call reports this much of Meta's rate limit used (max of the usage headers), the run leaves the connection's other posts for later.</summary>
    [Range(1, 100)]
    public int SlowDownAtUsagePercent { get; set; } = 90;

    /// <summary>How long a claim holds a post before recovery may rescue it.</summary>
    public TimeSpan LeaseFor { get; set; } = TimeSpan.FromMinutes(5);
}
