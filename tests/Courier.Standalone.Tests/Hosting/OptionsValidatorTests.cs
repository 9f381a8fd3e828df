using Courier.Core.Runs;
using Courier.Hosting.Hosting;
using Courier.Standalone.Hosting;
using Courier.Hosting.Http;
using Courier.Hosting.Status;
using Courier.Standalone.Tests.Support;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Courier.Standalone.Tests.Hosting;

public sealed class OptionsValidatorTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public void HttpOptionsValidator_RateLimitOutOfRange_Fails(int limit) =>
        Assert.Equal(["Http:TwinRateLimitPerMinute must be between 1 and 10000."], new HttpOptionsValidator().Validate(null, new HttpOptions { TwinRateLimitPerMinute = limit }).Failures);

    [Fact]
    public void HttpOptionsValidator_Defaults_Succeed() => Assert.True(new HttpOptionsValidator().Validate(null, new HttpOptions()).Succeeded);

    [Theory]
    [InlineData(4)]
    [InlineData(7 * 24 * 60 + 1)]
    public void StatusOptionsValidator_LifetimeOutOfRange_Fails(int minutes) =>
        Assert.Equal(["Status:SessionLifetime must be between 00:05:00 and 7.00:00:00."], new StatusOptionsValidator().Validate(null, new StatusOptions { SessionLifetime = TimeSpan.FromMinutes(minutes) }).Failures);

    [Fact]
    public void JobRunnerOptionsValidator_BudgetNotLongerThanReserve_Fails() =>
        Assert.Equal(
            ["Runs:RunBudget must be longer than Runs:ClaimReserve."],
            new JobRunnerOptionsValidator().Validate(null, new JobRunnerOptions { RunBudget = TimeSpan.FromSeconds(30), ClaimReserve = TimeSpan.FromSeconds(30) }).Failures);

    [Fact]
    public void JobRunnerOptionsValidator_NegativeReserveAndNoInstance_Fails() =>
        Assert.Equal(
            ["Runs:ClaimReserve must not be negative.", "Runs:InstanceId must not be empty."],
            new JobRunnerOptionsValidator().Validate(null, new JobRunnerOptions { ClaimReserve = TimeSpan.FromSeconds(-1), InstanceId = " " }).Failures);

    [Theory]
    [InlineData("Http:TwinRateLimitPerMinute", "0", "Http:TwinRateLimitPerMinute must be between 1 and 10000.")]
    [InlineData("Scheduling:LeaseDuration", "00:00:05", "Scheduling:LeaseDuration must be between 00:00:15 and 00:01:00.")]
    [InlineData("SCHEDULE_SYNC_WRITE_BACK", "every minute", "SCHEDULE_SYNC_WRITE_BACK 'every minute' is not a six-field NCRONTAB expression (second minute hour day month day-of-week).")]
    [InlineData("SCHEDULE_RECOVER_PROCESSING", "*/5 * * * *", "SCHEDULE_RECOVER_PROCESSING '*/5 * * * *' is not a six-field NCRONTAB expression (second minute hour day month day-of-week).")]
    [InlineData("Scheduling:TimeZone", "Mars/Base", "Time zone 'Mars/Base' (Scheduling:TimeZone or WEBSITE_TIME_ZONE) is not a known time zone.")]
    [InlineData("WEBSITE_TIME_ZONE", "Nowhere", "Time zone 'Nowhere' (Scheduling:TimeZone or WEBSITE_TIME_ZONE) is not a known time zone.")]
    [InlineData("Status:SessionLifetime", "00:01:00", "Status:SessionLifetime must be between 00:05:00 and 7.00:00:00.")]
    [InlineData("Runs:RunBudget", "00:00:10", "Runs:RunBudget must be longer than Runs:ClaimReserve.")]
    public async Task StartAsync_InvalidSetting_FailsWithItsMessage(string key, string value, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => CourierTestHost.StartAsync(new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(message, error.Failures);
    }
}
