using Courier.Core.Errors;
using Courier.Core.Retry;
using Courier.Core.Tests.Support;
using FsCheck;
using FsCheck.Xunit;

namespace Courier.Core.Tests.Retry;

public sealed class ExponentialJitterRetryPolicyTests
{
    private static readonly DateTimeOffset Now = TestClock.Start;
    private static readonly ProviderError Busy = ProviderError.Transient("http_503", "busy");

    private static TimeSpan Delay(ExponentialJitterRetryPolicy policy, int attempt, ProviderError? error = null) =>
        policy.NextAttemptAt(Now, attempt, error ?? Busy) - Now;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    [InlineData(7, 60)]
    [InlineData(40, 60)]
    public void NextAttemptAt_ManySeeds_WithinOneSecondAndCappedCeiling(int attempt, int ceilingMinutes)
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var delay = Delay(ExponentialJitterRetryPolicy.Default(new Random(seed)), attempt);

            Assert.InRange(delay, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(ceilingMinutes));
        }
    }

    [Fact]
    public void NextAttemptAt_ManyDraws_SpreadsOverTheWholeRange()
    {
        // Full jitter: draws cover [0, ceiling], not a band near the ceiling (that would be "equal jitter") nor one value.
        var policy = ExponentialJitterRetryPolicy.Default(new Random(7));
        var delays = Enumerable.Range(0, 1000).Select(_ => Delay(policy, 5)).ToList();

        Assert.True(delays.Min() < TimeSpan.FromMinutes(1), $"smallest was {delays.Min()}");
        Assert.True(delays.Max() > TimeSpan.FromMinutes(15), $"largest was {delays.Max()}");
    }

    [Fact]
    public void NextAttemptAt_SameSeed_SameTimes()
    {
        var a = ExponentialJitterRetryPolicy.Default(new Random(42));
        var b = ExponentialJitterRetryPolicy.Default(new Random(42));

        Assert.Equal(Enumerable.Range(1, 10).Select(n => Delay(a, n)), Enumerable.Range(1, 10).Select(n => Delay(b, n)));
    }

    [Fact]
    public void NextAttemptAt_HugeAttempt_StaysAtCap()
    {
        var policy = new ExponentialJitterRetryPolicy(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(2), new Random(3));

        Assert.InRange(Delay(policy, int.MaxValue), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(7200)]
    public void NextAttemptAt_RetryAfterGiven_RetryAfterWins(int seconds)
    {
        // Shorter and longer than the backoff alike: the provider's time is used as given.
        var policy = ExponentialJitterRetryPolicy.Default(new Random(1));

        Assert.Equal(TimeSpan.FromSeconds(seconds), Delay(policy, 6, ProviderError.RateLimited("http_429", "slow down", TimeSpan.FromSeconds(seconds))));
        Assert.Equal(TimeSpan.FromSeconds(seconds), Delay(policy, 6, ProviderError.Transient("http_503", "busy", TimeSpan.FromSeconds(seconds))));
    }

    [Property(MaxTest = 500)]
    public bool NextAttemptAt_AnyAttemptSeedAndSettings_WithinFullJitterBounds(PositiveInt attempt, int seed, PositiveInt baseSeconds, PositiveInt capFactor)
    {
        var baseDelay = TimeSpan.FromSeconds((baseSeconds.Get % 600) + 1);
        var cap = baseDelay * ((capFactor.Get % 200) + 1);
        var policy = new ExponentialJitterRetryPolicy(baseDelay, cap, new Random(seed));

        var delayMs = Delay(policy, attempt.Get).TotalMilliseconds;

        var ceilingMs = Math.Min(cap.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt.Get - 1, 30)));
        return delayMs >= 1000 && delayMs <= ceilingMs + 1;
    }
}
