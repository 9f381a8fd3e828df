using Courier.Functions.Scheduling;
using Microsoft.Extensions.Configuration;

namespace Courier.Functions.Tests.Scheduling;

public sealed class SchedulerOptionsValidatorTests
{
    private static IReadOnlyList<string> Failures(SchedulerOptions options, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        return new SchedulerOptionsValidator(configuration).Validate(null, options).Failures?.ToList() ?? [];
    }

    [Fact]
    public void Validate_Defaults_Succeeds() => Assert.Empty(Failures(new SchedulerOptions()));

    [Theory]
    [InlineData(14, "Scheduling:LeaseDuration must be between 00:00:15 and 00:01:00.")]
    [InlineData(61, "Scheduling:LeaseDuration must be between 00:00:15 and 00:01:00.")]
    public void Validate_LeaseOutOfRange_Fails(int seconds, string message) =>
        Assert.Equal([message], Failures(new SchedulerOptions { LeaseDuration = TimeSpan.FromSeconds(seconds) }));

    [Fact]
    public void Validate_AcquireRetryZero_Fails() =>
        Assert.Equal(["Scheduling:AcquireRetryInterval must be more than 00:00:00 and at most 00:05:00."], Failures(new SchedulerOptions { AcquireRetryInterval = TimeSpan.Zero }));

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("has space")]
    [InlineData("a-host-id-that-is-far-too-long-for-us")]
    public void Validate_BadHostId_Fails(string hostId) =>
        Assert.Equal(["Scheduling:HostId must be 1-32 characters of lower-case letters, digits or '-'."], Failures(new SchedulerOptions { HostId = hostId }));

    [Fact]
    public void Validate_UnknownTimeZone_Fails() =>
        Assert.Equal(["Scheduling:TimeZone 'Mars/Base' is not a known time zone."], Failures(new SchedulerOptions { TimeZone = "Mars/Base" }));

    [Fact]
    public void Validate_UnknownWebsiteTimeZone_Fails() =>
        Assert.Equal(["Scheduling:TimeZone 'Nowhere' is not a known time zone."], Failures(new SchedulerOptions(), ("WEBSITE_TIME_ZONE", "Nowhere")));

    [Fact]
    public void Validate_BadScheduleOverride_Fails() =>
        Assert.Equal(
            ["Schedules:recover-processing '*/5 * * * *' is not a six-field NCRONTAB expression (second minute hour day month day-of-week)."],
            Failures(new SchedulerOptions(), ("Schedules:recover-processing", "*/5 * * * *")));
}
