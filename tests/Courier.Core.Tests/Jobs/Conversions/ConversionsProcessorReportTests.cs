using System.Text.Json;
using Courier.Core.Errors;
using Courier.Core.Jobs.Conversions;
using Courier.Core.Metrics;
using static Courier.Core.Tests.Jobs.Conversions.ConversionsHarness;

namespace Courier.Core.Tests.Jobs.Conversions;

/// <summary>What a conversions run reports (its body) and records (ProviderUploadMetrics, once per run and site).</summary>
public sealed class ConversionsProcessorReportTests
{
    private const string Site1 = "site-1";
    private const string Site2 = "site-2";
    private static readonly ProviderError Unavailable = ProviderError.Transient("http_503", "service unavailable");

    private readonly ConversionsHarness _h = new();

    [Fact]
    public async Task RunAsync_ReportBody_SerializesToTheSpecifiedShape()
    {
        await _h.SeedCredentialsAsync(Site1);
        await _h.EnqueueAsync(Site1, 5);
        _h.Uploader.Answer(SaleId(2), ConversionRowOutcome.Duplicate);
        _h.Uploader.Answer(SaleId(3), ConversionRowOutcome.Rejected(ProviderError.Permanent("UNPARSEABLE_GCLID", "bad click id")));
        _h.Uploader.Answer(SaleId(4), ConversionRowOutcome.Rejected(ProviderError.RateLimited("TOO_RECENT_CLICK", "click too recent", TimeSpan.FromHours(6))));

        var report = await _h.RunHttpAsync(limit: 4);

        var json = JsonSerializer.Serialize(report.Body, report.Body.GetType(), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.Equal("{\"ok\":true,\"processed\":4,\"completed\":2,\"failed\":1,\"retry\":1,\"deferred\":1,\"recovered\":0}", json);
        Assert.Equal(4, report.Counts["processed"]);
        Assert.Equal(1, report.Counts["deferred"]);
    }

    [Fact]
    public async Task RunAsync_RowsLeftLeasedByACrashedRun_TakenBackReportedAsRecoveredAndCompleted()
    {
        await _h.SeedCredentialsAsync(Site1);
        await _h.EnqueueAsync(Site1, 3);
        Assert.Equal(3, (await _h.WorkQueue.ClaimDueAsync("conversions", "crashed-run", 3, new ConversionsOptions().LeaseFor)).Count);
        _h.Time.Advance(new ConversionsOptions().LeaseFor);

        var report = await _h.RunHttpAsync();

        var json = JsonSerializer.Serialize(report.Body, report.Body.GetType(), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.Equal("{\"ok\":true,\"processed\":3,\"completed\":3,\"failed\":0,\"retry\":0,\"deferred\":0,\"recovered\":3}", json);
        Assert.Equal(3, report.Counts["recovered"]);
    }

    [Fact]
    public async Task RunAsync_MixedOutcomesOverTwoRuns_MetricsWrittenOncePerRunAndSiteWithTotals()
    {
        await _h.SeedCredentialsAsync(Site1, Site2);
        await _h.EnqueueAsync(Site1, 5);
        await _h.EnqueueAsync(Site2, 2, from: 101);
        _h.Uploader.Answer(SaleId(2), ConversionRowOutcome.Duplicate);
        _h.Uploader.Answer(SaleId(3), ConversionRowOutcome.Rejected(ProviderError.Permanent("UNPARSEABLE_GCLID", "bad click id")));
        _h.Uploader.Answer(SaleId(4), ConversionRowOutcome.Rejected(ProviderError.RateLimited("TOO_RECENT_CLICK", "click too recent", TimeSpan.FromHours(6))));
        _h.Uploader.FailRequestsOf(Site2, Unavailable);

        await _h.RunHttpAsync();

        Assert.Equal(2, _h.Metrics.Writes.Count);
        var site1 = (await _h.Metrics.GetAsync(KeyOf(Site1), default))!;
        Assert.Equal((5L, 3L, 1L, 1L), (site1.AttemptsTotal, site1.CompletedTotal, site1.FailedTotal, site1.RetryTotal));
        Assert.Equal(_h.Now, site1.UpdatedAt);
        var site2 = (await _h.Metrics.GetAsync(KeyOf(Site2), default))!;
        Assert.Equal((2L, 0L, 0L, 2L), (site2.AttemptsTotal, site2.CompletedTotal, site2.FailedTotal, site2.RetryTotal));

        // Second run: site-2 recovers; site-1's too-recent row is not due yet, so site-1 is not written.
        _h.Time.Advance(TimeSpan.FromHours(1));
        _h.Uploader.Heal(Site2);
        await _h.RunHttpAsync();

        Assert.Equal(3, _h.Metrics.Writes.Count);
        site2 = (await _h.Metrics.GetAsync(KeyOf(Site2), default))!;
        Assert.Equal((4L, 2L, 0L, 2L), (site2.AttemptsTotal, site2.CompletedTotal, site2.FailedTotal, site2.RetryTotal));
        Assert.Equal(_h.Now, site2.UpdatedAt);
        Assert.Equal(5L, (await _h.Metrics.GetAsync(KeyOf(Site1), default))!.AttemptsTotal);
    }

    [Fact]
    public async Task RunAsync_ManyRequestsInOneRun_MetricsWrittenOnce()
    {
        await _h.SeedCredentialsAsync(Site1);
        await _h.EnqueueAsync(Site1, 2500);

        await _h.RunHttpAsync(limit: 2500);

        var (key, delta) = Assert.Single(_h.Metrics.Writes);
        Assert.Equal(KeyOf(Site1), key);
        Assert.Equal(new ProviderMetricsDelta(2500, 2500, 0, 0), delta);
    }

    [Fact]
    public async Task RunAsync_CredentialsUnavailable_SiteHeldNothingCountedInMetrics()
    {
        await _h.EnqueueAsync(Site2, 3);

        await _h.RunHttpAsync();

        var metrics = await _h.Metrics.GetAsync(KeyOf(Site2), default);
        Assert.Equal((0L, 0L, 0L, 0L), (metrics?.AttemptsTotal ?? 0, metrics?.CompletedTotal ?? 0, metrics?.FailedTotal ?? 0, metrics?.RetryTotal ?? 0));
    }
}
