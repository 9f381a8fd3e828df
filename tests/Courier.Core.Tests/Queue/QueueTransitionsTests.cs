using Courier.Core.Queue;
using Courier.Core.Tests.Support;

namespace Courier.Core.Tests.Queue;

public sealed class QueueTransitionsTests
{
    private static readonly DateTimeOffset Now = TestClock.Start;
    private static readonly TimeSpan MinAge = TimeSpan.FromMinutes(15);

    public static TheoryData<QueueState> AllStates() => new(Enum.GetValues<QueueState>());

    // ---- Claim

    [Theory]
    [InlineData(QueueState.Queued)]
    [InlineData(QueueState.Retry)]
    public void Claim_WaitingAndDue_ProcessingUnderNewLease(QueueState state)
    {
        var item = Items.In(state, Now, attempts: state == QueueState.Retry ? 2 : 0);

        var result = QueueTransitions.Claim(item, "run-9", Now, TimeSpan.FromMinutes(3), "token-9");

        Assert.True(result.Allowed);
        var next = result.Next!;
        Assert.Equal(QueueState.Processing, next.State);
        Assert.Equal("run-9", next.LeaseOwner);
        Assert.Equal("token-9", next.LeaseToken);
        Assert.Equal(Now + TimeSpan.FromMinutes(3), next.LeaseUntil);
        Assert.Equal(item.Attempts, next.Attempts);
    }

