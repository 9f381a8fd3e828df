using Courier.Core.Circuits;
using Courier.Core.Errors;
using Courier.Core.Jobs.Conversions;
using Courier.Core.Queue;
using static Courier.Core.Tests.Jobs.Conversions.ConversionsHarness;

namespace Courier.Core.Tests.Jobs.Conversions;

/// <summary>The conversions job through the per-site Google Ads circuit of spec §4.</summary>
public sealed class ConversionsProcessorCircuitTests
{
    private const string Failing = "site-1";
    private const string Healthy = "site-2";
    private const int FailingRows = 8;
    private static readonly ProviderError Unavailable = ProviderError.Transient("http_503", "service unavailable");

    /// <summary>Retries capped at a minute, so failed rows are due again well before the circuit's five-minute probe time.</summary>
    private static readonly TimeSpan RetryCap = TimeSpan.FromMinutes(1);

    private readonly ConversionsHarness _h = new(new ConversionsOptions { RetryMaxDelay = RetryCap });

    /// <summary>
    /// Five runs in which every request of <see cref="Failing"/> fails transiently while <see cref="Healthy"/> succeeds;
    /// the clock moves past the longest backoff between runs so the failed rows are due again.
    /// </summary>
    private async Task<CircuitRecord> OpenFailingCircuitAsync()
    {
        await _h.SeedCredentialsAsync(Failing, Healthy);
        await _h.EnqueueAsync(Failing, FailingRows);
        _h.Uploader.FailRequestsOf(Failing, Unavailable);
        for (var run = 1; run <= 5; run++)
        {
            await _h.EnqueueAsync(Healthy, 1, from: 100 + run);
            if (run > 1) _h.Time.Advance(RetryCap + TimeSpan.FromSeconds(1));
            await _h.RunHttpAsync();
            var circuit = (await _h.CircuitAsync(Failing))!;
            Assert.Equal(run < 5 ? CircuitState.Closed : CircuitState.Open, circuit.State);
        }

        Assert.Equal(5, _h.Uploader.CallsFor(Failing).Count);
        Assert.All(await _h.ItemsOfAsync(Failing), item => Assert.Equal((QueueState.Retry, 5), (item.State, item.Attempts)));
        return (await _h.CircuitAsync(Failing))!;
    }

    /// <summary>Lets the failed rows fall due again (still before the probe time) and runs once, which gates them.</summary>
    private async Task<ConversionsResult> GateAsync()
    {
        _h.Time.Advance(RetryCap + TimeSpan.FromSeconds(1));
        return Body(await _h.RunHttpAsync());
    }

    /// <summary>Gates the failing site's rows, then moves the clock past the probe time and the 30 s spread of gated rows.</summary>
    private async Task PassProbeTimeAsync(CircuitRecord open)
    {
        await GateAsync();
        _h.Time.SetUtcNow(open.NextProbeAt!.Value + TimeSpan.FromSeconds(31));
    }

    [Fact]
    public async Task RunAsync_FiveTransientRuns_OpensCircuitOfThatSiteOnly()
    {
        var open = await OpenFailingCircuitAsync();

        Assert.Equal(CircuitState.Open, open.State);
        Assert.Equal(1, open.OpenCount);
        Assert.InRange(open.NextProbeAt!.Value, _h.Now + TimeSpan.FromMinutes(5), _h.Now + TimeSpan.FromMinutes(6));
        Assert.Equal(CircuitState.Closed, (await _h.CircuitAsync(Healthy))?.State ?? CircuitState.Closed);
        Assert.Equal(0, (await _h.CircuitAsync(Healthy))?.FailureCount ?? 0);
        Assert.Equal(5, _h.Uploader.CallsFor(Healthy).Count);
    }

    [Fact]
    public async Task RunAsync_CircuitOpen_CallsNothingForSiteAndPostponesRowsToProbeTimeWithoutAttempt()
    {
        var open = await OpenFailingCircuitAsync();
        var callsBefore = _h.Uploader.CallsFor(Failing).Count;
        var decryptsBefore = _h.Vault.UnprotectCalls;
        await _h.EnqueueAsync(Healthy, 2, from: 200);

        var body = await GateAsync();

        Assert.Equal(callsBefore, _h.Uploader.CallsFor(Failing).Count);
        // Only the healthy site's credentials were opened.
        Assert.Equal(decryptsBefore + 1, _h.Vault.UnprotectCalls);
        Assert.Equal(2, _h.Uploader.CallsFor(Healthy)[^1].Rows.Count);
        var gated = await _h.ItemsOfAsync(Failing);
        Assert.All(gated, item =>
        {
            Assert.Equal(QueueState.Retry, item.State);
            Assert.Equal(5, item.Attempts);
            Assert.Equal("CIRCUIT_OPEN", item.LastError);
            Assert.InRange(item.DueAt, open.NextProbeAt!.Value, open.NextProbeAt!.Value + TimeSpan.FromSeconds(30));
        });
        Assert.True(gated.Select(i => i.DueAt).Distinct().Count() > 1, "gated rows are spread, not all due at the same instant");
        Assert.Equal(open, await _h.CircuitAsync(Failing));
        Assert.Equal((2, 0, 0), (body.Completed, body.Failed, body.Deferred));
        Assert.Equal(FailingRows + 2, body.Processed);
    }

