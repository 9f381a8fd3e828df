using Courier.Core.Circuits;
using Courier.Core.Errors;
using Courier.Core.Jobs.Conversions;
using Courier.Core.Queue;
using static Courier.Core.Tests.Jobs.Conversions.ConversionsHarness;

namespace Courier.Core.Tests.Jobs.Conversions;

/// <summary>Account-level failures hold the site (spec §5.3): rows handed back without an attempt, no call while held, released by new credentials, another API version or an operator.</summary>
public sealed class ConversionsProcessorHoldTests
{
    private const string Held = "site-1";
    private const string Other = "site-2";
    private const int Rows = 2500;

    private static readonly ProviderError Revoked = ProviderError.Permanent("invalid_grant", "Google refused the refresh token (invalid_grant).") with { HoldReason = "CREDENTIALS_REJECTED" };

    private static readonly ProviderError Sunset =
        ProviderError.Permanent("UNSUPPORTED_VERSION", "Version v1 is deprecated.") with { HoldReason = "API_VERSION_UNSUPPORTED", HoldApiVersion = "v1" };

    private readonly ConversionsHarness _h = new();

    private CircuitBreaker Breaker() => new(_h.CircuitStore, new CircuitOptions(), _h.Time, new Random(3));

    private async Task<ConversionsResult> HoldAsync(ProviderError error)
    {
        await _h.SeedCredentialsAsync(Held, Other);
        await _h.EnqueueAsync(Held, Rows);
        _h.Uploader.FailRequestsOf(Held, error);
        return Body(await _h.RunHttpAsync(limit: Rows));
    }

    [Fact]
    public async Task RunAsync_AccountLevelFailure_OneCallNoRowFailedNoAttemptSiteHeldWithReason()
    {
        var startedAt = _h.Now;

        var result = await HoldAsync(Revoked);

        Assert.Equal(new ConversionsResult(true, Rows, 0, 0, Rows, 0), result);
        Assert.Single(_h.Uploader.CallsFor(Held));
        var circuit = (await _h.CircuitAsync(Held))!;
        Assert.Equal((CircuitState.Held, "CREDENTIALS_REJECTED", 0), (circuit.State, circuit.HoldReason, circuit.FailureCount));
        Assert.Contains("invalid_grant", circuit.HoldMessage);
        Assert.All(await _h.ItemsOfAsync(Held), item =>
        {
            Assert.Equal((QueueState.Retry, 0), (item.State, item.Attempts));
            Assert.StartsWith("CREDENTIALS_REJECTED: invalid_grant: ", item.LastError);
            Assert.InRange(item.DueAt, startedAt + TimeSpan.FromMinutes(10), startedAt + TimeSpan.FromMinutes(10.5));
        });
        var metrics = await _h.Metrics.GetAsync(KeyOf(Held), default);
        Assert.Equal(0, metrics?.FailedTotal ?? 0);
    }

    [Fact]
    public async Task RunAsync_SiteHeld_NoCallNoDecryptRowsPutBackAgainOtherSiteGoesOn()
    {
        await HoldAsync(Revoked);
        await _h.EnqueueAsync(Other, 3, from: 9000);
        _h.Time.Advance(TimeSpan.FromHours(3));
        var decrypts = _h.Vault.UnprotectCalls;

        var result = Body(await _h.RunHttpAsync(limit: Rows + 3));

        Assert.Equal(new ConversionsResult(true, Rows + 3, 3, 0, Rows, 0), result);
        Assert.Single(_h.Uploader.CallsFor(Held));
        Assert.Single(_h.Uploader.CallsFor(Other));
        Assert.Equal(decrypts + 1, _h.Vault.UnprotectCalls);
        Assert.All(await _h.ItemsOfAsync(Held), item => Assert.Equal((QueueState.Retry, 0), (item.State, item.Attempts)));
        Assert.Equal(CircuitState.Held, (await _h.CircuitAsync(Held))!.State);
    }

