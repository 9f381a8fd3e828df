using Courier.Core.Runs;
using Microsoft.Extensions.Options;

namespace Courier.Hosting.Hosting;

/// <summary>Checks the run budget settings (section <c>Runs</c>) at start-up.</summary>
public sealed class JobRunnerOptionsValidator : IValidateOptions<JobRunnerOptions>
{
    public ValidateOptionsResult Validate(string? name, JobRunnerOptions options)
    {
        var errors = new List<string>();
        if (options.ClaimReserve < TimeSpan.Zero) errors.Add("Runs:ClaimReserve must not be negative.");
        if (options.RunBudget <= options.ClaimReserve) errors.Add("Runs:RunBudget must be longer than Runs:ClaimReserve.");
        if (string.IsNullOrWhiteSpace(options.InstanceId)) errors.Add("Runs:InstanceId must not be empty.");
        errors.AddRange(JobRunnerOptionsRules.Check(options));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
