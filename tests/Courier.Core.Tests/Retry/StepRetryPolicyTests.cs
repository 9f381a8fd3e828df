using Courier.Core.Errors;
using Courier.Core.Retry;
using Courier.Core.Tests.Support;

namespace Courier.Core.Tests.Retry;

public sealed class StepRetryPolicyTests
{
    private static readonly DateTimeOffset Now = TestClock.Start;
    private static readonly ProviderError Busy = ProviderError.Transient("http_503", "busy");
    private static readonly StepRetryPolicy Social = new([TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(60)]);

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 5)]
    [InlineData(3, 15)]
    [InlineData(4, 60)]
    public void NextAttemptAt_EachStep_LadderDelay(int attempt, int minutes)
    {
        Assert.Equal(Now.AddMinutes(minutes), Social.NextAttemptAt(Now, attempt, Busy));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(1000)]
    public void NextAttemptAt_PastTheLadder_LastStepRepeats(int attempt)
    {
        Assert.Equal(Now.AddMinutes(60), Social.NextAttemptAt(Now, attempt, Busy));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void NextAttemptAt_AttemptBelowOne_FirstStep(int attempt)
    {
        Assert.Equal(Now.AddMinutes(2), Social.NextAttemptAt(Now, attempt, Busy));
    }

    [Fact]
    public void NextAttemptAt_RetryAfterLongerThanStep_RetryAfterWins()
    {
        var error = ProviderError.RateLimited("http_429", "slow down", TimeSpan.FromMinutes(30));

        Assert.Equal(Now.AddMinutes(30), Social.NextAttemptAt(Now, 2, error));
    }

    [Fact]
    public void NextAttemptAt_RetryAfterShorterThanStep_StepKept()
    {
        var error = ProviderError.RateLimited("http_429", "slow down", TimeSpan.FromSeconds(10));

        Assert.Equal(Now.AddMinutes(5), Social.NextAttemptAt(Now, 2, error));
    }

    [Fact]
    public void Constructor_NoSteps_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new StepRetryPolicy([]));

        Assert.StartsWith("at least one step is required", ex.Message, StringComparison.Ordinal);
    }
}