    [Fact]
    public async Task RunAsync_HeldThenNewCredentials_NextRunCompletesAllInTwoCalls()
    {
        await HoldAsync(Revoked);
        _h.Uploader.Heal(Held);
        await _h.SeedCredentialsAsync(Held);
        Assert.True(await Breaker().ReleaseForNewCredentialsAsync(KeyOf(Held)));
        _h.Time.Advance(TimeSpan.FromMinutes(11));

        var result = Body(await _h.RunHttpAsync(limit: Rows));

        Assert.Equal(new ConversionsResult(true, Rows, Rows, 0, 0, 0), result);
        Assert.Equal([2000, 500], _h.Uploader.CallsFor(Held).Skip(1).Select(c => c.Rows.Count));
        Assert.All(await _h.ItemsOfAsync(Held), item => Assert.Equal((QueueState.Completed, 1), (item.State, item.Attempts)));
        Assert.Equal(CircuitState.Closed, (await _h.CircuitAsync(Held))!.State);
    }

    [Fact]
    public async Task RunAsync_VersionHoldSameVersion_StaysHeldNoCall()
    {
        await HoldAsync(Sunset);
        _h.Uploader.Heal(Held);
        _h.Time.Advance(TimeSpan.FromMinutes(11));

        Body(await _h.RunHttpAsync(limit: Rows));

        Assert.Single(_h.Uploader.CallsFor(Held));
        var circuit = (await _h.CircuitAsync(Held))!;
        Assert.Equal((CircuitState.Held, "API_VERSION_UNSUPPORTED", "v1"), (circuit.State, circuit.HoldReason, circuit.HoldApiVersion));
        Assert.False(await Breaker().ReleaseForNewCredentialsAsync(KeyOf(Held)));
    }

    [Fact]
    public async Task RunAsync_VersionHoldUploaderOnAnotherVersion_ReleasedAndAllCompletedInTwoCalls()
    {
        await HoldAsync(Sunset);
        _h.Uploader.Heal(Held);
        _h.Uploader.ApiVersion = "v2";
        _h.Time.Advance(TimeSpan.FromMinutes(11));

        var result = Body(await _h.RunHttpAsync(limit: Rows));

        Assert.Equal(new ConversionsResult(true, Rows, Rows, 0, 0, 0), result);
        Assert.Equal(3, _h.Uploader.CallsFor(Held).Count);
        Assert.Equal(CircuitState.Closed, (await _h.CircuitAsync(Held))!.State);
    }

    [Fact]
    public async Task RunAsync_HeldThenOperatorCloses_NextRunSends()
    {
        await HoldAsync(ProviderError.Permanent("USER_PERMISSION_DENIED", "denied") with { HoldReason = "PERMISSION_DENIED" });
        _h.Uploader.Heal(Held);
        await Breaker().CloseAsync(KeyOf(Held));
        _h.Time.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(Rows, Body(await _h.RunHttpAsync(limit: Rows)).Completed);
    }

    [Fact]
    public async Task RunAsync_CredentialsMissing_HeldUntilSeededThenSent()
    {
        await _h.EnqueueAsync(Held, 2);
        await _h.RunHttpAsync();
        Assert.Equal((CircuitState.Held, "CREDENTIALS_UNAVAILABLE"), ((await _h.CircuitAsync(Held))!.State, (await _h.CircuitAsync(Held))!.HoldReason));

        await _h.SeedCredentialsAsync(Held);
        await Breaker().ReleaseForNewCredentialsAsync(KeyOf(Held));
        _h.Time.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(new ConversionsResult(true, 2, 2, 0, 0, 0), Body(await _h.RunHttpAsync()));
    }

    [Fact]
    public async Task RunAsync_PermanentRequestFailureWithoutHoldReason_StillFailsRows()
    {
        await _h.SeedCredentialsAsync(Held);
        await _h.EnqueueAsync(Held, 2);
        _h.Uploader.FailRequestsOf(Held, ProviderError.Permanent("INVALID_ARGUMENT", "bad request"));

        Assert.Equal(new ConversionsResult(true, 2, 0, 2, 0, 0), Body(await _h.RunHttpAsync()));
        Assert.Equal(CircuitState.Closed, (await _h.CircuitAsync(Held))?.State ?? CircuitState.Closed);
    }
}
