using Microsoft.Extensions.Options;

namespace Courier.Core.Jobs.Artifacts;

/// <summary>Checks <see cref="ArtifactsOptions"/> at start-up, with messages that name the setting.</summary>
public sealed class ArtifactsOptionsValidator : IValidateOptions<ArtifactsOptions>
{
    /// <summary>The longest a user-delegation SAS may live.</summary>
    public static readonly TimeSpan MaxDownloadUrlLifetime = TimeSpan.FromDays(7);

    public ValidateOptionsResult Validate(string? name, ArtifactsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckContainer(failures, "Artifacts:MediaContainer", options.MediaContainer);
        CheckContainer(failures, "Artifacts:ArtifactsContainer", options.ArtifactsContainer);
        if (string.Equals(options.MediaContainer, options.ArtifactsContainer, StringComparison.Ordinal))
            failures.Add("Artifacts:ArtifactsContainer must differ from Artifacts:MediaContainer.");
        if (options.MaxPerRun is < 1 or > 1000) failures.Add($"Artifacts:MaxPerRun must be between 1 and 1000 (was {options.MaxPerRun}).");
        if (options.MaxAttempts is < 1 or > 100) failures.Add($"Artifacts:MaxAttempts must be between 1 and 100 (was {options.MaxAttempts}).");
        if (options.LeaseFor < TimeSpan.FromSeconds(1)) failures.Add($"Artifacts:LeaseFor must be at least 00:00:01 (was {options.LeaseFor}).");
        if (options.HeartbeatEvery <= TimeSpan.Zero || options.HeartbeatEvery * 2 > options.LeaseFor)
            failures.Add($"Artifacts:HeartbeatEvery must be positive and at most half of Artifacts:LeaseFor (was {options.HeartbeatEvery}, lease {options.LeaseFor}).");
        if (options.RetryBaseDelay <= TimeSpan.Zero) failures.Add($"Artifacts:RetryBaseDelay must be positive (was {options.RetryBaseDelay}).");
        if (options.RetryMaxDelay < options.RetryBaseDelay) failures.Add($"Artifacts:RetryMaxDelay must be at least Artifacts:RetryBaseDelay (was {options.RetryMaxDelay}).");
        if (options.DownloadUrlLifetime <= TimeSpan.Zero || options.DownloadUrlLifetime > MaxDownloadUrlLifetime)
            failures.Add($"Artifacts:DownloadUrlLifetime must be positive and at most 7.00:00:00 (was {options.DownloadUrlLifetime}).");
        foreach (var extension in options.StoredExtensions)
        {
            if (string.IsNullOrWhiteSpace(extension) || extension.StartsWith('.') || !extension.All(char.IsAsciiLetterOrDigit))
                failures.Add($"Artifacts:StoredExtensions entries must be letters and digits without a dot (was '{extension}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Azure's container naming rules: 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.
    private static void CheckContainer(List<string> failures, string setting, string? value)
    {
        var ok = value is { Length: >= 3 and <= 63 }
            && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            && char.IsAsciiLetterOrDigit(value[0]) && char.IsAsciiLetterOrDigit(value[^1])
            && !value.Contains("--", StringComparison.Ordinal);
        if (!ok) failures.Add($"{setting} must be a container name: 3 to 63 lowercase letters, digits and single hyphens (was '{value}').");
    }
}
