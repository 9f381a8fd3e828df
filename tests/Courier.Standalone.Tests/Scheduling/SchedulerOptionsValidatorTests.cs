using Courier.Standalone.Scheduling;

namespace Courier.Standalone.Tests.Scheduling;

public sealed class SchedulerOptionsValidatorTests
{
    private static IReadOnlyList<string> Failures(SchedulerOptions options) =>
        new SchedulerOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

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
}
