using Courier.Core.Queue;
using Courier.Core.Tests.Support;

namespace Courier.Core.Tests.Queue;

public sealed class RedriveFilterTests
{
    private static readonly DateTimeOffset Now = TestClock.Start;

    [Theory]
    [InlineData("INVALID_GCLID: rejected", "INVALID_GCLID")]
    [InlineData("http_503: busy (gave up after 5 attempts)", "http_503")]
    [InlineData("LEASE_EXPIRED: the worker stopped; gave up after 3 attempts", "LEASE_EXPIRED")]
    [InlineData("CODE_ONLY", "CODE_ONLY")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void ErrorCodeOf_StoredError_TextBeforeFirstColon(string? lastError, string? expected) =>
        Assert.Equal(expected, RedriveFilter.ErrorCodeOf(lastError));

    [Fact]
    public void Matches_Defaults_FailedOnly()
    {
        var filter = new RedriveFilter();

        Assert.True(filter.Matches(Items.In(QueueState.Failed, Now)));
        Assert.False(filter.Matches(Items.In(QueueState.Unknown, Now)));
        Assert.False(filter.Matches(Items.In(QueueState.Completed, Now)));
    }

    [Fact]
    public void Matches_TimeRange_FromInclusiveToExclusive()
    {
        var filter = new RedriveFilter { From = Now, To = Now.AddMinutes(1) };

        Assert.True(filter.Matches(Items.In(QueueState.Failed, Now)));
        Assert.False(filter.Matches(Items.In(QueueState.Failed, Now.AddTicks(-1))));
        Assert.False(filter.Matches(Items.In(QueueState.Failed, Now.AddMinutes(1))));
    }

    [Fact]
    public void Matches_ErrorCodeWithoutLastError_NoMatch() =>
        Assert.False(new RedriveFilter { ErrorCode = "X" }.Matches(Items.In(QueueState.Failed, Now) with { LastError = null }));

    [Fact]
    public void Validate_ToNotAfterFrom_Throws() =>
        Assert.Throws<ArgumentException>(() => new RedriveFilter { From = Now, To = Now }.Validate());
}
