using Microsoft.Extensions.Options;

namespace Courier.Hosting.Http;

/// <summary>Checks <see cref="HttpOptions"/> at start-up.</summary>
public sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions options) =>
        options.TwinRateLimitPerMinute is < 1 or > 10_000
            ? ValidateOptionsResult.Fail("Http:TwinRateLimitPerMinute must be between 1 and 10000.")
            : ValidateOptionsResult.Success;
}
