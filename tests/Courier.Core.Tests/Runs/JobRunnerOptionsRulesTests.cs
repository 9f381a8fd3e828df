using Courier.Core.Runs;

namespace Courier.Core.Tests.Runs;

public sealed class JobRunnerOptionsRulesTests
{
    [Fact]
    public void Check_Defaults_NoErrors() => Assert.Empty(JobRunnerOptionsRules.Check(new JobRunnerOptions()));

    [Fact]
    public void Defaults_LeaseOneMinuteGraceThirtySeconds()
    {
        var options = new JobRunnerOptions();

        Assert.Equal(TimeSpan.FromMinutes(1), options.LeaseDuration);
        Assert.Equal(TimeSpan.FromSeconds(30), options.DeadlineGrace);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(600)]
    public void Check_LeaseDurationAtTheBounds_NoErrors(int seconds) =>
        Assert.Empty(JobRunnerOptionsRules.Check(new JobRunnerOptions { LeaseDuration = TimeSpan.FromSeconds(seconds) }));

    [Theory]
    [InlineData(14)]
    [InlineData(601)]
    [InlineData(0)]
    public void Check_LeaseDurationOutOfRange_Fails(int seconds) =>
        Assert.Equal(["Runs:LeaseDuration must be between 00:00:15 and 00:10:00."], JobRunnerOptionsRules.Check(new JobRunnerOptions { LeaseDuration = TimeSpan.FromSeconds(seconds) }));

    [Theory]
    [InlineData(0)]
    [InlineData(300)]
    public void Check_DeadlineGraceAtTheBounds_NoErrors(int seconds) =>
        Assert.Empty(JobRunnerOptionsRules.Check(new JobRunnerOptions { DeadlineGrace = TimeSpan.FromSeconds(seconds) }));

    [Theory]
    [InlineData(-1)]
    [InlineData(301)]
    public void Check_DeadlineGraceOutOfRange_Fails(int seconds) =>
        Assert.Equal(["Runs:DeadlineGrace must be between 00:00:00 and 00:05:00."], JobRunnerOptionsRules.Check(new JobRunnerOptions { DeadlineGrace = TimeSpan.FromSeconds(seconds) }));

    [Fact]
    public void Check_BothOutOfRange_BothMessagesInOrder() =>
        Assert.Equal(
            ["Runs:LeaseDuration must be between 00:00:15 and 00:10:00.", "Runs:DeadlineGrace must be between 00:00:00 and 00:05:00."],
            JobRunnerOptionsRules.Check(new JobRunnerOptions { LeaseDuration = TimeSpan.FromHours(1), DeadlineGrace = TimeSpan.FromHours(1) }));
}
