namespace Courier.Core.Runs;

/// <summary>
/// Start-up rules for the run lease and deadline settings of <see cref="JobRunnerOptions"/>, with their exact messages.
/// The host's options validator adds these to its own checks.
/// </summary>
public static class JobRunnerOptionsRules
{
    private static readonly TimeSpan MinLeaseDuration = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan MaxLeaseDuration = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MaxDeadlineGrace = TimeSpan.FromMinutes(5);

    /// <summary>The broken rules' messages; empty when the options are valid.</summary>
    public static IEnumerable<string> Check(JobRunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.LeaseDuration < MinLeaseDuration || options.LeaseDuration > MaxLeaseDuration)
            errors.Add("Runs:LeaseDuration must be between 00:00:15 and 00:10:00.");
        if (options.DeadlineGrace < TimeSpan.Zero || options.DeadlineGrace > MaxDeadlineGrace)
            errors.Add("Runs:DeadlineGrace must be between 00:00:00 and 00:05:00.");
        return errors;
    }
}
