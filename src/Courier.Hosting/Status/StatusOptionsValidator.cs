using Microsoft.Extensions.Options;

namespace Courier.Hosting.Status;

/// <summary>Checks <see cref="StatusOptions"/> at start-up.</summary>
public sealed class StatusOptionsValidator : IValidateOptions<StatusOptions>
{
    public ValidateOptionsResult Validate(string? name, StatusOptions options) =>
        options.SessionLifetime < TimeSpan.FromMinutes(5) || options.SessionLifetime > TimeSpan.FromDays(7)
            ? ValidateOptionsResult.Fail("Status:SessionLifetime must be between 00:05:00 and 7.00:00:00.")
            : ValidateOptionsResult.Success;
}
