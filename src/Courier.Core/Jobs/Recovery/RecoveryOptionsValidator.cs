using Microsoft.Extensions.Options;

namespace Courier.Core.Jobs.Recovery;

/// <summary>Checks <see cref="RecoveryOptions"/> at start-up, with messages that name the setting.</summary>
public sealed class RecoveryOptionsValidator : IValidateOptions<RecoveryOptions>
{
    public ValidateOptionsResult Validate(string? name, RecoveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MinAge < TimeSpan.Zero) failures.Add($"Recovery:MinAge must not be negative (was {options.MinAge}).");
        if (options.BatchSize is < 1 or > 5000) failures.Add($"Recovery:BatchSize must be between 1 and 5000 (was {options.BatchSize}).");
        if (options.CompletedRetention <= TimeSpan.Zero) failures.Add($"Recovery:CompletedRetention must be positive (was {options.CompletedRetention}).");
        if (options.FailedRetention <= TimeSpan.Zero) failures.Add($"Recovery:FailedRetention must be positive (was {options.FailedRetention}).");
        if (options.MaxPrunedPerQueue is < 0 or > 10_000) failures.Add($"Recovery:MaxPrunedPerQueue must be between 0 and 10000 (was {options.MaxPrunedPerQueue}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
