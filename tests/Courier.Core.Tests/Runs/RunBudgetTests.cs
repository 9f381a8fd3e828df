using Courier.Core.Runs;
using Courier.Core.Tests.Support;

namespace Courier.Core.Tests.Runs;

public sealed class RunBudgetTests
{
    [Fact]
    public void CanClaimMore_BeforeTheReserve_True()
    {
        var time = TestClock.New();
        var budget = new RunBudget(time, time.GetUtcNow(), TimeSpan.FromMinutes(9), TimeSpan.FromSeconds(30));

        time.Advance(TimeSpan.FromMinutes(8) + TimeSpan.FromSeconds(29));

        Assert.True(budget.CanClaimMore);
        Assert.Equal(TimeSpan.FromSeconds(31), budget.Remaining);
    }

    [Theory]
    [InlineData(510)]
    [InlineData(539)]
    [InlineData(540)]
    [InlineData(600)]
    public void CanClaimMore_WithinTheReserveOrPastTheDeadline_False(int elapsedSeconds)
    {
        var time = TestClock.New();
        var budget = new RunBudget(time, time.GetUtcNow(), TimeSpan.FromMinutes(9), TimeSpan.FromSeconds(30));

        time.Advance(TimeSpan.FromSeconds(elapsedSeconds));

        Assert.False(budget.CanClaimMore);
    }

    [Fact]
    public void Deadline_StartPlusBudget()
    {
        var time = TestClock.New();

        var budget = new RunBudget(time, TestClock.Start.AddSeconds(5), TimeSpan.FromMinutes(9), TimeSpan.FromSeconds(30));

        Assert.Equal(TestClock.Start.AddSeconds(5) + TimeSpan.FromMinutes(9), budget.Deadline);
        Assert.Equal(TestClock.Start.AddSeconds(5), budget.StartedAt);
    }

    [Fact]
    public void Unlimited_AfterAMonth_StillClaims()
    {
        var time = TestClock.New();
        var budget = RunBudget.Unlimited(time);

        time.Advance(TimeSpan.FromDays(30));

        Assert.True(budget.CanClaimMore);
    }
}