    [Fact]
    public async Task RunAsync_CircuitOpen_NoMetricsForGatedSite()
    {
        await OpenFailingCircuitAsync();
        var before = (await _h.Metrics.GetAsync(KeyOf(Failing), default))!;

        await GateAsync();

        Assert.Equal(before, await _h.Metrics.GetAsync(KeyOf(Failing), default));
    }

    [Fact]
    public async Task RunAsync_AfterProbeTime_SendsAtMostProbeLimitRestStayDueUntouched()
    {
        var open = await OpenFailingCircuitAsync();
        await PassProbeTimeAsync(open);
        var before = (await _h.ItemsOfAsync(Failing)).ToDictionary(i => i.Id);
        _h.Uploader.Heal(Failing);
        var callsBefore = _h.Uploader.CallsFor(Failing).Count;

        var report = await _h.RunHttpAsync();

        var probe = Assert.Single(_h.Uploader.CallsFor(Failing).Skip(callsBefore));
        Assert.Equal(5, probe.Rows.Count);
        var sent = probe.Rows.Select(r => ConversionsQueue.IdOf(r.SiteId, r.SaleId)).ToHashSet();
        var rest = (await _h.ItemsOfAsync(Failing)).Where(i => !sent.Contains(i.Id)).ToList();
        Assert.Equal(FailingRows - 5, rest.Count);
        Assert.All(rest, item =>
        {
            var was = before[item.Id];
            Assert.Equal((was.State, was.Attempts, was.DueAt, was.LastError), (item.State, item.Attempts, item.DueAt, item.LastError));
            Assert.Null(item.LeaseOwner);
            Assert.True(item.DueAt <= _h.Now, "still due");
        });
        Assert.All((await _h.ItemsOfAsync(Failing)).Where(i => sent.Contains(i.Id)), item => Assert.Equal(QueueState.Completed, item.State));
        Assert.Equal(FailingRows - 5, Body(report).Deferred);
        // Held-back rows were never sent: not processed, not retried.
        Assert.Equal((5, 5, 0), (Body(report).Processed, Body(report).Completed, Body(report).Retry));
    }

    [Fact]
    public async Task RunAsync_SuccessfulProbe_ClosesCircuitAndNextRunSendsTheRest()
    {
        var open = await OpenFailingCircuitAsync();
        await PassProbeTimeAsync(open);
        _h.Uploader.Heal(Failing);

        await _h.RunHttpAsync();

        var closed = (await _h.CircuitAsync(Failing))!;
        Assert.Equal(CircuitState.Closed, closed.State);
        Assert.Equal(0, closed.FailureCount);
        Assert.Null(closed.NextProbeAt);
        Assert.Null(closed.ProbeOwner);

        var report = await _h.RunHttpAsync();

        Assert.Equal(FailingRows - 5, _h.Uploader.CallsFor(Failing)[^1].Rows.Count);
        Assert.Equal(FailingRows - 5, Body(report).Completed);
        Assert.All(await _h.ItemsOfAsync(Failing), item => Assert.Equal(QueueState.Completed, item.State));
    }

    [Fact]
    public async Task RunAsync_FailedProbe_OpensCircuitAgain()
    {
        var open = await OpenFailingCircuitAsync();
        await PassProbeTimeAsync(open);

        await _h.RunHttpAsync();

        var reopened = (await _h.CircuitAsync(Failing))!;
        Assert.Equal(CircuitState.Open, reopened.State);
        Assert.Equal(2, reopened.OpenCount);
        Assert.InRange(reopened.NextProbeAt!.Value, _h.Now + TimeSpan.FromMinutes(5), _h.Now + TimeSpan.FromMinutes(6));
        var items = await _h.ItemsOfAsync(Failing);
        Assert.Equal(5, items.Count(i => i.Attempts == 6));
        Assert.Equal(FailingRows - 5, items.Count(i => i.Attempts == 5));
    }

    [Fact]
    public async Task RunAsync_ProbeOverSeveralClaims_ProbeLimitHoldsForTheWholeRun()
    {
        await _h.SeedCredentialsAsync(Failing);
        Assert.True(await _h.CircuitStore.TryWriteAsync(new CircuitRecord
        {
            Key = KeyOf(Failing),
            State = CircuitState.Open,
            FailureCount = 5,
            NextProbeAt = _h.Now - TimeSpan.FromSeconds(1),
            OpenCount = 1,
        }, default));
        await _h.EnqueueAsync(Failing, IConversionUploader.MaxRowsPerRequest + 10);

        var report = await _h.RunHttpAsync(limit: IConversionUploader.MaxRowsPerRequest + 10);

        // Two claims (2000 + 10 rows), one probe of five rows in all.
        Assert.Equal(5, Assert.Single(_h.Uploader.Calls).Rows.Count);
        Assert.Equal(5, Body(report).Completed);
        Assert.Equal(IConversionUploader.MaxRowsPerRequest + 5, (await _h.ItemsOfAsync(Failing)).Count(i => i.State == QueueState.Queued && i.DueAt <= _h.Now));
        Assert.Equal(CircuitState.Closed, (await _h.CircuitAsync(Failing))!.State);
    }
}
