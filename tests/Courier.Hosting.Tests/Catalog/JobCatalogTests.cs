using Courier.Hosting.Catalog;

namespace Courier.Hosting.Tests.Catalog;

public sealed class JobCatalogTests
{
    [Fact]
    public void Entries_SixJobs_EachHasTimerAndTwinNamedWithHttpSuffix()
    {
        var timers = JobCatalog.Timers.ToList();
        Assert.Equal(
            ["partner-delivery-run-pending", "artifact-worker", "process-offline-conversions", "recover-processing", "sync-write-back", "social-auto-poster-runner"],
            timers.Select(t => t.Name));
        foreach (var timer in timers)
        {
            var twin = JobCatalog.TwinOf(timer.Job!);
            Assert.NotNull(twin);
            Assert.Equal(timer.Name + "-http", twin.Name);
        }

        Assert.Equal(6, JobCatalog.Twins.Count());
    }

    [Fact]
    public void Entries_NamesAndRoutes_AreUnique()
    {
        Assert.Equal(JobCatalog.Entries.Count, JobCatalog.Entries.Select(e => e.Name).Distinct().Count());
        var routes = JobCatalog.Entries.Where(e => e.Kind == FunctionKind.Http).SelectMany(e => e.Methods.Select(m => m + " " + e.Route)).ToList();
        Assert.Equal(routes.Count, routes.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Theory]
    [InlineData("partner-delivery-run-pending", "0 */5 * * * *", "POST", "api/internal/run-pending-deliveries", "RUN_PENDING_DELIVERIES_SECRET", "x-run-pending-deliveries-secret", true, false, false)]
    [InlineData("artifact-worker", "0 * * * * *", "POST", "delivery/admin/run-artifact-worker", "CRON_SECRET", "X-CRON-SECRET", true, false, true)]
    [InlineData("process-offline-conversions", "0 */10 * * * *", "POST", "api/cron/process-offline-conversions", "CRON_SECRET", null, true, false, false)]
    [InlineData("recover-processing", "0 */30 * * * *", "POST", "api/cron/providers/recover-processing", "CRON_SECRET", null, true, false, false)]
    [InlineData("sync-write-back", "0 */5 * * * *", "POST", "api/sync/write-back", "CRON_SECRET", null, true, false, false)]
    [InlineData("social-auto-poster-runner", "0 * * * * *", "POST,GET", "api/social-auto-poster/runner", "CRON_SECRET", "x-cron-secret", true, true, false)]
    public void Entries_Job_MatchesTheSpecTable(string job, string schedule, string methods, string route, string setting, string? header, bool bearer, bool query, bool notFound)
    {
        var timer = JobCatalog.TimerOf(job)!;
        var twin = JobCatalog.TwinOf(job)!;
        Assert.Equal(schedule, timer.Schedule);
        Assert.Equal(methods.Split(','), twin.Methods);
        Assert.Equal(route, twin.Route);
        Assert.Equal(setting, twin.Auth.SecretSetting);
        Assert.Equal(header, twin.Auth.HeaderName);
        Assert.Equal(bearer, twin.Auth.AcceptsBearer);
        Assert.Equal(query, twin.Auth.AcceptsQuery);
        Assert.Equal(notFound, twin.Auth.NotFoundOnFailure);
    }

    [Fact]
    public void Entries_ProducerAndStatusApis_TakeApiSecretBearerOnly()
    {
        var apis = JobCatalog.Entries.Where(e => e.Role == FunctionRole.Api && !e.Route!.StartsWith("api/cron/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(apis);
        Assert.All(apis.Append(JobCatalog.Find("courier-status")!), e => Assert.Equal(FunctionAuth.ApiSecret, e.Auth));
        Assert.Equal(FunctionAuth.CronBearer, JobCatalog.Find("credentials-seed")!.Auth);
    }

    [Fact]
    public void Entries_TwinParameters_AreLimitAndMinAge()
    {
        Assert.Equal(new TwinParameter("limit", 1, 10000), Assert.Single(JobCatalog.TwinOf(ConversionsJob.Name)!.Parameters));
        Assert.Equal("min_age_minutes", Assert.Single(JobCatalog.TwinOf(RecoveryJob.Name)!.Parameters).Name);
    }
}