    [Theory]
    [InlineData(QueueState.Processing)]
    [InlineData(QueueState.Completed)]
    [InlineData(QueueState.Failed)]
    [InlineData(QueueState.Unknown)]
    public void Claim_NotWaiting_Refused(QueueState state)
    {
        var result = QueueTransitions.Claim(Items.In(state, Now), "run-9", Now, Items.Lease, "token-9");

        Assert.False(result.Allowed);
        Assert.Contains(state.ToString(), result.RefusedBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void Claim_NotDueYet_Refused()
    {
        var result = QueueTransitions.Claim(Items.Waiting(Now.AddSeconds(1)), "run-9", Now, Items.Lease, "token-9");

        Assert.False(result.Allowed);
        Assert.Equal("not due yet", result.RefusedBecause);
    }

    // ---- Heartbeat

    [Fact]
    public void Heartbeat_SameClaimBeforeExpiry_ExtendsLease()
    {
        var later = Now + TimeSpan.FromMinutes(4);

        var result = QueueTransitions.Heartbeat(Items.Claimed(Now), Items.Token, later, Items.Lease);

        Assert.True(result.Allowed);
        Assert.Equal(later + Items.Lease, result.Next!.LeaseUntil);
        Assert.Equal(0, result.Next.Attempts);
    }

    [Fact]
    public void Heartbeat_LeaseExpired_Refused()
    {
        var result = QueueTransitions.Heartbeat(Items.Claimed(Now), Items.Token, Now + Items.Lease, Items.Lease);

        Assert.Equal("lease has expired", result.RefusedBecause);
    }

    [Fact]
    public void Heartbeat_OtherClaimsToken_Refused()
    {
        var result = QueueTransitions.Heartbeat(Items.Claimed(Now), "someone-else", Now, Items.Lease);

        Assert.Equal("lease is held by another claim", result.RefusedBecause);
    }

    [Theory]
    [InlineData(QueueState.Queued)]
    [InlineData(QueueState.Retry)]
    [InlineData(QueueState.Completed)]
    [InlineData(QueueState.Failed)]
    [InlineData(QueueState.Unknown)]
    public void Heartbeat_NotProcessing_Refused(QueueState state)
    {
        Assert.False(QueueTransitions.Heartbeat(Items.In(state, Now), Items.Token, Now, Items.Lease).Allowed);
    }

    // ---- Outcomes: Complete, ScheduleRetry, Fail, MarkUnknown

    public static TheoryData<string> Outcomes() => new("Complete", "ScheduleRetry", "Fail", "MarkUnknown");

    private static TransitionResult Outcome(string name, QueueItem item, string? token) => name switch
    {
        "Complete" => QueueTransitions.Complete(item, token!, Now, "{\"ok\":1}"),
        "ScheduleRetry" => QueueTransitions.ScheduleRetry(item, token!, Now, Now.AddMinutes(2), "http_503: busy"),
        "Fail" => QueueTransitions.Fail(item, token!, Now, "bad gclid"),
        "MarkUnknown" => QueueTransitions.MarkUnknown(item, token!, Now, "timeout after send"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [InlineData("Complete", QueueState.Completed)]
    [InlineData("ScheduleRetry", QueueState.Retry)]
    [InlineData("Fail", QueueState.Failed)]
    [InlineData("MarkUnknown", QueueState.Unknown)]
    public void Outcome_SameClaim_MovesToStateCountsAttemptAndReleasesLease(string outcome, QueueState expected)
    {
        var item = Items.Claimed(Now, attempts: 1);

        var result = Outcome(outcome, item, Items.Token);

        Assert.True(result.Allowed);
        var next = result.Next!;
        Assert.Equal(expected, next.State);
        Assert.Equal(2, next.Attempts);
        Assert.Null(next.LeaseOwner);
        Assert.Null(next.LeaseToken);
        Assert.Null(next.LeaseUntil);
    }

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void Outcome_OtherClaimsToken_Refused(string outcome)
    {
        var result = Outcome(outcome, Items.Claimed(Now), "stale-token");

        Assert.Equal("lease is held by another claim", result.RefusedBecause);
    }

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void Outcome_NoToken_Refused(string outcome)
    {
        Assert.False(Outcome(outcome, Items.Claimed(Now), null).Allowed);
    }

    [Theory]
    [InlineData("Complete", QueueState.Queued)]
    [InlineData("Complete", QueueState.Retry)]
    [InlineData("Complete", QueueState.Completed)]
    [InlineData("Complete", QueueState.Failed)]
    [InlineData("Complete", QueueState.Unknown)]
    [InlineData("ScheduleRetry", QueueState.Queued)]
    [InlineData("ScheduleRetry", QueueState.Retry)]
    [InlineData("ScheduleRetry", QueueState.Completed)]
    [InlineData("ScheduleRetry", QueueState.Failed)]
    [InlineData("ScheduleRetry", QueueState.Unknown)]
    [InlineData("Fail", QueueState.Queued)]
    [InlineData("Fail", QueueState.Retry)]
    [InlineData("Fail", QueueState.Completed)]
    [InlineData("Fail", QueueState.Failed)]
    [InlineData("Fail", QueueState.Unknown)]
    [InlineData("MarkUnknown", QueueState.Queued)]
    [InlineData("MarkUnknown", QueueState.Retry)]
    [InlineData("MarkUnknown", QueueState.Completed)]
    [InlineData("MarkUnknown", QueueState.Failed)]
    [InlineData("MarkUnknown", QueueState.Unknown)]
    public void Outcome_NotProcessing_Refused(string outcome, QueueState state)
    {
        // Even with the token the item once had: only a live claim can record an outcome.
        var item = Items.In(state, Now) with { LeaseToken = Items.Token };

        var result = Outcome(outcome, item, Items.Token);

        Assert.Equal($"item is {state}, not Processing", result.RefusedBecause);
    }

    [Fact]
    public void Complete_WithResult_StoresResultAndClearsLastError()
    {
        var item = Items.Claimed(Now, attempts: 1) with { LastError = "http_503: busy" };

        var next = QueueTransitions.Complete(item, Items.Token, Now, "{\"permalink\":\"p\"}").Next!;

        Assert.Equal("{\"permalink\":\"p\"}", next.Result);
        Assert.Null(next.LastError);
        Assert.Equal(Now, next.DueAt);
    }

    [Fact]
    public void ScheduleRetry_SameClaim_DueAtNextAttemptWithError()
    {
        var next = QueueTransitions.ScheduleRetry(Items.Claimed(Now), Items.Token, Now, Now.AddMinutes(7), "http_503: busy").Next!;

        Assert.Equal(Now.AddMinutes(7), next.DueAt);
        Assert.Equal("http_503: busy", next.LastError);
    }

    // ---- Postpone

    [Fact]
    public void Postpone_ClaimedWithoutReason_BackToQueuedWithoutAttempt()
    {
        var next = QueueTransitions.Postpone(Items.Claimed(Now), Items.Token, Now, Now.AddMinutes(1), null).Next!;

        Assert.Equal(QueueState.Queued, next.State);
        Assert.Equal(0, next.Attempts);
        Assert.Equal(Now.AddMinutes(1), next.DueAt);
        Assert.Null(next.LeaseToken);
    }

    [Fact]
    public void Postpone_WithReason_RetryStateWithReasonAndNoAttempt()
    {
        var next = QueueTransitions.Postpone(Items.Claimed(Now), Items.Token, Now, Now.AddMinutes(6), "CIRCUIT_OPEN").Next!;

        Assert.Equal(QueueState.Retry, next.State);
        Assert.Equal(0, next.Attempts);
        Assert.Equal("CIRCUIT_OPEN", next.LastError);
    }

    [Theory]
    [InlineData(QueueState.Queued)]
    [InlineData(QueueState.Retry)]
    public void Postpone_WaitingWithoutToken_MovesDueTime(QueueState state)
    {
        var item = Items.In(state, Now, attempts: state == QueueState.Retry ? 1 : 0);

        var result = QueueTransitions.Postpone(item, null, Now, Now.AddMinutes(6), "CIRCUIT_OPEN");

        Assert.True(result.Allowed);
        Assert.Equal(Now.AddMinutes(6), result.Next!.DueAt);
        Assert.Equal(item.Attempts, result.Next.Attempts);
    }

    [Theory]
    [InlineData(QueueState.Completed)]
    [InlineData(QueueState.Failed)]
    [InlineData(QueueState.Unknown)]
    public void Postpone_Finished_Refused(QueueState state)
    {
        Assert.False(QueueTransitions.Postpone(Items.In(state, Now), Items.Token, Now, Now, null).Allowed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("stale-token")]
    public void Postpone_ClaimedWithoutItsToken_Refused(string? token)
    {
        Assert.False(QueueTransitions.Postpone(Items.Claimed(Now), token, Now, Now, null).Allowed);
    }

    // ---- Rescue

    [Fact]
    public void Rescue_LeaseExpiredLongEnough_RetryNowCountingAttempt()
    {
        var item = Items.Claimed(Now, attempts: 1);
        var at = item.LeaseUntil!.Value + MinAge;

        var result = QueueTransitions.Rescue(item, at, MinAge);

        var next = result.Next!;
        Assert.Equal(QueueState.Retry, next.State);
        Assert.Equal(2, next.Attempts);
        Assert.Equal(at, next.DueAt);
        Assert.Null(next.LeaseToken);
        Assert.StartsWith("LEASE_EXPIRED", next.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void Rescue_LeaseExpiredLessThanMinAge_Refused()
    {
        var item = Items.Claimed(Now);

        var result = QueueTransitions.Rescue(item, item.LeaseUntil!.Value + MinAge - TimeSpan.FromTicks(1), MinAge);

        Assert.Equal("lease has not expired long enough", result.RefusedBecause);
    }

    [Fact]
    public void Rescue_LiveLeaseWithZeroMinAge_Refused()
    {
        var item = Items.Claimed(Now);

        Assert.False(QueueTransitions.Rescue(item, item.LeaseUntil!.Value.AddTicks(-1), TimeSpan.Zero).Allowed);
    }

    [Theory]
    [InlineData(QueueState.Queued)]
    [InlineData(QueueState.Retry)]
    [InlineData(QueueState.Completed)]
    [InlineData(QueueState.Failed)]
    [InlineData(QueueState.Unknown)]
    public void Rescue_NotProcessing_Refused(QueueState state)
    {
        var item = Items.In(state, Now) with { LeaseUntil = Now.AddHours(-5) };

        Assert.Equal($"cannot rescue an item in state {state}", QueueTransitions.Rescue(item, Now, MinAge).RefusedBecause);
    }

    [Theory]
    [InlineData(2, 3, QueueState.Failed)]
    [InlineData(1, 3, QueueState.Retry)]
    [InlineData(0, 1, QueueState.Failed)]
    [InlineData(5, null, QueueState.Retry)]
    public void Rescue_AttemptsAgainstMax_FailsOnceMaxReached(int attempts, int? maxAttempts, QueueState expected)
    {
        var item = Items.Claimed(Now, attempts);

        var next = QueueTransitions.Rescue(item, Now.AddHours(1), MinAge, maxAttempts).Next!;

        Assert.Equal(expected, next.State);
        Assert.Equal(attempts + 1, next.Attempts);
        if (expected == QueueState.Failed) Assert.Contains($"gave up after {attempts + 1} attempts", next.LastError, StringComparison.Ordinal);
    }

    // ---- Redrive and Reconcile

    [Theory]
    [InlineData(QueueState.Failed)]
    [InlineData(QueueState.Unknown)]
    public void Redrive_FailedOrUnknown_QueuedDueNow(QueueState state)
    {
        var next = QueueTransitions.Redrive(Items.In(state, Now.AddHours(-1), attempts: 3), Now).Next!;

        Assert.Equal(QueueState.Queued, next.State);
        Assert.Equal(Now, next.DueAt);
    }

    [Fact]
    public void Redrive_Failed_KeepsHistoryAndCountsTheRedrive()
    {
        var failed = Items.In(QueueState.Failed, Now.AddHours(-1), attempts: 5) with { LastError = "CREDENTIALS_REJECTED: invalid_grant", GroupKey = "shop-1" };

        var next = QueueTransitions.Redrive(failed, Now).Next!;
        var again = QueueTransitions.Redrive(next with { State = QueueState.Failed, Attempts = 6 }, Now.AddHours(1)).Next!;

        Assert.Equal(5, next.Attempts);
        Assert.Equal("CREDENTIALS_REJECTED: invalid_grant", next.LastError);
        Assert.Equal("shop-1", next.GroupKey);
        Assert.Equal(1, next.Redrives);
        Assert.Equal(5, next.AttemptsBeforeRedrive);
        Assert.Equal(0, next.AttemptsSinceRedrive);
        Assert.Equal(Now, next.UpdatedAt);
        Assert.Null(next.LeaseToken);
        Assert.Equal(2, again.Redrives);
        Assert.Equal(6, again.AttemptsBeforeRedrive);
    }

    [Theory]
    [InlineData(0, 3, QueueState.Retry)]
    [InlineData(2, 3, QueueState.Failed)]
    public void Rescue_AfterRedrive_BudgetCountsAttemptsSinceRedrive(int attemptsSinceRedrive, int maxAttempts, QueueState expected)
    {
        var item = Items.Claimed(Now, attempts: 10 + attemptsSinceRedrive) with { Redrives = 1, AttemptsBeforeRedrive = 10 };

        var next = QueueTransitions.Rescue(item, Now.AddHours(1), MinAge, maxAttempts).Next!;

        Assert.Equal(expected, next.State);
        Assert.Equal(11 + attemptsSinceRedrive, next.Attempts);
    }

    [Theory]
    [InlineData(QueueState.Queued)]
    [InlineData(QueueState.Processing)]
    [InlineData(QueueState.Retry)]
    [InlineData(QueueState.Completed)]
    public void Redrive_OtherStates_Refused(QueueState state)
    {
        Assert.False(QueueTransitions.Redrive(Items.In(state, Now), Now).Allowed);
    }

    [Fact]
    public void Reconcile_Unknown_CompletedWithResult()
    {
        var next = QueueTransitions.Reconcile(Items.In(QueueState.Unknown, Now), Now, "{\"postId\":\"1\"}").Next!;

        Assert.Equal(QueueState.Completed, next.State);
        Assert.Equal("{\"postId\":\"1\"}", next.Result);
    }

    [Theory]
    [InlineData(QueueState.Queued)]
    [InlineData(QueueState.Processing)]
    [InlineData(QueueState.Retry)]
    [InlineData(QueueState.Completed)]
    [InlineData(QueueState.Failed)]
    public void Reconcile_NotUnknown_Refused(QueueState state)
    {
        Assert.False(QueueTransitions.Reconcile(Items.In(state, Now), Now, null).Allowed);
    }

    // ---- Lease fencing

    [Fact]
    public void Complete_ByOldOwnerAfterRescue_Refused()
    {
        var claimed = Items.Claimed(Now);
        var rescued = QueueTransitions.Rescue(claimed, Now.AddHours(1), MinAge).Next!;

        Assert.False(QueueTransitions.Complete(rescued, Items.Token, Now.AddHours(1), null).Allowed);
    }

    [Fact]
    public void Complete_ByOldOwnerAfterRescueAndReclaim_RefusedWhileNewOwnerSucceeds()
    {
        var later = Now.AddHours(1);
        var rescued = QueueTransitions.Rescue(Items.Claimed(Now), later, MinAge).Next!;
        var reclaimed = QueueTransitions.Claim(rescued, "run-2", later, Items.Lease, "token-2").Next!;

        Assert.Equal("lease is held by another claim", QueueTransitions.Complete(reclaimed, Items.Token, later, null).RefusedBecause);
        Assert.True(QueueTransitions.Complete(reclaimed, "token-2", later, null).Allowed);
    }

    [Fact]
    public void Rescue_CompletedItem_NeverRescued()
    {
        var completed = QueueTransitions.Complete(Items.Claimed(Now), Items.Token, Now, null).Next!;

        Assert.False(QueueTransitions.Rescue(completed, Now.AddDays(1), TimeSpan.Zero).Allowed);
    }

    // ---- Attempts counting across a whole life

    [Fact]
    public void Attempts_ClaimsAndPostponesDoNotCount_OutcomesAndRescueDo()
    {
        var item = Items.Waiting(Now);
        item = QueueTransitions.Claim(item, "r", Now, Items.Lease, "t1").Next!;
        item = QueueTransitions.Postpone(item, "t1", Now, Now, "CIRCUIT_OPEN").Next!;
        Assert.Equal(0, item.Attempts);

        item = QueueTransitions.Claim(item, "r", Now, Items.Lease, "t2").Next!;
        item = QueueTransitions.ScheduleRetry(item, "t2", Now, Now, "http_503").Next!;
        Assert.Equal(1, item.Attempts);

        item = QueueTransitions.Claim(item, "r", Now, Items.Lease, "t3").Next!;
        item = QueueTransitions.Rescue(item, Now.AddHours(1), MinAge).Next!;
        Assert.Equal(2, item.Attempts);

        item = QueueTransitions.Claim(item, "r", Now.AddHours(1), Items.Lease, "t4").Next!;
        Assert.Equal(2, item.Attempts);
        item = QueueTransitions.Complete(item, "t4", Now.AddHours(1), null).Next!;
        Assert.Equal(3, item.Attempts);
    }

    [Theory]
    [MemberData(nameof(AllStates))]
    public void EveryTransition_RefusedOrAllowed_NeverThrows(QueueState state)
    {
        var item = Items.In(state, Now) with { LeaseUntil = Now.AddHours(-1) };
        var results = new[]
        {
            QueueTransitions.Claim(item, "r", Now, Items.Lease, "t"),
            QueueTransitions.Heartbeat(item, Items.Token, Now, Items.Lease),
            QueueTransitions.Complete(item, Items.Token, Now, null),
            QueueTransitions.ScheduleRetry(item, Items.Token, Now, Now, "e"),
            QueueTransitions.Fail(item, Items.Token, Now, "e"),
            QueueTransitions.MarkUnknown(item, Items.Token, Now, "e"),
            QueueTransitions.Postpone(item, Items.Token, Now, Now, null),
            QueueTransitions.Rescue(item, Now, MinAge),
            QueueTransitions.Redrive(item, Now),
            QueueTransitions.Reconcile(item, Now, null),
        };

        // A refusal always says why; an allowed transition never carries a reason.
        Assert.All(results, r => Assert.True(r.Allowed ^ r.RefusedBecause is not null));
    }
}
